"""Business calendar: deadlines in calendar days or in working days.

Saturdays and Sundays are days off; :class:`~auyl.core.models.CalendarDay` holds Kazakhstan's public
holidays and transferred days (a weekday made a day off, a weekend day made a working day).
Every deadline in every domain app is computed here.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from .models import CalendarDay


class DayMode(StrEnum):
    CALENDAR = "calendar"
    WORKING = "working"


def _exceptions(start: dt.date, end: dt.date) -> dict[dt.date, str]:
    rows = CalendarDay.objects.filter(date__gte=start, date__lte=end).values_list("date", "kind")
    return dict(rows)


def is_working_day(day: dt.date, exceptions: dict[dt.date, str] | None = None) -> bool:
    if exceptions is None:
        exceptions = _exceptions(day, day)
    kind = exceptions.get(day)
    if kind == CalendarDay.Kind.WORKING_DAY:
        return True
    if kind in (CalendarDay.Kind.HOLIDAY, CalendarDay.Kind.DAY_OFF):
        return False
    return day.weekday() < 5


def add_days(start: dt.date, days: int, mode: DayMode | str = DayMode.CALENDAR) -> dt.date:
    """The date ``days`` calendar or working days after ``start`` (``start`` itself not counted).

    In calendar mode a deadline that falls on a non-working day moves to the next working day,
    as deadlines for state bodies do. ``days`` must not be negative.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    mode = DayMode(mode)
    # Enough room for long holiday runs: 2x the span plus a month.
    horizon = start + dt.timedelta(days=days * 2 + 31)
    exceptions = _exceptions(start, horizon)
    if mode is DayMode.CALENDAR:
        day = start + dt.timedelta(days=days)
        while not is_working_day(day, exceptions):
            day += dt.timedelta(days=1)
            if day > horizon:
                horizon = day + dt.timedelta(days=31)
                exceptions = _exceptions(day, horizon)
        return day
    day = start
    remaining = days
    while remaining > 0:
        day += dt.timedelta(days=1)
        if day > horizon:
            horizon = day + dt.timedelta(days=days * 2 + 31)
            exceptions.update(_exceptions(day, horizon))
        if is_working_day(day, exceptions):
            remaining -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days in (start, end]; negative when end is before start."""
    if end < start:
        return -working_days_between(end, start)
    exceptions = _exceptions(start, end)
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day, exceptions):
            count += 1
    return count
