"""iCalendar (RFC 5545) for meeting notices: one file per meeting and a feed per territory.

Plain functions returning bytes (``text/calendar; charset=utf-8``); the views add the headers.
Events carry a stable UID (``assemblies-<pk>@<host>``) and a SEQUENCE that grows with every change
of status, so a calendar that subscribed to the feed updates a moved or cancelled meeting in place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from .models import Meeting, MeetingStatus

DEFAULT_DURATION = dt.timedelta(hours=2)
FEED_LIMIT = 200
SEQUENCE = {
    MeetingStatus.CONVENED: 0,
    MeetingStatus.OPEN: 1,
    MeetingStatus.CLOSED: 2,
    MeetingStatus.CANCELLED: 3,
}


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//auyl//assemblies//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def _host() -> str:
    hosts = [
        h for h in getattr(settings, "ALLOWED_HOSTS", []) if h and h not in ("*",) and not h.startswith(".")
    ]
    return hosts[0] if hosts else "auyl.local"


def _event(meeting: Meeting, url: str) -> Event:
    event = Event()
    event.add("uid", f"assemblies-{meeting.pk}@{_host()}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.starts_at + DEFAULT_DURATION)
    event.add("summary", f"{meeting.get_kind_display()}: {meeting.title}")
    event.add("location", meeting.venue)
    agenda = "\n".join(f"{item.number}. {item.title}" for item in meeting.items.all())
    event.add("description", f"{meeting.territory.name}\n{agenda}" + (f"\n{url}" if url else ""))
    if url:
        event.add("url", url)
    event.add("sequence", SEQUENCE.get(meeting.status, 0))
    event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
    event.add("last-modified", meeting.updated_at)
    return event


def meeting_ics(meeting: Meeting, *, url: str = "") -> bytes:
    """A VCALENDAR with one VEVENT for a meeting whose notice is published (``url``: its public page)."""
    calendar = _calendar(meeting.title)
    calendar.add_component(_event(meeting, url))
    return calendar.to_ical()


def territory_feed(territory, *, url_for: Callable[[Meeting], str] | None = None) -> bytes:
    """A VCALENDAR of the published meetings of ``territory`` and the units below it (the latest
    ``FEED_LIMIT``); ``url_for(meeting)`` gives each event's absolute public URL."""
    from .selectors import public_meetings

    calendar = _calendar(territory.name)
    for meeting in public_meetings(territory).prefetch_related("items")[:FEED_LIMIT]:
        calendar.add_component(_event(meeting, url_for(meeting) if url_for else ""))
    return calendar.to_ical()
