"""Indicator rows: an indicator with its status on a day, in the shape pages and the KPI read.

Built from indicators whose plan (with its territory) is selected and whose progress updates are
prefetched in the order they were recorded (:func:`updates_prefetch`); one query per batch, whatever
the number of indicators.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.urls import reverse

from auyl.core.rules import get_rule
from auyl.territory.models import PRIMARY_LEVELS, Territory

from .models import FundingSource, Indicator, InputKind, ProgressUpdate
from .status import Assessment, Status, assess

GAP_RULE = "plans.at_risk_gap"


@dataclass(frozen=True)
class IndicatorRow:
    """An indicator of a plan and where it stands on ``as_of``.

    ``url`` is the public page of the indicator with its whole progress history (the drill-down), or
    "" for an indicator of a plan above a rural district or not yet published.
    """

    pk: int
    number: int
    title: str
    unit: str
    baseline: Decimal
    target: Decimal
    starts_on: dt.date
    deadline: dt.date
    executor: str
    funding_source: str
    amount: Decimal
    input_kind: str
    input_id: int | None
    input_label: str
    plan_id: int
    plan_title: str
    territory: Territory
    as_of: dt.date
    assessment: Assessment
    url: str
    indicator: Indicator

    # The contract's names (auyl.kpi reads these).
    @property
    def status(self) -> str:
        return self.assessment.status

    @property
    def status_label(self) -> str:
        return self.assessment.label

    @property
    def tone(self) -> str:
        return self.assessment.tone

    @property
    def latest_value(self) -> Decimal | None:
        return self.assessment.latest_value

    @property
    def latest_on(self) -> dt.date | None:
        return self.assessment.latest_on

    @property
    def done_on(self) -> dt.date | None:
        return self.assessment.done_on

    @property
    def done_on_time(self) -> bool:
        """Done, and the target was reached on or before the deadline."""
        return self.status == Status.DONE and self.done_on is not None and self.done_on <= self.deadline

    @property
    def achieved_percent(self) -> int:
        return self.assessment.achieved_percent

    @property
    def expected_percent(self) -> int:
        return self.assessment.expected_percent

    @property
    def funding_label(self) -> str:
        return (
            str(FundingSource(self.funding_source).label)
            if self.funding_source in FundingSource.values
            else ""
        )

    @property
    def input_kind_label(self) -> str:
        return str(InputKind(self.input_kind).label) if self.input_kind in InputKind.values else ""

    @property
    def input_key(self) -> str:
        """``"need:12"`` — the key of :class:`auyl.plans.inputs.PlanInput` ("" when it answers none)."""
        return f"{self.input_kind}:{self.input_id}" if self.input_kind else ""

    @property
    def is_decrease(self) -> bool:
        return self.target < self.baseline


def updates_prefetch(recorded_by: dt.datetime | None = None) -> Prefetch:
    """The updates of each indicator in the order they were recorded (``recorded_by``: only those
    recorded by then — what was known at that moment)."""
    qs = ProgressUpdate.objects.only("pk", "indicator_id", "value", "measured_on").order_by("pk")
    if recorded_by is not None:
        qs = qs.filter(recorded_at__lte=recorded_by)
    return Prefetch("updates", queryset=qs, to_attr="known_updates")


def primary_codes(territories: list[Territory]) -> dict[str, str]:
    """The code of the rural district (or town) each territory lies in (or is), by its path."""
    paths = {t.path for t in territories}
    codes = {c for t in territories for c in t.ancestor_codes(include_self=True)}
    primary = dict(
        Territory.objects.filter(code__in=codes, level__in=PRIMARY_LEVELS).values_list("path", "code")
    )
    return {path: next((code for top, code in primary.items() if path.startswith(top)), "") for path in paths}


class GapRules:
    """The ``plans.at_risk_gap`` of each plan's territory, read once per territory."""

    def __init__(self):
        self._by_territory: dict[int, int] = {}

    def __call__(self, territory: Territory) -> int:
        if territory.pk not in self._by_territory:
            self._by_territory[territory.pk] = int(get_rule(territory, GAP_RULE))
        return self._by_territory[territory.pk]


def _row(indicator: Indicator, assessment: Assessment, day: dt.date, url: str) -> IndicatorRow:
    plan = indicator.plan
    return IndicatorRow(
        pk=indicator.pk,
        number=indicator.number,
        title=indicator.title,
        unit=indicator.unit,
        baseline=indicator.baseline,
        target=indicator.target,
        starts_on=indicator.starts_on,
        deadline=indicator.deadline,
        executor=indicator.executor,
        funding_source=indicator.funding_source,
        amount=indicator.amount,
        input_kind=indicator.input_kind,
        input_id=indicator.input_id,
        input_label=indicator.input_label,
        plan_id=plan.pk,
        plan_title=plan.title,
        territory=plan.territory,
        as_of=day,
        assessment=assessment,
        url=url,
        indicator=indicator,
    )


def build_rows(indicators: list[Indicator], day: dt.date, *, public_urls: bool = True) -> list[IndicatorRow]:
    """Rows of ``indicators`` (plan and territory selected, updates prefetched as ``known_updates``)."""
    gap = GapRules()
    codes = primary_codes([i.plan.territory for i in indicators]) if public_urls else {}
    rows = []
    for indicator in indicators:
        plan = indicator.plan
        updates = getattr(indicator, "known_updates", None)
        if updates is None:
            updates = list(indicator.updates.order_by("pk"))
        assessment = assess(
            baseline=indicator.baseline,
            target=indicator.target,
            starts_on=indicator.starts_on,
            deadline=indicator.deadline,
            history=[(u.measured_on, u.value) for u in updates],
            day=day,
            gap_points=gap(plan.territory),
        )
        code = codes.get(plan.territory_path, "")
        url = (
            reverse("plans:public_indicator", args=[code, indicator.pk]) if code and plan.is_published else ""
        )
        rows.append(_row(indicator, assessment, day, url))
    return rows


def status_counts(rows: list[IndicatorRow]) -> dict[str, int]:
    counts = {status: 0 for status in Status.values}
    for row in rows:
        counts[row.status] += 1
    return counts
