"""Write use cases of development plans: one function per action, each atomic, permission-checked and
audited (``plans.*`` events in the audit log).

A plan is drawn up for a rural district (or one of its settlements) over a period, its indicators are
added with what ``002:767-769`` asks of each (deadline, executor, funding source and amount), then it is
published. Progress is recorded by :mod:`.services_progress`, links to inputs by :mod:`.services_links`;
both are importable from here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.core import audit
from auyl.core.permissions import require_perm
from auyl.core.rules import get_rule
from auyl.territory.models import PRIMARY_LEVELS, Level, Territory

from . import validation as check
from .models import FundingSource, Indicator, Plan
from .services_links import apply_link, link_input, resolve
from .services_progress import record_progress, record_progress_many

__all__ = [
    "add_indicator",
    "create_plan",
    "link_input",
    "publish_plan",
    "record_progress",
    "record_progress_many",
    "update_indicator",
    "update_plan",
]

MANAGE = "plans.manage"
MAX_TITLE = 300
MAX_DESCRIPTION = 20_000
MAX_UNIT = 50
PLAN_FIELDS = ["title", "description", "basis", "period_start", "period_end"]
INDICATOR_FIELDS = [
    "title",
    "unit",
    "baseline",
    "target",
    "starts_on",
    "deadline",
    "executor",
    "funding_source",
    "amount",
]


def _has_title(queryset, title: str) -> bool:
    """Whether a row of ``queryset`` has this title, whatever the case (compared in Python: SQLite
    folds the case of Latin letters only, and titles are Kazakh and Russian)."""
    wanted = " ".join(title.split()).casefold()
    return any(" ".join(t.split()).casefold() == wanted for t in queryset.values_list("title", flat=True))


def _territory(territory) -> Territory:
    """A rural district or town, or a settlement within one."""
    if not isinstance(territory, Territory) or not territory.is_active:
        raise ValidationError({"territory": [_("Choose the rural district or settlement of the plan.")]})
    if territory.level in PRIMARY_LEVELS:
        return territory
    inside = Territory.objects.filter(code__in=territory.ancestor_codes(), level__in=PRIMARY_LEVELS).exists()
    if territory.level != Level.SETTLEMENT or not inside:
        raise ValidationError(
            {
                "territory": [
                    _("A development plan is drawn up for a rural district or one of its settlements.")
                ]
            }
        )
    return territory


def _plan_data(territory: Territory, data: dict) -> dict:
    title = check.text(data.get("title"), "title", MAX_TITLE, required=_("Give the title of the plan."))
    start = check.date(data.get("period_start"), "period_start", required=_("Give the start of the period."))
    end = check.date(data.get("period_end"), "period_end", required=_("Give the end of the period."))
    if end <= start:
        raise ValidationError({"period_end": [_("The end of the period must come after its start.")]})
    years = get_rule(territory, "plans.max_years")
    if end > dt.date(start.year + years, start.month, min(start.day, 28)):
        raise ValidationError({"period_end": [_("A plan covers at most %(n)s years.") % {"n": years}]})
    return {
        "title": title,
        "description": check.text(data.get("description"), "description", MAX_DESCRIPTION),
        "basis": check.text(data.get("basis"), "basis", MAX_TITLE),
        "period_start": start,
        "period_end": end,
    }


@transaction.atomic
def create_plan(
    *,
    actor,
    territory: Territory,
    title: str,
    period_start: dt.date,
    period_end: dt.date,
    description: str = "",
    basis: str = "",
) -> Plan:
    """A draft plan of ``territory`` (a rural district or one of its settlements) for a period."""
    if not isinstance(territory, Territory):
        raise ValidationError({"territory": [_("Choose the rural district or settlement of the plan.")]})
    require_perm(actor, MANAGE, territory)
    territory = _territory(territory)
    data = _plan_data(
        territory,
        {
            "title": title,
            "period_start": period_start,
            "period_end": period_end,
            "description": description,
            "basis": basis,
        },
    )
    if _has_title(Plan.objects.filter(territory=territory, period_start=data["period_start"]), data["title"]):
        raise ValidationError({"title": [_("This plan already exists.")]})
    plan = Plan.objects.create(territory=territory, territory_path=territory.path, created_by=actor, **data)
    audit.record(
        actor=actor,
        action="plans.plan_created",
        obj=plan,
        territory=territory,
        changes=audit.snapshot(plan, PLAN_FIELDS),
    )
    return plan


@transaction.atomic
def update_plan(*, actor, plan: Plan, **fields) -> Plan:
    """Change the title, description, basis or period; every indicator must still fit the period."""
    plan = Plan.objects.select_for_update().select_related("territory").get(pk=plan.pk)
    require_perm(actor, MANAGE, plan.territory)
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    before = audit.snapshot(plan, PLAN_FIELDS)
    data = _plan_data(plan.territory, {**before_values(plan), **fields})
    outside = plan.indicators.exclude(starts_on__gte=data["period_start"], deadline__lte=data["period_end"])
    if outside.exists():
        raise ValidationError(
            {"period_start": [_("Some indicators fall outside this period: change their dates first.")]}
        )
    for name, value in data.items():
        setattr(plan, name, value)
    plan.save()
    changes = audit.diff(before, audit.snapshot(plan, PLAN_FIELDS))
    if changes:
        audit.record(
            actor=actor, action="plans.plan_updated", obj=plan, territory=plan.territory, changes=changes
        )
    return plan


def before_values(plan: Plan) -> dict:
    return {name: getattr(plan, name) for name in PLAN_FIELDS}


@transaction.atomic
def publish_plan(*, actor, plan: Plan) -> Plan:
    """Put the plan on the rural district's public page (it needs at least one indicator)."""
    plan = Plan.objects.select_for_update().select_related("territory").get(pk=plan.pk)
    require_perm(actor, MANAGE, plan.territory)
    if plan.published_at is not None:
        raise ValidationError(_("The plan is already published."))
    if not plan.indicators.exists():
        raise ValidationError(_("Add at least one indicator before publishing the plan."))
    plan.published_at = timezone.now()
    plan.save(update_fields=["published_at", "updated_at"])
    audit.record(
        actor=actor,
        action="plans.plan_published",
        obj=plan,
        territory=plan.territory,
        changes={"published_at": [None, audit.snapshot(plan, ["published_at"])["published_at"]]},
    )
    return plan


def _funding(data: dict) -> tuple[str, Decimal]:
    """The source and exact amount (``002:769``): an amount for every source but "no funding needed"."""
    source = data.get("funding_source") or ""
    if source not in FundingSource.values:
        raise ValidationError({"funding_source": [_("Choose the funding source.")]})
    amount = check.number(data.get("amount", 0), "amount", places=2, limit=check.MAX_AMOUNT, negative=False)
    if source == FundingSource.NONE and amount:
        raise ValidationError({"amount": [_("An indicator that needs no funding has no amount.")]})
    if source != FundingSource.NONE and not amount:
        raise ValidationError({"amount": [_("Give the amount, or choose “No funding needed”.")]})
    return source, amount


def _indicator_data(plan: Plan, data: dict) -> dict:
    title = check.text(data.get("title"), "title", MAX_TITLE, required=_("Name the indicator."))
    unit = check.text(data.get("unit"), "unit", MAX_UNIT, required=_("Give the unit of measurement."))
    executor = check.text(data.get("executor"), "executor", MAX_TITLE, required=_("Name the executor."))
    baseline = check.number(data.get("baseline"), "baseline", places=4, limit=check.MAX_VALUE)
    target = check.number(data.get("target"), "target", places=4, limit=check.MAX_VALUE)
    if target == baseline:
        raise ValidationError(
            {
                "target": [
                    _("The target must differ from the baseline: otherwise there is nothing to achieve.")
                ]
            }
        )
    starts_on = data.get("starts_on") or plan.period_start
    starts_on = check.date(starts_on, "starts_on", required=_("Give the start date."))
    deadline = check.date(data.get("deadline"), "deadline", required=_("Give the deadline."))
    if deadline < starts_on:
        raise ValidationError({"deadline": [_("The deadline cannot be before the start.")]})
    if starts_on < plan.period_start or deadline > plan.period_end:
        raise ValidationError(
            {
                "deadline": [
                    _("The indicator's dates must fall within the plan's period (%(start)s – %(end)s).")
                    % {"start": f"{plan.period_start:%d.%m.%Y}", "end": f"{plan.period_end:%d.%m.%Y}"}
                ]
            }
        )
    source, amount = _funding(data)
    return {
        "title": title,
        "unit": unit,
        "baseline": baseline,
        "target": target,
        "starts_on": starts_on,
        "deadline": deadline,
        "executor": executor,
        "funding_source": source,
        "amount": amount,
    }


@transaction.atomic
def add_indicator(*, actor, plan: Plan, input_key: str = "", **fields) -> Indicator:
    """Add an indicator: title, unit, baseline, target, starts_on (default: the plan's start), deadline,
    executor, funding_source, amount (exact tenge); ``input_key`` names the input it answers."""
    plan = Plan.objects.select_for_update().select_related("territory").get(pk=plan.pk)
    require_perm(actor, MANAGE, plan.territory)
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    data = _indicator_data(plan, fields)
    if _has_title(plan.indicators.all(), data["title"]):
        raise ValidationError({"title": [_("This plan already has an indicator with this name.")]})
    found = resolve(actor, plan, input_key)
    last = plan.indicators.order_by("-number").values_list("number", flat=True).first() or 0
    indicator = Indicator.objects.create(plan=plan, number=last + 1, created_by=actor, **data)
    audit.record(
        actor=actor,
        action="plans.indicator_added",
        obj=indicator,
        territory=plan.territory,
        changes={"number": indicator.number, **audit.snapshot(indicator, INDICATOR_FIELDS)},
    )
    if found is not None:
        changes = apply_link(actor, indicator, found)
        audit.record(
            actor=actor,
            action="plans.indicator_linked",
            obj=indicator,
            territory=plan.territory,
            changes=changes,
        )
    return indicator


@transaction.atomic
def update_indicator(*, actor, indicator: Indicator, **fields) -> Indicator:
    """Correct an indicator's definition (the history of its progress is kept as it is)."""
    indicator = Indicator.objects.select_for_update().select_related("plan__territory").get(pk=indicator.pk)
    plan = indicator.plan
    require_perm(actor, MANAGE, plan.territory)
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    before = audit.snapshot(indicator, INDICATOR_FIELDS)
    data = _indicator_data(plan, {**{name: getattr(indicator, name) for name in INDICATOR_FIELDS}, **fields})
    if _has_title(plan.indicators.exclude(pk=indicator.pk), data["title"]):
        raise ValidationError({"title": [_("This plan already has an indicator with this name.")]})
    first = indicator.updates.order_by("measured_on").values_list("measured_on", flat=True).first()
    if first is not None and first < data["starts_on"]:
        raise ValidationError(
            {"starts_on": [_("Progress was recorded before this date: the start cannot come after it.")]}
        )
    for name, value in data.items():
        setattr(indicator, name, value)
    indicator.save()
    changes = audit.diff(before, audit.snapshot(indicator, INDICATOR_FIELDS))
    if changes:
        audit.record(
            actor=actor,
            action="plans.indicator_updated",
            obj=indicator,
            territory=plan.territory,
            changes=changes,
        )
    return indicator
