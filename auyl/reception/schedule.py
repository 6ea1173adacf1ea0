"""Reception days and their slots, derived from the per-region rules and the business calendar.

Nothing here is stored: a reception day of a primary unit is a date that falls on one of the
``reception.weekdays`` and is a working day; its slots run from ``reception.start`` in steps of
``reception.slot_minutes``, the last one ending by ``reception.end``.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from auyl.core.calendar import exceptions_between, is_working_day
from auyl.core.rules import REGISTRY, get_rule

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Hours:
    weekdays: frozenset[int]
    start: dt.time
    end: dt.time
    slot_minutes: int
    horizon_days: int


@dataclass(frozen=True)
class ReceptionDay:
    territory: object
    date: dt.date
    slots: tuple[dt.time, ...]


def _parse_time(value) -> dt.time:
    return dt.datetime.strptime(str(value).strip(), "%H:%M").time()


def _rule(territory, key: str, parse):
    """A rule's value, parsed; a malformed regional setting falls back to the default (and is logged)
    so that a typo in the settings never breaks the public page."""
    value = get_rule(territory, key)
    try:
        return parse(value)
    except (TypeError, ValueError):
        log.warning("bad value %r of %s for %s; using the default", value, key, getattr(territory, "code", "-"))
        return parse(REGISTRY[key].default)


def _weekdays(value) -> frozenset[int]:
    days = frozenset(int(d) for d in value)
    if not days or any(d < 0 or d > 6 for d in days):
        raise ValueError("weekdays must be 0..6")
    return days


def _minutes(value) -> int:
    minutes = int(value)
    if not 5 <= minutes <= 240:
        raise ValueError("slot length out of range")
    return minutes


def _days(value) -> int:
    days = int(value)
    if not 0 <= days <= 366:
        raise ValueError("horizon out of range")
    return days


def hours_of(territory) -> Hours:
    hours = Hours(
        weekdays=_rule(territory, "reception.weekdays", _weekdays),
        start=_rule(territory, "reception.start", _parse_time),
        end=_rule(territory, "reception.end", _parse_time),
        slot_minutes=_rule(territory, "reception.slot_minutes", _minutes),
        horizon_days=_rule(territory, "reception.booking_horizon_days", _days),
    )
    if hours.end <= hours.start:
        log.warning("reception of %s ends before it starts; using the default hours", territory.code)
        return Hours(hours.weekdays, _parse_time(REGISTRY["reception.start"].default),
                     _parse_time(REGISTRY["reception.end"].default), hours.slot_minutes, hours.horizon_days)
    return hours


def slot_times(hours: Hours) -> tuple[dt.time, ...]:
    base = dt.date(2000, 1, 1)
    moment = dt.datetime.combine(base, hours.start)
    end = dt.datetime.combine(base, hours.end)
    step = dt.timedelta(minutes=hours.slot_minutes)
    slots = []
    while moment + step <= end:
        slots.append(moment.time())
        moment += step
    return tuple(slots)


def is_reception_day(hours: Hours, day: dt.date, exceptions: dict | None = None) -> bool:
    return day.weekday() in hours.weekdays and is_working_day(day, exceptions)


def reception_day(territory, day: dt.date, hours: Hours | None = None) -> ReceptionDay | None:
    """The reception day of ``territory`` on ``day``, or None when the akim does not receive then."""
    hours = hours or hours_of(territory)
    if not is_reception_day(hours, day):
        return None
    return ReceptionDay(territory, day, slot_times(hours))


def upcoming_days(territory, today: dt.date, hours: Hours | None = None) -> list[dt.date]:
    """Reception days from ``today`` to the end of the booking horizon (one calendar query)."""
    hours = hours or hours_of(territory)
    last = today + dt.timedelta(days=hours.horizon_days)
    exceptions = exceptions_between(today, last)
    days = []
    day = today
    while day <= last:
        if is_reception_day(hours, day, exceptions):
            days.append(day)
        day += dt.timedelta(days=1)
    return days
