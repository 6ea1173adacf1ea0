"""Reads of development plans: the contract other apps use (:func:`indicators_for`, :func:`plan_inputs`),
the staff's scoped lists, and the public page of a rural district.

Staff reads are scoped by :func:`auyl.core.permissions.scoped` on the plan's territory; public reads show
published plans only. Statuses are computed (:mod:`auyl.plans.status`), never stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from auyl.core.permissions import has_perm, scoped
from auyl.territory import selectors as territory_selectors
from auyl.territory.models import PRIMARY_LEVELS, Level, Territory

from .inputs import InputGroup, PlanInput, find_input, grouped, plan_inputs
from .models import Indicator, Plan, ProgressUpdate
from .rows import IndicatorRow, build_rows, primary_codes, status_counts, updates_prefetch

__all__ = [
    "IndicatorRow",
    "InputGroup",
    "grouped",
    "PlanInput",
    "find_input",
    "indicators_for",
    "plan_inputs",
]

VIEW = "plans.view"
MANAGE = "plans.manage"
PROGRESS = "plans.progress"
MAX_UNITS = 500


def _as_of(date_to: dt.date) -> dt.date:
    return min(date_to, timezone.localdate())


def indicators_for(
    territory: Territory,
    *,
    date_from: dt.date,
    date_to: dt.date,
    recorded_by: dt.datetime | None = None,
) -> list[IndicatorRow]:
    """Indicators of the published plans of ``territory`` and the units below it that are running at any
    time between ``date_from`` and ``date_to`` (start on or before ``date_to``, deadline on or after
    ``date_from``), each with its deadline, target, latest value and status as of ``date_to`` (or today,
    if ``date_to`` is still ahead) and ``url``, the public page with the history behind it.

    Only measurements dated on or before that day count, so a past period keeps its figures as new
    progress is recorded. Updates are never edited or deleted; the one thing that can still change a past
    period is a measurement entered later but dated within it. ``recorded_by`` excludes those too (only
    updates recorded, plans published and indicators created by then): what was known at that moment.
    Rows are ordered by territory, plan and indicator number.
    """
    day = _as_of(date_to)
    qs = Indicator.objects.filter(
        plan__territory_path__startswith=territory.path,
        plan__published_at__isnull=False,
        starts_on__lte=date_to,
        deadline__gte=date_from,
    )
    if recorded_by is not None:
        qs = qs.filter(plan__published_at__lte=recorded_by, created_at__lte=recorded_by)
    qs = qs.select_related("plan__territory").prefetch_related(updates_prefetch(recorded_by))
    indicators = list(qs.order_by("plan__territory_path", "plan_id", "number"))
    return build_rows(indicators, day)


# ---- Staff ------------------------------------------------------------------------------------------


def plans_visible_to(user, *, territory: Territory | None = None) -> QuerySet[Plan]:
    """Plans (drafts included) within the user's grants for ``plans.view``, newest period first."""
    qs = scoped(Plan.objects.all(), user, VIEW, path_field="territory_path")
    if territory is not None:
        qs = qs.filter(territory_path__startswith=territory.path)
    return (
        qs.select_related("territory")
        .annotate(indicator_count=Count("indicators"), total_amount=Sum("indicators__amount"))
        .order_by("-period_start", "territory_path", "pk")
    )


def _int_pk(pk) -> int:
    try:
        value = int(pk)
    except (TypeError, ValueError, OverflowError):
        raise Http404("not found") from None
    if not 0 < value < 2**62:
        raise Http404("not found")
    return value


def plan_for(user, pk, action: str = VIEW) -> Plan:
    """One plan the user may act on with ``action`` (404 otherwise, also for a malformed id)."""
    qs = scoped(Plan.objects.select_related("territory"), user, action, path_field="territory_path")
    plan = qs.filter(pk=_int_pk(pk)).first()
    if plan is None:
        raise Http404("plan not found")
    return plan


def indicator_for(user, pk, action: str = VIEW) -> Indicator:
    qs = scoped(
        Indicator.objects.select_related("plan__territory"), user, action, path_field="plan__territory_path"
    )
    indicator = qs.filter(pk=_int_pk(pk)).first()
    if indicator is None:
        raise Http404("indicator not found")
    return indicator


def can(user, action: str, plan: Plan) -> bool:
    return has_perm(user, action, plan.territory)


def units_for(user) -> list[Territory]:
    """Rural districts and towns (and their settlements) where ``user`` may draw up a plan."""
    units = Territory.objects.filter(level__in=[*PRIMARY_LEVELS, Level.SETTLEMENT], is_active=True)
    return list(scoped(units, user, MANAGE, path_field="path").order_by("path")[:MAX_UNITS])


def primary_unit_of(territory: Territory) -> Territory:
    """The rural district (or town) ``territory`` is or lies in; itself when it lies above one."""
    if territory.is_primary:
        return territory
    unit = (
        Territory.objects.filter(code__in=territory.ancestor_codes(), level__in=PRIMARY_LEVELS)
        .order_by("-depth")
        .first()
    )
    return unit or territory


def rows_of(plan: Plan, day: dt.date | None = None) -> list[IndicatorRow]:
    """The indicators of one plan (a draft too) with their status today."""
    indicators = list(
        plan.indicators.select_related("plan__territory")
        .prefetch_related(updates_prefetch())
        .order_by("number")
    )
    return build_rows(indicators, day or timezone.localdate())


def row_of(indicator: Indicator, day: dt.date | None = None) -> IndicatorRow:
    return build_rows([indicator], day or timezone.localdate())[0]


def history_of(indicator: Indicator) -> list[ProgressUpdate]:
    """Every measurement, newest date first (for one date, the last recorded first)."""
    return list(indicator.updates.select_related("recorded_by").order_by("-measured_on", "-pk"))


def next_number(plan: Plan) -> int:
    last = plan.indicators.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


def link_choices(user, plan: Plan) -> list[PlanInput]:
    """The inputs of the plan's rural district a staff member may link an indicator to."""
    return plan_inputs(primary_unit_of(plan.territory), user=user)


# ---- Public -----------------------------------------------------------------------------------------


def public_unit(code: str) -> Territory:
    """A rural district or town by KATO code (404 for a malformed or unknown code, or another level)."""
    unit = territory_selectors.territory_by_code(code)
    if not unit.is_primary:
        raise Http404("not a rural district")
    return unit


@dataclass
class PlanView:
    plan: Plan
    rows: list[IndicatorRow]

    @property
    def counts(self) -> dict[str, int]:
        return status_counts(self.rows)

    @property
    def total_amount(self) -> Decimal:
        return sum((row.amount for row in self.rows), Decimal(0))


def public_plans(unit: Territory, day: dt.date | None = None) -> list[PlanView]:
    """Published plans of the rural district and its settlements with their indicators' status today;
    current and future plans first, then finished ones."""
    day = day or timezone.localdate()
    plans = list(
        Plan.objects.filter(territory_path__startswith=unit.path, published_at__isnull=False)
        .select_related("territory")
        .order_by("-period_end", "territory_path", "pk")
    )
    indicators = list(
        Indicator.objects.filter(plan__in=plans)
        .select_related("plan__territory")
        .prefetch_related(updates_prefetch())
        .order_by("plan_id", "number")
    )
    rows = build_rows(indicators, day)
    by_plan: dict[int, list[IndicatorRow]] = {p.pk: [] for p in plans}
    for row in rows:
        by_plan[row.plan_id].append(row)
    return [PlanView(p, by_plan[p.pk]) for p in plans]


def public_indicator(code: str, pk) -> Indicator:
    """An indicator of a published plan of the rural district with KATO ``code`` (404 otherwise)."""
    unit = public_unit(code)
    indicator = (
        Indicator.objects.filter(
            pk=_int_pk(pk), plan__territory_path__startswith=unit.path, plan__published_at__isnull=False
        )
        .select_related("plan__territory")
        .first()
    )
    if indicator is None:
        raise Http404("indicator not found")
    return indicator


def public_url_code(plan: Plan) -> str:
    """The code of the rural district whose public page shows ``plan`` ("" above one)."""
    return primary_codes([plan.territory]).get(plan.territory_path, "")


def public_history(indicator: Indicator) -> list[ProgressUpdate]:
    """The history as the public reads it: dates, values and notes (not who recorded them)."""
    return list(indicator.updates.only("value", "measured_on", "note").order_by("-measured_on", "-pk"))


def inputs_summary(inputs: list[PlanInput]) -> dict[str, int]:
    answered = sum(1 for item in inputs if item.indicators)
    return {"total": len(inputs), "answered": answered, "waiting": len(inputs) - answered}
