"""Writes of the KPI engine: closing a quarter (storing its scorecards for good) and setting a region's
yardstick (targets, floors, weights). Each is permission-checked, atomic and audited.
"""

from __future__ import annotations

import datetime as dt
import math
from numbers import Real

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.core import audit
from auyl.core.models import TerritorySetting
from auyl.core.permissions import require_perm
from auyl.core.rules import get_rule, settings_changed
from auyl.territory.models import Level, Territory

from . import catalogue
from .indicators import Units, records_for_units, window_for
from .models import Kind, QuarterClose, RecordsSnapshot, ScorecardSnapshot
from .scoring import Period, Scorecard
from .selectors_compute import compute_with_figures, min_coverage, primary_units, region_of

MAX_REGIONS_PER_TICK = 3


# ---------------------------------------------------------------- closing a quarter


def _result_json(card: Scorecard, figures_missing: dict[str, str]) -> list[dict]:
    return [
        {
            "code": r.code,
            "value": r.value,
            "numerator": r.numerator,
            "denominator": r.denominator,
            "missing": figures_missing.get(r.code, ""),
            "score": r.score,
            "weight": r.weight,
            "effective_weight": r.effective_weight,
            "target": r.target,
            "floor": r.floor,
        }
        for r in card.results
    ]


def _snapshot_kind(
    closing: QuarterClose, units: list[Territory], period: Period, kind: str, today: dt.date, scope: str
) -> None:
    cards, raw = compute_with_figures(units, period, kind, today=today, scope=scope)
    window = window_for(period, today)
    group = Units(units, scope)
    codes = [i.code for i in catalogue.indicators(kind)]
    records = {code: records_for_units(code, group, window) for code in codes}
    minimum = {}
    for unit in units:
        card = cards[unit.pk]
        region = unit.ancestor_codes(True)[0]
        if region not in minimum:
            minimum[region] = min_coverage(region_of(unit))
        missing = {code: raw[code][unit.pk].missing_reason for code in codes}
        snapshot = ScorecardSnapshot.objects.create(
            closing=closing,
            territory=unit,
            territory_path=unit.path,
            year=period.year,
            quarter=period.quarter,
            kind=kind,
            composite=card.composite,
            coverage=card.coverage,
            min_coverage=minimum[region],
            results=_result_json(card, missing),
        )
        RecordsSnapshot.objects.bulk_create(
            [
                RecordsSnapshot(
                    snapshot=snapshot,
                    code=code,
                    records=[r.to_json() for r in records[code].get(unit.pk, [])]
                    if raw[code][unit.pk].value is not None
                    else [],
                )
                for code in codes
            ]
        )


@transaction.atomic
def close_quarter(
    *, actor, territory: Territory, period: Period | str, today: dt.date | None = None
) -> QuarterClose | None:
    """Store the scorecards (akim and council) of every primary unit within ``territory`` for a quarter
    that has ended, with the records behind every figure. Units already closed for that quarter are
    left as they are (a closed quarter never changes); returns the closing, or None when every unit was
    already closed. ``actor`` None is the periodic job."""
    period = Period.parse(period)
    today = today or timezone.localdate()
    if actor is not None:
        require_perm(actor, "kpi.close", territory)
    if period.end >= today:
        raise ValidationError(_("A quarter can be closed only after it has ended."), code="open")
    units = primary_units(territory)
    done = set(
        ScorecardSnapshot.objects.filter(
            territory__in=units, year=period.year, quarter=period.quarter, kind=Kind.AKIM
        ).values_list("territory_id", flat=True)
    )
    todo = [u for u in units if u.pk not in done]
    if not todo:
        return None
    closing, _created = QuarterClose.objects.get_or_create(
        territory=territory,
        year=period.year,
        quarter=period.quarter,
        defaults={
            "closed_at": timezone.now(),
            "closed_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
    )
    for kind in (Kind.AKIM, Kind.COUNCIL):
        _snapshot_kind(closing, todo, period, kind, today, territory.path)
    closing.units += len(todo)
    closing.save(update_fields=["units"])
    audit.record(
        actor=actor or "system",
        action="kpi.quarter_closed",
        obj=closing,
        territory=territory,
        changes={"period": str(period), "units": len(todo)},
    )
    return closing


def close_due_quarters(today: dt.date | None = None) -> dict:
    """The periodic job: close the previous quarter in each region once its ``kpi.close_after_days``
    have passed (a few regions per run, so that one tick stays short; the next tick goes on)."""
    today = today or timezone.localdate()
    period = Period.containing(today).previous()
    closed_regions = set(
        QuarterClose.objects.filter(year=period.year, quarter=period.quarter).values_list(
            "territory_id", flat=True
        )
    )
    closed = []
    for region in Territory.objects.filter(level=Level.REGION, is_active=True).order_by("path"):
        if region.pk in closed_regions:
            continue
        if period.end + dt.timedelta(days=get_rule(region, "kpi.close_after_days")) >= today:
            continue
        if close_quarter(actor=None, territory=region, period=period, today=today) is not None:
            closed.append(region.code)
        if len(closed) >= MAX_REGIONS_PER_TICK:
            break
    return {"period": str(period), "closed": closed}


# ---------------------------------------------------------------- a region's yardstick

RANGES = {"%": (0.0, 100.0), "points": (1.0, 5.0), "count": (0.0, 1000.0)}


def _clean_numbers(values, *, name: str, weights: bool = False) -> dict[str, float]:
    if values is None:
        return {}
    if not isinstance(values, dict):
        raise ValidationError({name: [_("Give a value per indicator code.")]})
    clean = {}
    for code, value in values.items():
        indicator = catalogue.get(str(code))
        if indicator is None:
            raise ValidationError({name: [_("Unknown indicator: %(code)s.") % {"code": str(code)[:60]}]})
        if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
            raise ValidationError({name: [_("%(name)s: give a number.") % {"name": indicator.name}]})
        low, high = (0.0, 100.0) if weights else RANGES[indicator.unit]
        if not low <= value <= high:
            raise ValidationError(
                {
                    name: [
                        _("%(name)s: give a number from %(low)s to %(high)s.")
                        % {"name": indicator.name, "low": low, "high": high}
                    ]
                }
            )
        clean[indicator.code] = float(value)
    return clean


def _check_span(targets: dict, floors: dict, region: Territory) -> None:
    current_targets = get_rule(region, "kpi.targets") or {}
    current_floors = get_rule(region, "kpi.floors") or {}
    for indicator in catalogue.INDICATORS:
        target = targets.get(indicator.code, current_targets.get(indicator.code, indicator.default_target))
        floor = floors.get(indicator.code, current_floors.get(indicator.code, indicator.default_floor))
        if target == floor:
            raise ValidationError(
                _("%(name)s: the target and the floor must differ.") % {"name": indicator.name}
            )
        if (indicator.direction == catalogue.HIGHER) != (target > floor):
            raise ValidationError(
                _("%(name)s: the target must be better than the floor (%(direction)s is better).")
                % {
                    "name": indicator.name,
                    "direction": _("higher") if indicator.direction == catalogue.HIGHER else _("lower"),
                }
            )


@transaction.atomic
def set_yardstick(
    *,
    actor,
    region: Territory,
    targets: dict | None = None,
    floors: dict | None = None,
    weights: dict | None = None,
) -> dict:
    """Set a region's targets, floors and/or weights (each ``{indicator code: number}``, merged into what
    the region already has). Closed quarters keep the yardstick they were scored with. Writes the core
    per-territory settings directly: core has no service for them (its admin does the same)."""
    if region is None or region.level != Level.REGION:
        raise ValidationError(_("Targets and weights are set for a region."), code="level")
    require_perm(actor, "kpi.configure", region)
    changes = {
        "kpi.targets": _clean_numbers(targets, name="targets"),
        "kpi.floors": _clean_numbers(floors, name="floors"),
        "kpi.weights": _clean_numbers(weights, name="weights", weights=True),
    }
    _check_span(changes["kpi.targets"], changes["kpi.floors"], region)
    if changes["kpi.weights"] and not any(
        changes["kpi.weights"].get(i.code, (get_rule(region, "kpi.weights") or {}).get(i.code, 1)) > 0
        for i in catalogue.INDICATORS
    ):
        raise ValidationError({"weights": [_("At least one indicator must have a weight above zero.")]})
    result = {}
    for key, values in changes.items():
        if not values:
            continue
        setting, _created = TerritorySetting.objects.get_or_create(
            territory=region, key=key, defaults={"value": {}}
        )
        before = dict(setting.value or {})
        setting.value = before | values
        setting.save()
        result[key] = setting.value
        audit.record(
            actor=actor,
            action="kpi.yardstick_set",
            obj=setting,
            territory=region,
            changes={"key": key, "before": before, "after": setting.value},
        )
    settings_changed()
    return result
