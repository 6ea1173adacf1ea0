"""Scorecards from figures: the region's yardstick, live computation for many units at once, and the
stored scorecards of closed quarters. ``selectors`` adds permissions on top; ``services`` stores.
"""

from __future__ import annotations

import datetime as dt
from numbers import Real

from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.core.rules import get_rule
from auyl.territory.models import PRIMARY_LEVELS, Territory

from . import catalogue
from .catalogue import reason_text
from .indicators import Units, run, window_for
from .models import ScorecardSnapshot
from .scoring import IndicatorResult, Period, RawFigure, Scorecard, composite, normalise

KINDS = (catalogue.AKIM, catalogue.COUNCIL)


# ---------------------------------------------------------------- the region's yardstick


def region_of(territory: Territory) -> Territory:
    """The region a unit belongs to (itself for a region); targets and weights are read there."""
    if territory.depth == 0 or territory.parent_id is None:
        return territory
    cached = getattr(territory, "_kpi_region", None)
    if cached is None:
        cached = Territory.objects.get(code=territory.ancestor_codes()[0])
        territory._kpi_region = cached
    return cached


def _number(value, default: float) -> float:
    return float(value) if isinstance(value, Real) and not isinstance(value, bool) else float(default)


def yardstick(region: Territory | None) -> dict[str, tuple[float, float, float]]:
    """``{code: (target, floor, weight)}`` in force for ``region`` (the defaults when None)."""
    targets = get_rule(region, "kpi.targets") or {}
    floors = get_rule(region, "kpi.floors") or {}
    weights = get_rule(region, "kpi.weights") or {}
    return {
        i.code: (
            _number(targets.get(i.code), i.default_target),
            _number(floors.get(i.code), i.default_floor),
            max(0.0, _number(weights.get(i.code), 1.0)),
        )
        for i in catalogue.INDICATORS
    }


def min_coverage(region: Territory | None) -> float:
    value = get_rule(region, "kpi.min_coverage")
    return min(1.0, max(0.0, _number(value, 0.0)))


# ---------------------------------------------------------------- units


def primary_units(parent: Territory) -> list[Territory]:
    """The active primary units (rural districts, towns) within ``parent`` (itself if it is one)."""
    if parent.is_primary:
        return [parent]
    return list(
        Territory.objects.filter(
            path__startswith=parent.path, level__in=PRIMARY_LEVELS, is_active=True
        ).order_by("path")
    )


def result_for(indicator, figure: RawFigure, yard: tuple[float, float, float]) -> IndicatorResult:
    target, floor, weight = yard
    score = normalise(figure.value, target=target, floor=floor)
    return IndicatorResult(
        code=indicator.code,
        name=str(indicator.name),
        unit=indicator.unit,
        direction=indicator.direction,
        value=figure.value,
        numerator=figure.numerator,
        denominator=figure.denominator,
        score=score,
        missing_reason=reason_text(indicator, figure.missing_reason) if figure.value is None else "",
        weight=weight,
        effective_weight=0.0,
        target=target,
        floor=floor,
    )


def build(
    territory,
    period: Period,
    kind: str,
    figures: dict[str, RawFigure],
    yard,
    *,
    provisional: bool,
    computed_at=None,
    min_coverage: float = 0.0,
) -> Scorecard:
    results = [result_for(i, figures[i.code], yard[i.code]) for i in catalogue.indicators(kind)]
    score, coverage = composite(results, min_coverage)
    card = Scorecard(territory, period, kind, results, score, coverage, provisional, computed_at)
    card.missing_reason = composite_reason(card, min_coverage)
    return card


def composite_reason(card: Scorecard, min_coverage: float) -> str:
    if card.composite is not None:
        return ""
    if not card.coverage:
        return _("No indicator of this scorecard has data for the quarter.")
    return _("Too little data to score: %(coverage)s%% of the weight has data, %(minimum)s%% is needed.") % {
        "coverage": round(card.coverage * 100),
        "minimum": round(min_coverage * 100),
    }


# ---------------------------------------------------------------- live and stored


def compute(
    units: list[Territory],
    period: Period,
    kind: str,
    *,
    today: dt.date | None = None,
    scope: str | None = None,
) -> dict[int, Scorecard]:
    """Live scorecards of ``units`` (one grouped query per indicator for all of them)."""
    return compute_with_figures(units, period, kind, today=today, scope=scope)[0]


def compute_with_figures(
    units: list[Territory],
    period: Period,
    kind: str,
    *,
    today: dt.date | None = None,
    scope: str | None = None,
) -> tuple[dict[int, Scorecard], dict]:
    """Live scorecards and the raw figures they were made from (``{code: {unit id: RawFigure}}``)."""
    if not units:
        return {}, {}
    window = window_for(period, today)
    group = Units(units, scope or _common_prefix(units))
    codes = [i.code for i in catalogue.indicators(kind)]
    figures = run(codes, group, window)
    now = timezone.now()
    regions = {
        r.code: r for r in Territory.objects.filter(code__in={u.ancestor_codes(True)[0] for u in units})
    }
    yards: dict[str, tuple] = {}
    out = {}
    for unit in units:
        region = regions[unit.ancestor_codes(True)[0]]
        if region.code not in yards:
            yards[region.code] = (yardstick(region), min_coverage(region))
        yard, minimum = yards[region.code]
        per_code = {code: figures[code][unit.pk] for code in codes}
        out[unit.pk] = build(
            unit, period, kind, per_code, yard, provisional=True, computed_at=now, min_coverage=minimum
        )
    return out, figures


def _common_prefix(units: list[Territory]) -> str:
    paths = [u.path for u in units]
    prefix = paths[0]
    for path in paths[1:]:
        while not path.startswith(prefix):
            prefix = prefix[: prefix[:-1].rfind("/") + 1]
    return prefix


def stored(units: list[Territory], period: Period, kind: str) -> dict[int, Scorecard]:
    """Scorecards of a closed quarter read back from their snapshots (units without one are absent)."""
    by_id = {u.pk: u for u in units}
    rows = ScorecardSnapshot.objects.filter(
        territory_id__in=list(by_id), year=period.year, quarter=period.quarter, kind=kind
    )
    out = {}
    for row in rows:
        out[row.territory_id] = from_snapshot(by_id[row.territory_id], period, row)
    return out


def from_snapshot(territory, period: Period, row: ScorecardSnapshot) -> Scorecard:
    results = []
    for item in row.results:
        indicator = catalogue.get(item["code"])
        if indicator is None:  # an indicator retired from the catalogue since: its figure is gone
            continue
        results.append(
            IndicatorResult(
                code=indicator.code,
                name=str(indicator.name),
                unit=indicator.unit,
                direction=indicator.direction,
                value=item["value"],
                numerator=item["numerator"],
                denominator=item["denominator"],
                score=item["score"],
                missing_reason=reason_text(indicator, item["missing"]) if item["value"] is None else "",
                weight=item["weight"],
                effective_weight=item.get("effective_weight", 0.0),
                target=item["target"],
                floor=item["floor"],
            )
        )
    card = Scorecard(territory, period, row.kind, results, row.composite, row.coverage, False, row.created_at)
    card.missing_reason = composite_reason(card, row.min_coverage)
    return card


def scorecards(
    units: list[Territory],
    period: Period,
    kind: str,
    *,
    today: dt.date | None = None,
    scope: str | None = None,
) -> dict[int, Scorecard]:
    """Stored scorecards where the quarter is closed, live ones for the other units."""
    out = stored(units, period, kind)
    rest = [u for u in units if u.pk not in out]
    if rest:
        out.update(compute(rest, period, kind, today=today, scope=scope if len(rest) == len(units) else None))
    return out


def with_trend(
    current: dict[int, Scorecard],
    units: list[Territory],
    period: Period,
    kind: str,
    *,
    today: dt.date | None = None,
    scope: str | None = None,
) -> dict[int, Scorecard]:
    """Fill each scorecard's previous composite and trend from the quarter before."""
    previous = scorecards(units, period.previous(), kind, today=today, scope=scope)
    for unit_id, card in current.items():
        before = previous.get(unit_id)
        card.previous_composite = before.composite if before else None
        if card.composite is not None and card.previous_composite is not None:
            card.trend = round(card.composite - card.previous_composite, 1)
    return current
