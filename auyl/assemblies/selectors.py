"""Reads of gatherings, community meetings and council sessions.

Staff reads are scoped by :func:`auyl.core.permissions.scoped`; public reads return only meetings
whose notice was published (the public page of a rural district, the iCalendar feed).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from auyl.core.permissions import has_perm, require_perm, scoped
from auyl.core.rules import get_rule
from auyl.territory.identifiers import normalize_phone
from auyl.territory.models import PRIMARY_LEVELS, Level, Resident, Territory
from auyl.territory.selectors import territory_by_code

from . import rolls
from .checks import primary_unit
from .eligibility import ineligibility
from .minutes import minutes_data
from .models import (
    AgendaItem,
    Attendance,
    AttendeeKind,
    Decision,
    DecisionStatus,
    Meeting,
    MeetingAppeal,
    Member,
    MinutesVersion,
    PriorityNeed,
)
from .quorum import quorum_needed

__all__ = [
    "Candidate",
    "Quorum",
    "agenda_of",
    "attendance_of",
    "checkin_search",
    "convene_territories",
    "current_minutes",
    "decisions_visible_to",
    "meeting_for",
    "meetings_visible_to",
    "members_of",
    "members_visible_to",
    "minutes_data",
    "minutes_versions",
    "priority_needs",
    "public_calendar",
    "public_decisions",
    "public_meeting",
    "public_meetings",
    "quorum",
    "questions_of",
]

MAX_QUERY = 100


@dataclass(frozen=True)
class Quorum:
    present: int  # participants checked in (guests and officials never count)
    required: int
    roll_size: int  # who may attend and vote
    reached: bool


@dataclass(frozen=True)
class Candidate:
    """A resident found by the check-in search, with whether they may be checked in."""

    resident: Resident
    eligible: bool
    reason: str  # why not, translated; "" when eligible
    checked_in: bool


def quorum(meeting: Meeting) -> Quorum:
    """Live quorum, shown as "``present`` of ``required`` required" (``roll_size`` on the roll).

    An open or held meeting uses the roll size and quorum fixed when it opened (one indexed count of
    the attendance); before that, the roll as it stands and the region's current rule.
    """
    present = Attendance.objects.filter(meeting=meeting, kind=AttendeeKind.PARTICIPANT).count()
    if meeting.roll_size is not None and meeting.quorum_required is not None:
        roll_size, required = meeting.roll_size, meeting.quorum_required
    else:
        roll_size = rolls.roll_for(meeting).count()
        required = quorum_needed(get_rule(meeting.territory, f"assemblies.quorum.{meeting.kind}"), roll_size)
    return Quorum(present=present, required=required, roll_size=roll_size, reached=present >= required)


def meetings_visible_to(user, *, kind: str | None = None) -> QuerySet[Meeting]:
    """Meetings (drafts included) within the user's grants for ``assemblies.view``, newest first."""
    qs = scoped(Meeting.objects.select_related("territory"), user, "assemblies.view")
    return qs.filter(kind=kind) if kind else qs


def meeting_for(user, pk, action: str = "assemblies.view") -> Meeting:
    """One meeting the user may see (or act on, for another ``action``); Http404 otherwise."""
    try:
        return scoped(Meeting.objects.select_related("territory", "convened_by"), user, action).get(pk=pk)
    except (Meeting.DoesNotExist, ValueError, TypeError):
        raise Http404("meeting not found") from None


def public_meetings(territory) -> QuerySet[Meeting]:
    """Meetings with a published notice held in ``territory`` or any unit below it, newest first."""
    return (
        Meeting.objects.filter(territory_path__startswith=territory.path, notice_published_at__isnull=False)
        .select_related("territory")
        .order_by("-starts_at")
    )


def public_meeting(code: str, pk) -> Meeting:
    """A published meeting of the rural district (or any unit) with KATO ``code``; Http404 otherwise."""
    territory = territory_by_code(code)
    try:
        return public_meetings(territory).get(pk=pk)
    except (Meeting.DoesNotExist, ValueError, TypeError):
        raise Http404("meeting not found") from None


def public_calendar(territory) -> list[dict]:
    """Gatherings, meetings and sessions of ``territory`` and below with the akim's reporting meetings
    (``auyl.reporting.selectors.public_meetings``), newest first. Each entry is a dict with ``source``
    (``"assemblies"`` or ``"reporting"``), ``object`` (the meeting), ``kind``, ``kind_label``, ``title``,
    ``starts_at``, ``venue``, ``status``, ``status_label``, ``territory``; reporting entries also carry
    ``url`` and the other keys of that capability."""
    rows = [
        {
            "source": "assemblies",
            "object": m,
            "kind": m.kind,
            "kind_label": m.get_kind_display(),
            "title": m.title,
            "starts_at": m.starts_at,
            "venue": m.venue,
            "status": m.status,
            "status_label": m.get_status_display(),
            "territory": m.territory,
        }
        for m in public_meetings(territory)
    ]
    try:
        from auyl.reporting.selectors import public_meetings as reporting_meetings
    except ImportError:  # the reporting capability is not installed
        reporting_meetings = None
    if reporting_meetings is not None:
        found = reporting_meetings(territory)
        entries = found.entries if hasattr(found, "entries") else list(found)
        for entry in entries:
            if isinstance(entry, dict):
                rows.append({**entry, "source": "reporting", "object": entry.get("meeting")})
            else:
                rows.append(
                    {
                        "source": "reporting",
                        "object": entry,
                        "title": str(entry),
                        "starts_at": entry.starts_at,
                        "venue": getattr(entry, "venue", ""),
                    }
                )
    return sorted(rows, key=lambda row: row["starts_at"], reverse=True)


def convene_territories(user) -> QuerySet[Territory]:
    """Units where ``user`` may convene: villages and settlements (gatherings), rural districts and
    towns (any kind), within their grants for ``assemblies.convene``."""
    levels = [*PRIMARY_LEVELS, Level.SETTLEMENT]
    return scoped(
        Territory.objects.filter(is_active=True, level__in=levels),
        user,
        "assemblies.convene",
        path_field="path",
    ).order_by("path")


def public_decisions(meeting: Meeting) -> QuerySet[Decision]:
    """The decisions of a published meeting with their follow-up status (for its public page)."""
    return Decision.objects.filter(meeting=meeting).select_related("item").order_by("item__number")


def _name_filter(prefix: str) -> dict:
    """Names starting with ``prefix`` through the ``search_name`` index: a range on SQLite (whose LIKE
    ignores indexes), ``LIKE 'prefix%'`` on PostgreSQL (served by its ``varchar_pattern_ops`` index)."""
    if connection.vendor == "sqlite":
        return {"search_name__gte": prefix, "search_name__lt": prefix + "\U0010ffff"}
    return {"search_name__startswith": prefix}


def _found(user, meeting: Meeting, query: str, limit: int) -> list[Resident]:
    from auyl.territory.services import iin_lookup_hash

    people = scoped(Resident.objects.filter(is_active=True), user, "resident.view", "territory_path")
    compact = re.sub(r"[\s\-()]", "", query)
    if re.fullmatch(r"\d{12}", compact):
        return list(people.filter(iin_hash=iin_lookup_hash(compact)).select_related("settlement")[:limit])
    if re.fullmatch(r"\+?\d{10,11}", compact):
        try:
            phone = normalize_phone(compact)
        except ValidationError:
            return []
        return list(people.filter(phone=phone).select_related("settlement")[:limit])
    prefix = " ".join(query.casefold().split())
    if not prefix:
        return []
    area = primary_unit(meeting.territory) or meeting.territory
    found = people.filter(territory_path__startswith=area.path, **_name_filter(prefix))
    return list(found.select_related("settlement").order_by("search_name")[:limit])


def checkin_search(user, meeting: Meeting, query: str, *, limit: int = 20) -> list[Candidate]:
    """Residents matching ``query`` for the check-in screen: a full IIN, a phone number, or the start of
    the name as written in the registry ("surname [name [patronymic]]", any case), within the rural
    district of the meeting. Each is marked eligible (on the roll) or not with the reason, and whether
    already checked in. Needs ``assemblies.conduct`` on the meeting's territory."""
    require_perm(user, "assemblies.conduct", meeting.territory)
    people = _found(user, meeting, (query or "").strip()[:MAX_QUERY], max(1, min(limit, 100)))
    if not people:
        return []
    ids = [p.pk for p in people]
    on_roll = set(rolls.roll_for(meeting).filter(pk__in=ids).values_list("pk", flat=True))
    here = set(
        Attendance.objects.filter(meeting=meeting, resident_id__in=ids).values_list("resident_id", flat=True)
    )
    return [
        Candidate(
            resident=p,
            eligible=p.pk in on_roll,
            checked_in=p.pk in here,
            reason="" if p.pk in on_roll else ineligibility(meeting, p, reveal=True),
        )
        for p in people
    ]


def attendance_of(meeting: Meeting) -> dict[str, list[Attendance]]:
    """Who is present: ``{"participants": [...], "guests": [...], "officials": [...]}``, by name."""
    rows = list(
        Attendance.objects.filter(meeting=meeting).select_related("resident__settlement").order_by("name")
    )
    return {
        "participants": [r for r in rows if r.kind == AttendeeKind.PARTICIPANT],
        "guests": [r for r in rows if r.kind == AttendeeKind.GUEST],
        "officials": [r for r in rows if r.kind == AttendeeKind.OFFICIAL],
    }


def agenda_of(meeting: Meeting) -> list[AgendaItem]:
    """The items with their votes and decisions (``item.vote`` / ``item.decision`` when present)."""
    return list(
        AgendaItem.objects.filter(meeting=meeting).select_related("vote", "decision").order_by("number")
    )


def current_minutes(meeting: Meeting) -> MinutesVersion | None:
    """The latest signed version of the minutes, or None before they are signed."""
    return MinutesVersion.objects.filter(meeting=meeting).order_by("-number").first()


def minutes_versions(meeting: Meeting) -> QuerySet[MinutesVersion]:
    """Every signed version, newest first (corrections keep the earlier versions)."""
    return MinutesVersion.objects.filter(meeting=meeting).select_related("signed_by").order_by("-number")


def questions_of(meeting: Meeting) -> QuerySet[MeetingAppeal]:
    """Questions raised at the meeting and the appeals they became."""
    return MeetingAppeal.objects.filter(meeting=meeting).select_related("appeal").order_by("pk")


def decisions_visible_to(
    user, *, status: str | None = None, escalated: bool | None = None, overdue: bool | None = None
) -> QuerySet[Decision]:
    """Decisions within the user's grants (``assemblies.view``), newest first; ``overdue``: awaiting a
    response past its deadline."""
    qs = scoped(
        Decision.objects.select_related("meeting__territory", "item", "territory").prefetch_related("source"),
        user,
        "assemblies.view",
        "territory_path",
    )
    if status:
        qs = qs.filter(status=status)
    if escalated is not None:
        qs = qs.filter(escalated_at__isnull=not escalated)
    if overdue:
        qs = qs.filter(status=DecisionStatus.AWAITING_RESPONSE, response_due__lt=timezone.localdate())
    return qs


def decision_for(user, pk) -> Decision:
    """One decision within the user's grants, else 404 (never reveals that it exists)."""
    decision = decisions_visible_to(user).select_related("responded_by").filter(pk=pk).first()
    if decision is None:
        raise Http404("no such decision")
    return decision


def decision_of(source) -> Decision | None:
    """The follow-up of a decision taken outside a meeting by ``source`` (e.g. a referendum), if any.
    Its response and progress are public, like those of a meeting's decisions."""
    from django.contrib.contenttypes.models import ContentType

    kind = ContentType.objects.get_for_model(source)
    return Decision.objects.filter(source_type=kind, source_id=source.pk).first()


def members_of(territory, day: dt.date | None = None) -> QuerySet[Member]:
    """Members of ``territory``'s community meeting: all of them, or those serving on ``day``."""
    qs = rolls.active_members(territory, day) if day else Member.objects.filter(territory=territory)
    return qs.select_related("resident__settlement").order_by("resident__last_name", "resident__first_name")


def members_visible_to(user, territory, day: dt.date | None = None) -> QuerySet[Member]:
    if not has_perm(user, "assemblies.view", territory):
        return Member.objects.none()
    return members_of(territory, day)


def priority_needs(territory) -> QuerySet[PriorityNeed]:
    """Residents' priority needs decided at gatherings in ``territory`` and below, by place and priority;
    what the development plans capability reads (``000:934-936``)."""
    return (
        PriorityNeed.objects.filter(territory_path__startswith=territory.path)
        .select_related("territory", "meeting")
        .order_by("territory_path", "-meeting__starts_at", "rank")
    )
