"""Reads of the KPI engine: the catalogue, scorecards, rankings, drill-down, the methodology.

Pages (owner KP) and the public site call only these functions. Every one takes the reader first.

Who sees what (``permissions.py``):
- ``catalogue()`` / ``methodology()`` are public (no user).
- ``scorecard`` / ``council_scorecard`` of one primary unit: public figures (aggregates only).
- ``drilldown``: anyone may see the list; personal details (applicants' names, appeal texts) are never
  listed, and the ``url`` of a record points to a staff page only for a reader allowed to open it (else
  to the public page, or empty).
- ``ranking`` / ``region_scorecards``: need ``kpi.rank`` on the parent territory (a district supervisor
  ranks the rural districts of their district, not the whole region; a regional supervisor both).

Periods are quarters (:class:`~auyl.kpi.scoring.Period`, written ``2025-Q1`` in URLs). A closed
quarter is served from its stored snapshot (``services.close_quarter``), so its figures never move;
an open one is computed live and marked ``provisional``.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from auyl.core.permissions import require_perm, scoped
from auyl.core.rules import REGISTRY
from auyl.territory.models import Level, Territory

from . import catalogue as defs
from . import indicators
from .models import RecordsSnapshot, ScorecardSnapshot
from .scoring import Drilldown, DrillRecord, Period, Ranking, RankingRow, Scorecard
from .selectors_compute import (
    from_snapshot,
    primary_units,
    region_of,
    scorecards,
    with_trend,
    yardstick,
)
from .selectors_links import present

RANKABLE_LEVELS = (Level.REGION, Level.DISTRICT, Level.CITY)
HOW_TO_RECOUNT = {
    defs.RATIO: gettext_lazy(
        "Count the records marked as counted (each stands for the number of items "
        "shown beside it), divide by all records listed, and multiply by 100."
    ),
    defs.MEAN: gettext_lazy("Add up the values listed and divide by the number of records."),
    defs.SUM_RATIO: gettext_lazy(
        "Add up the amounts counted, divide by the sum of the bases listed, and multiply by 100."
    ),
    defs.COUNT: gettext_lazy("Count the records listed."),
}


def catalogue(applies_to: str | None = None) -> list[defs.Indicator]:
    """The indicator definitions (``catalogue.Indicator``: code, name, definition, unit, direction,
    source, formula, default target and floor, applies_to "akim" | "council"), in display order;
    ``applies_to`` filters one scorecard's indicators."""
    return defs.indicators(applies_to)


def methodology(region: Territory | None = None) -> dict:
    """Everything the public methodology page shows, generated from the catalogue: the indicators
    (definition, formula, unit, direction, source), the targets, floors and weights in force for
    ``region`` (the documented defaults when None), the normalisation and composite rules, how missing
    data and closed quarters are treated. Keys: ``indicators`` (list of dicts with also ``target``,
    ``floor``, ``weight``), ``scorecards`` ({"akim": [...codes], "council": [...codes]}), ``rules``
    (list of (key, description, source)), ``region``."""
    region = region_of(region) if region is not None else None
    yard = yardstick(region)
    rows = []
    for indicator in defs.INDICATORS:
        target, floor, weight = yard[indicator.code]
        rows.append(
            {
                "indicator": indicator,
                "code": indicator.code,
                "name": indicator.name,
                "definition": indicator.definition,
                "formula": indicator.formula,
                "unit": indicator.unit_label,
                "direction": indicator.direction,
                "source": indicator.source,
                "basis": indicator.basis,
                "applies_to": indicator.applies_to,
                "group": indicator.group,
                "target": target,
                "floor": floor,
                "weight": weight,
                "how_to_recount": HOW_TO_RECOUNT[indicator.mode],
                "default_target": indicator.default_target,
                "default_floor": indicator.default_floor,
            }
        )
    rules = [
        (rule.key, rule.description, rule.source)
        for key, rule in sorted(REGISTRY.items())
        if key.startswith("kpi.")
    ]
    return {
        "indicators": rows,
        "scorecards": {kind: [i.code for i in defs.indicators(kind)] for kind in (defs.AKIM, defs.COUNCIL)},
        "rules": rules,
        "region": region,
    }


def _period(period: Period | str) -> Period:
    return Period.parse(period)


def _primary(territory: Territory) -> Territory:
    if territory is None or not territory.is_primary:
        raise ValidationError(_("Scorecards are kept for rural districts and towns only."), code="level")
    return territory


def _card(territory: Territory, period: Period | str, kind: str, today: dt.date | None) -> Scorecard:
    period = _period(period)
    unit = _primary(territory)
    cards = scorecards([unit], period, kind, today=today)
    return with_trend(cards, [unit], period, kind, today=today)[unit.pk]


def scorecard(user, territory: Territory, period: Period | str, *, today: dt.date | None = None) -> Scorecard:
    """The akim's scorecard of one primary unit (rural district / town) for a quarter: every akim
    indicator with raw value, numerator/denominator, normalised 0-100 or None with the reason, weight,
    target; the composite, coverage, provisional flag and the trend against the previous quarter.
    Raises ValidationError for a unit that is not primary, or a quarter in the future."""
    return _card(territory, period, defs.AKIM, today)


def council_scorecard(
    user, territory: Territory, period: Period | str, *, today: dt.date | None = None
) -> Scorecard:
    """The council/deputies' scorecard of one primary unit (same shape, ``kind="council"``)."""
    return _card(territory, period, defs.COUNCIL, today)


def _rankable(user, parent: Territory) -> Territory:
    if parent is None or parent.level not in RANKABLE_LEVELS:
        raise ValidationError(_("Rankings are made within a district or a region."), code="level")
    require_perm(user, "kpi.rank", parent)
    return parent


def region_scorecards(
    user, territory: Territory, period: Period | str, kind: str = defs.AKIM, *, today: dt.date | None = None
) -> list[Scorecard]:
    """All scorecards of the primary units within ``territory`` (a district or region), computed with
    one grouped query per indicator (or read from the quarter's snapshots). Needs ``kpi.rank``."""
    parent = _rankable(user, territory)
    period = _period(period)
    units = primary_units(parent)
    cards = scorecards(units, period, kind, today=today, scope=parent.path)
    return [cards[u.pk] for u in units]


def ranking(
    user, parent_territory: Territory, period: Period | str, *, today: dt.date | None = None
) -> Ranking:
    """The primary units within ``parent_territory`` (a district or region) by composite, best first
    (units without any data last, unranked), each with the previous quarter's composite and the trend,
    and the council composite beside it. PermissionDenied without ``kpi.rank`` on the parent."""
    parent = _rankable(user, parent_territory)
    period = _period(period)
    units = primary_units(parent)
    akim = with_trend(
        scorecards(units, period, defs.AKIM, today=today, scope=parent.path),
        units,
        period,
        defs.AKIM,
        today=today,
        scope=parent.path,
    )
    council = scorecards(units, period, defs.COUNCIL, today=today, scope=parent.path)
    rows = [
        RankingRow(
            u,
            akim[u.pk].composite,
            akim[u.pk].coverage,
            None,
            akim[u.pk].previous_composite,
            akim[u.pk].trend,
            council[u.pk].composite,
        )
        for u in units
    ]
    rows.sort(key=lambda r: (r.composite is None, -(r.composite or 0), r.territory.path))
    position = 0
    for index, row in enumerate(rows):
        if row.composite is None:
            break
        if index == 0 or row.composite != rows[index - 1].composite:
            position = index + 1
        row.rank = position
    return Ranking(parent, period, rows, provisional=any(card.provisional for card in akim.values()))


def _stored_records(unit: Territory, period: Period, kind: str, code: str):
    snapshot = ScorecardSnapshot.objects.filter(
        territory=unit, year=period.year, quarter=period.quarter, kind=kind
    ).first()
    if snapshot is None:
        return None
    card = from_snapshot(unit, period, snapshot)
    stored = RecordsSnapshot.objects.filter(snapshot=snapshot, code=code).first()
    records = [DrillRecord.from_json(row) for row in (stored.records if stored else [])]
    return card, records


def drilldown(
    user, territory: Territory, period: Period | str, indicator_code: str, *, today: dt.date | None = None
) -> Drilldown:
    """The records one figure was computed from, with links: recounting them
    (``Drilldown.recount()``) gives exactly the value shown on the scorecard. Http404 for an unknown
    indicator code."""
    indicator = defs.get(str(indicator_code or ""))
    if indicator is None:
        raise Http404("unknown indicator")
    period = _period(period)
    unit = _primary(territory)
    found = _stored_records(unit, period, indicator.applies_to, indicator.code)
    if found is None:
        card = scorecards([unit], period, indicator.applies_to, today=today)[unit.pk]
        result = card.result(indicator.code)
        records = (
            []
            if result.value is None
            else indicators.records(indicator.code, unit, indicators.window_for(period, today))
        )
    else:
        card, records = found
        result = card.result(indicator.code)
    present(records, unit, user)
    return Drilldown(unit, period, result, records, str(HOW_TO_RECOUNT[indicator.mode]), indicator.mode)


def periods_available(territory: Territory | None = None, *, today: dt.date | None = None) -> list[Period]:
    """Quarters that can be shown, newest first: the current one and the seven before it."""
    period = Period.containing(today or timezone.localdate())
    out = [period]
    for _index in range(7):
        period = period.previous()
        out.append(period)
    return out


def current_period(today: dt.date | None = None) -> Period:
    return Period.containing(today or timezone.localdate())


def rankable_parents(user) -> list[Territory]:
    """The districts and regions the user may rank (for the ranking page's chooser)."""
    qs = Territory.objects.filter(level__in=RANKABLE_LEVELS, is_active=True)
    return list(scoped(qs, user, "kpi.rank", path_field="path").order_by("path"))
