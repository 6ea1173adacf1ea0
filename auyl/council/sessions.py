"""Council sessions, read through the assemblies engine's selectors.

A session is an assemblies ``Meeting`` of kind ``council_session`` of the council's rural district,
convened with :func:`auyl.assemblies.services.convene_meeting`; its roll is the council's members on
the day (:func:`auyl.council.selectors.session_roll`). This module only lists the sessions of a term
and their adopted decisions (the council's acts, valid in its territory, ``001:465``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse

from auyl.assemblies import selectors as assemblies
from auyl.assemblies.models import MeetingKind

from .models import Council


@dataclass
class Session:
    meeting: object
    acts: list = field(default_factory=list)  # adopted decisions (assemblies.selectors.public_decisions)
    public_url: str = ""
    staff_url: str = ""


def _in_term(queryset, council: Council):
    return queryset.filter(
        kind=MeetingKind.COUNCIL_SESSION,
        territory=council.territory,
        starts_at__date__gte=council.term_start,
        starts_at__date__lte=council.term_end,
    ).order_by("-starts_at")


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # the assemblies pages are not wired (yet)
        return ""


def _sessions(meetings, *, staff: bool) -> list[Session]:
    rows = []
    for meeting in meetings:
        rows.append(
            Session(
                meeting,
                list(assemblies.public_decisions(meeting)),
                _url("assemblies:public_detail", meeting.territory.code, meeting.pk)
                if meeting.is_public
                else "",
                _url("assemblies:detail", meeting.pk) if staff else "",
            )
        )
    return rows


def public_sessions(council: Council, limit: int = 50) -> list[Session]:
    """Sessions of the term whose notice was published, newest first, with their adopted acts."""
    return _sessions(
        _in_term(assemblies.public_meetings(council.territory), council).select_related("territory")[:limit],
        staff=False,
    )


def staff_sessions(user, council: Council, limit: int = 100) -> list[Session]:
    """Sessions of the term the user may see, drafts included."""
    meetings = assemblies.meetings_visible_to(user, kind=MeetingKind.COUNCIL_SESSION)
    return _sessions(_in_term(meetings, council).select_related("territory")[:limit], staff=True)


def convene_url(territory) -> str:
    """The assemblies page where a council session is convened ("" until it exists)."""
    url = _url("assemblies:convene")
    return f"{url}?kind={MeetingKind.COUNCIL_SESSION}&territory={territory.code}" if url else ""
