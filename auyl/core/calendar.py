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


def exceptions_between(start: dt.date, end: dt.date) -> dict[dt.date, str]:
    """Holidays and transferred days from ``start`` to ``end`` inclusive, by date."""
    rows = CalendarDay.objects.filter(date__gte=start, date__lte=end).values_list("date", "kind")
    return dict(rows)


class Window:
    """The calendar's exceptions for a span of dates, read once and extended when a date falls outside:
    a service computing several deadlines from one date asks the database once."""

    def __init__(self, start: dt.date, end: dt.date):
        self.start, self.end = start, end
        self.kinds = exceptions_between(start, end)

    def get(self, day: dt.date) -> str | None:
        if day > self.end:
            end = max(day, self.end + dt.timedelta(days=31))
            self.kinds.update(exceptions_between(self.end + dt.timedelta(days=1), end))
            self.end = end
        elif day < self.start:
            self.kinds.update(exceptions_between(day, self.start - dt.timedelta(days=1)))
            self.start = day
        return self.kinds.get(day)


def is_working_day(day: dt.date, exceptions: dict[dt.date, str] | Window | None = None) -> bool:
    if exceptions is None:
        exceptions = exceptions_between(day, day)
    kind = exceptions.get(day)
    if kind == CalendarDay.Kind.WORKING_DAY:
        return True
    if kind in (CalendarDay.Kind.HOLIDAY, CalendarDay.Kind.DAY_OFF):
        return False
    return day.weekday() < 5


def add_days(start: dt.date, days: int, mode: DayMode | str = DayMode.CALENDAR, window: Window | None = None) -> dt.date:
    """The date ``days`` calendar or working days after ``start`` (``start`` itself not counted).

    In calendar mode a deadline that falls on a non-working day moves to the next working day,
    as deadlines for state bodies do. ``days`` must not be negative. ``window`` lets several deadlines
    from one date share one read of the calendar.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    mode = DayMode(mode)
    # Enough room for long holiday runs: 2x the span plus a month (the window extends itself beyond it).
    window = window or Window(start, start + dt.timedelta(days=days * 2 + 31))
    if mode is DayMode.CALENDAR:
        day = start + dt.timedelta(days=days)
        while not is_working_day(day, window):
            day += dt.timedelta(days=1)
        return day
    day = start
    remaining = days
    while remaining > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day, window):
            remaining -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days in (start, end]; negative when end is before start."""
    if end < start:
        return -working_days_between(end, start)
    exceptions = exceptions_between(start, end)
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day, exceptions):
            count += 1
    return count
