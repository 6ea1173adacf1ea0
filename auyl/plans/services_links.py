"""Linking an indicator to the input it answers (a priority need, a promise, a winning civic project).

The input must be one of the inputs of the plan's rural district (:func:`auyl.plans.inputs.plan_inputs`).
Linking to a residents' priority need marks the need "included in a development plan" through
``auyl.assemblies.services.mark_need(..., plan_reference=...)`` in the same transaction; unlinking the
last indicator answering it marks it "recorded" again. Every change is audited as ``plans.indicator_linked``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from auyl.assemblies import services as assemblies_services
from auyl.core import audit
from auyl.core.permissions import require_perm

from . import inputs
from .models import Indicator, InputKind, Plan

MANAGE = "plans.manage"
LINK_FIELDS = ["input_kind", "input_id", "input_label"]
NEED_RECORDED, NEED_IN_PLAN = "recorded", "in_plan"


def parse_key(key: str) -> tuple[str, int] | None:
    """``"need:12"`` -> ``("need", 12)``; "" -> None; anything else is refused."""
    key = (key or "").strip()
    if not key:
        return None
    kind, _sep, raw = key.partition(":")
    if kind not in InputKind.values or not raw.isdigit() or len(raw) > 18:
        raise ValidationError({"input": [_("Choose the input from the list.")]})
    return kind, int(raw)


def resolve(actor, plan: Plan, key: str) -> inputs.PlanInput | None:
    """The input ``key`` names, if it is one of the inputs of the plan's rural district."""
    from .selectors import primary_unit_of

    parsed = parse_key(key)
    if parsed is None:
        return None
    found = inputs.find_input(primary_unit_of(plan.territory), parsed[0], parsed[1], user=actor)
    if found is None:
        raise ValidationError({"input": [_("This input does not belong to the rural district of the plan.")]})
    return found


def plan_reference(indicator: Indicator) -> str:
    return f"{indicator.plan.title[:200]} — {indicator.number}. {indicator.title}"[:300]


def _mark_need(actor, indicator: Indicator, need_id: int, *, linked: bool) -> None:
    from .selectors import primary_unit_of

    need = inputs.need_object(primary_unit_of(indicator.plan.territory), need_id)
    if need is None:
        return
    if linked and need.status == NEED_RECORDED:
        assemblies_services.mark_need(
            actor=actor, need=need, status=NEED_IN_PLAN, plan_reference=plan_reference(indicator)
        )
    elif not linked and need.status == NEED_IN_PLAN:
        others = Indicator.objects.filter(input_kind=InputKind.NEED, input_id=need_id).exclude(
            pk=indicator.pk
        )
        if not others.exists():
            assemblies_services.mark_need(actor=actor, need=need, status=NEED_RECORDED)


def apply_link(actor, indicator: Indicator, found: inputs.PlanInput | None) -> dict:
    """Set the link on ``indicator`` (saved) and keep the need's status in step; returns the audit diff."""
    before = audit.snapshot(indicator, LINK_FIELDS)
    old_kind, old_id = indicator.input_kind, indicator.input_id
    if found is None:
        indicator.input_kind, indicator.input_id, indicator.input_label = "", None, ""
    else:
        indicator.input_kind, indicator.input_id = found.kind, found.id
        indicator.input_label = found.title[:300]
    indicator.save(update_fields=[*LINK_FIELDS, "updated_at"])
    if old_kind == InputKind.NEED and (old_kind, old_id) != (indicator.input_kind, indicator.input_id):
        _mark_need(actor, indicator, old_id, linked=False)
    if indicator.input_kind == InputKind.NEED:
        _mark_need(actor, indicator, indicator.input_id, linked=True)
    return audit.diff(before, audit.snapshot(indicator, LINK_FIELDS))


@transaction.atomic
def link_input(*, actor, indicator: Indicator, input_key: str) -> Indicator:
    """Say which input ``indicator`` answers (``"need:12"``, ``"promise:3"``, ``"project:5"``; "" unlinks)."""
    indicator = Indicator.objects.select_for_update().select_related("plan__territory").get(pk=indicator.pk)
    require_perm(actor, MANAGE, indicator.plan.territory)
    found = resolve(actor, indicator.plan, input_key)
    changes = apply_link(actor, indicator, found)
    if changes:
        audit.record(
            actor=actor,
            action="plans.indicator_linked",
            obj=indicator,
            territory=indicator.plan.territory,
            changes=changes,
        )
    return indicator
