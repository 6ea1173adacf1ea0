"""Who may attend and vote at a meeting: the roll, which is also the quorum base.

Each kind of meeting registers a provider returning a queryset of :class:`~auyl.territory.models.Resident`:

* ``gathering`` — every adult (rule ``assemblies.adult_age`` on the meeting date) active registered
  resident whose settlement lies in the meeting's territory (the village, settlement or street block,
  or every village of a rural district);
* ``community_meeting`` — the members of the community meeting of the meeting's territory whose term
  covers the meeting date (:class:`~auyl.assemblies.models.Member`);
* ``council_session`` — registered by ``auyl.council`` in ``CouncilConfig.ready()``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db.models import Q, QuerySet
from django.utils import timezone

from auyl.core.rules import get_rule
from auyl.territory.models import Resident, Territory

from .models import Meeting, MeetingKind, Member

PROVIDERS: dict[str, Callable[[Meeting], QuerySet[Resident]]] = {}


def register_roll(kind: str, provider: Callable[[Meeting], QuerySet[Resident]]) -> None:
    """Declare who may attend and vote at meetings of ``kind`` (a :class:`MeetingKind` value)."""
    PROVIDERS[str(kind)] = provider


def meeting_date(meeting: Meeting) -> dt.date:
    """The local date of the meeting, on which ages and terms are judged."""
    return timezone.localdate(meeting.starts_at)


def roll_for(meeting: Meeting) -> QuerySet[Resident]:
    """The residents who may attend and vote at ``meeting`` (none for a kind nobody registered)."""
    provider = PROVIDERS.get(meeting.kind)
    if provider is None:
        return Resident.objects.none()
    return provider(meeting)


def adult_born_on_or_before(meeting: Meeting) -> dt.date:
    """The latest birth date of a resident who is of age on the meeting date."""
    day, age = meeting_date(meeting), get_rule(meeting.territory, "assemblies.adult_age")
    try:
        return day.replace(year=day.year - age)
    except ValueError:  # a meeting on 29 February: those born on 28 February of that year are of age
        return day.replace(year=day.year - age, month=2, day=28)


def gathering_roll(meeting: Meeting) -> QuerySet[Resident]:
    # Through the settlements of the subtree (a few rows), so that the residents are found by the
    # settlement index on both engines: SQLite cannot use an index for LIKE 'prefix%' on a path.
    settlements = Territory.objects.filter(path__startswith=meeting.territory.path).values("pk")
    return Resident.objects.filter(
        settlement__in=settlements,
        is_active=True,
        merged_into__isnull=True,
        birth_date__lte=adult_born_on_or_before(meeting),
    )


def active_members(territory, day: dt.date) -> QuerySet[Member]:
    """Members of ``territory``'s community meeting on ``day``."""
    return Member.objects.filter(territory=territory, term_start__lte=day, term_end__gte=day).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=day)
    )


def community_roll(meeting: Meeting) -> QuerySet[Resident]:
    members = active_members(meeting.territory, meeting_date(meeting)).values("resident_id")
    return Resident.objects.filter(pk__in=members, is_active=True)


register_roll(MeetingKind.GATHERING, gathering_roll)
register_roll(MeetingKind.COMMUNITY_MEETING, community_roll)
