"""Risk level of an appeal (the e-Otinish risk map, 002:306-309).

Points come from configurable factors (rule ``appeals.risk_points``, per region); the total, capped at
10, maps to a level: 0 none, 1-2 yellow (the unit head's attention), 3-5 orange (detailed study),
6-10 red (needs a systemic decision). The factor names behind a score are stored with it, so the
reason for a colour is always shown.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, CharField, Q, Value, When
from django.utils import timezone

from auyl.core.rules import REGISTRY, get_rule

from .models import OPEN_STATUSES, Appeal, Outcome, Status

MAX_POINTS = 10
FACTORS = ("collective", "repeat", "overdue", "official_complaint", "emergency_topic", "extended")
NONE, YELLOW, ORANGE, RED = "none", "yellow", "orange", "red"
LEVELS = (NONE, YELLOW, ORANGE, RED)
# Inclusive point ranges of each level, for counting in the database.
LEVEL_RANGES = {NONE: (0, 0), YELLOW: (1, 2), ORANGE: (3, 5), RED: (6, MAX_POINTS)}


def _day(moment) -> dt.date | None:
    return timezone.localdate(moment) if moment else None


def deadline_missed(appeal: Appeal, today: dt.date | None = None) -> bool:
    """Was a clock of this appeal missed: still open after the deadline, answered or redirected late,
    or a promised action not carried out (or carried out late) by the promised date?"""
    today = today or timezone.localdate()
    if appeal.status in OPEN_STATUSES:
        return today > appeal.deadline
    finished = _day(appeal.answered_at) or _day(appeal.redirected_at)
    if finished and finished > appeal.deadline:
        return True
    if appeal.outcome == Outcome.SATISFIED and appeal.promised_by:
        done = _day(appeal.executed_at)
        return (done or today) > appeal.promised_by
    return False


def points_table(territory) -> dict[str, int]:
    """Points per factor for ``territory``; a region's setting may override only some factors."""
    table = dict(REGISTRY["appeals.risk_points"].default)
    configured = get_rule(territory, "appeals.risk_points")
    if isinstance(configured, dict):
        table.update({k: int(v) for k, v in configured.items() if k in FACTORS and str(v).lstrip("-").isdigit()})
    return table


def factors(appeal: Appeal, today: dt.date | None = None) -> list[str]:
    topic = appeal.topic
    present = {
        "collective": appeal.is_collective,
        "repeat": appeal.repeat_of_id is not None and appeal.repeat_confirmed is not False,
        "overdue": deadline_missed(appeal, today),
        "official_complaint": topic.is_official_complaint,
        "emergency_topic": topic.is_emergency,
        "extended": appeal.extended_at is not None,
    }
    return [name for name in FACTORS if present[name]]


def score(appeal: Appeal, today: dt.date | None = None, table: dict[str, int] | None = None
          ) -> tuple[int, list[str]]:
    table = table if table is not None else points_table(appeal.territory)
    names = factors(appeal, today)
    total = sum(max(0, table.get(name, 0)) for name in names)
    return min(total, MAX_POINTS), [name for name in names if table.get(name, 0) > 0]


def recompute(appeal: Appeal, today: dt.date | None = None, table: dict[str, int] | None = None) -> bool:
    """Set ``risk_points`` and ``risk_factors`` on the instance (not saved); True when they changed."""
    points, names = score(appeal, today, table)
    changed = (points, names) != (appeal.risk_points, list(appeal.risk_factors or []))
    appeal.risk_points, appeal.risk_factors = points, names
    return changed


def level_for(points: int) -> str:
    for name in (RED, ORANGE, YELLOW):
        if points >= LEVEL_RANGES[name][0]:
            return name
    return NONE


def level(appeal: Appeal) -> str:
    return level_for(appeal.risk_points)


def breakdown(appeal: Appeal) -> dict:
    """What a page shows: the level, the total and the points of each stored factor."""
    table = points_table(appeal.territory)
    return {
        "level": level(appeal),
        "points": appeal.risk_points,
        "factors": [{"factor": name, "points": table.get(name, 0)} for name in appeal.risk_factors or []],
    }


def level_q(name: str) -> Q:
    low, high = LEVEL_RANGES[name]
    return Q(risk_points__gte=low, risk_points__lte=high)


def level_annotation() -> Case:
    """``risk_level`` as a database expression (for ordering and grouping)."""
    return Case(*(When(level_q(name), then=Value(name)) for name in (RED, ORANGE, YELLOW)),
                default=Value(NONE), output_field=CharField())


OPEN_OR_EXECUTING = Q(status__in=OPEN_STATUSES) | Q(status=Status.ANSWERED, outcome=Outcome.SATISFIED,
                                                     executed_at__isnull=True)
