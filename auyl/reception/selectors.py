"""Reads of the personal reception: free slots, the day's queue, a person's bookings.

The queue holds visitors' names and phones, so it is read only through :func:`day_queue` and
:func:`booking_for`, which are scoped to the user's grants.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from auyl.core.permissions import require_perm, scoped
from auyl.territory import selectors as territory_selectors
from auyl.territory.models import PRIMARY_LEVELS, Territory

from . import schedule
from .models import Booking, Status


@dataclass(frozen=True)
class DayOption:
    date: dt.date
    free: int


@dataclass(frozen=True)
class ScheduleSummary:
    start: dt.time
    end: dt.time
    slot_minutes: int
    weekday_dates: list[dt.date]  # one date per reception weekday, for printing the weekday's name


def schedule_summary(territory) -> ScheduleSummary:
    hours = schedule.hours_of(territory)
    monday = dt.date(2024, 1, 1)
    return ScheduleSummary(hours.start, hours.end, hours.slot_minutes,
                           [monday + dt.timedelta(days=d) for d in sorted(hours.weekdays)])


def _taken(territory, start: dt.date, end: dt.date) -> set[tuple[dt.date, dt.time]]:
    rows = (Booking.objects.filter(territory=territory, date__gte=start, date__lte=end, slot_time__isnull=False)
            .exclude(status=Status.CANCELLED).values_list("date", "slot_time"))
    return set(rows)


def _bookable(slots, day: dt.date, taken, now) -> list[dt.time]:
    return [s for s in slots if (day, s) not in taken and (day > now.date() or s > now.time())]


def free_slots(territory, date: dt.date) -> list[dt.time]:
    """Times still free on ``date``: none on a day without reception, in the past or beyond the horizon."""
    now = timezone.localtime()
    hours = schedule.hours_of(territory)
    if date < now.date() or date > now.date() + dt.timedelta(days=hours.horizon_days):
        return []
    day = schedule.reception_day(territory, date, hours)
    if day is None:
        return []
    return _bookable(day.slots, date, _taken(territory, date, date), now)


def booking_days(territory) -> list[DayOption]:
    """The reception days that can be booked now, each with its number of free slots."""
    now = timezone.localtime()
    hours = schedule.hours_of(territory)
    days = schedule.upcoming_days(territory, now.date(), hours)
    if not days:
        return []
    slots = schedule.slot_times(hours)
    taken = _taken(territory, days[0], days[-1])
    options = [DayOption(day, len(_bookable(slots, day, taken, now))) for day in days]
    return [option for option in options if option.date > now.date() or option.free]


def is_reception_day(territory, date: dt.date) -> bool:
    return schedule.reception_day(territory, date) is not None


def day_queue(user, territory, date: dt.date) -> list[Booking]:
    """The queue of ``date``: booked visitors in the order they booked, then walk-ins as they came."""
    require_perm(user, "reception.view", territory)
    queryset = (Booking.objects.filter(territory=territory, date=date).exclude(status=Status.CANCELLED)
                .select_related("resident").prefetch_related("appeal_links__appeal")
                .order_by("is_walk_in", "queue_number"))
    return list(scoped(queryset, user, "reception.view"))


def booking_for(user, territory, pk, action: str = "reception.manage") -> Booking:
    """One booking of ``territory`` that ``user`` may act on; 404 otherwise."""
    queryset = scoped(Booking.objects.filter(territory=territory), user, action)
    try:
        return queryset.select_related("territory", "resident").get(pk=pk)
    except (Booking.DoesNotExist, ValueError, TypeError):
        raise Http404("booking not found") from None


def bookings_of(person) -> QuerySet[Booking]:
    """Bookings of a resident: ``person`` is a signed-in account (what it booked, and what staff booked
    for its registry entry) or a registry entry."""
    if person is None:
        return Booking.objects.none()
    if hasattr(person, "is_authenticated"):
        if not person.is_authenticated:
            return Booking.objects.none()
        condition = Q(booked_by=person)
        if person.resident_id:
            condition |= Q(resident_id=person.resident_id)
    else:
        condition = Q(resident=person)
    return Booking.objects.filter(condition).select_related("territory").order_by("-date", "slot_time")


def upcoming_bookings_of(user, territory) -> list[Booking]:
    today = timezone.localdate()
    return list(bookings_of(user).filter(territory=territory, date__gte=today)
                .exclude(status=Status.CANCELLED).order_by("date", "slot_time"))


def own_booking(user, territory, pk) -> Booking:
    """A booking of ``territory`` that ``user`` made or that was made for their registry entry; 404 otherwise."""
    try:
        return bookings_of(user).filter(territory=territory).get(pk=pk)
    except (Booking.DoesNotExist, ValueError, TypeError):
        raise Http404("booking not found") from None


def units_for(user) -> QuerySet[Territory]:
    """Rural districts and towns whose reception queue ``user`` may read."""
    units = Territory.objects.filter(level__in=PRIMARY_LEVELS, is_active=True)
    return scoped(units, user, "reception.view", path_field="path").order_by("path")


def residents_to_book(user, territory, query: str, limit: int = 10) -> list:
    """Registry entries of ``territory`` matching ``query`` (name, phone or IIN), within the user's scope."""
    if not (query or "").strip():
        return []
    found = territory_selectors.search_residents(user, query, limit=50)
    return [r for r in found if r.territory_path.startswith(territory.path)][:limit]
