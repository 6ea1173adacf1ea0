"""Public pages of a rural district's meetings, without sign-in: the list (coming meetings with their
notice and agenda, past ones with results), one meeting (notice, agenda, results, minutes with earlier
versions, follow-up), the minutes as PDF and iCalendar (one meeting, or the district's feed).

Only meetings whose notice was published are shown (``selectors.public_*``); anything else is a 404.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from auyl.territory import selectors as territory_selectors

from . import documents, ical, selectors
from .models import DecisionStatus, MeetingStatus
from .views import _ics_response
from .views_minutes import PDF_LANGUAGES, pdf_language, pdf_response, version_or_404


def _district(code: str):
    territory = territory_selectors.territory_by_code(code)
    if not territory.is_primary:
        raise Http404("not a rural district")
    return territory


def _absolute(request, code: str, meeting) -> str:
    return request.build_absolute_uri(reverse("assemblies:public_detail", args=[code, meeting.pk]))


def _entry(entry: dict) -> dict:
    """A calendar entry; the akim's reporting meetings (auyl.reporting) keep their own title and link."""
    if entry["source"] == "assemblies":
        return entry
    obj = entry.get("object")
    url = entry.get("url") or (obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else "")
    return {**entry, "title": entry.get("title") or str(obj or ""), "url": url}


def _is_coming(entry: dict) -> bool:
    """To come or in progress: not yet held (a meeting in progress stays here until it is closed; a
    notice left unopened drops off a day after its date)."""
    recent = timezone.now() - dt.timedelta(days=1)
    if entry["source"] != "assemblies":  # the akim's reporting meetings: planned ones to come
        return entry["starts_at"] >= recent and entry.get("status") not in ("held", "cancelled")
    meeting = entry["object"]
    if meeting.status == MeetingStatus.OPEN:
        return True
    return meeting.status in (MeetingStatus.CONVENED, MeetingStatus.CANCELLED) and meeting.starts_at >= recent


def public_list(request, code: str):
    """The rural district's meetings: to come (notice and agenda), then held (results)."""
    district = _district(code)
    entries = [_entry(e) for e in selectors.public_calendar(district)]
    prefetch_related_objects([e["object"] for e in entries if e["source"] == "assemblies"], "items__vote")
    coming = sorted((e for e in entries if _is_coming(e)), key=lambda e: e["starts_at"])
    held = [e for e in entries if not _is_coming(e)]  # newest first, as the selector returns them
    return render(
        request,
        "assemblies/public_list.html",
        {
            "district": district,
            "coming": coming,
            "held": held[:100],
            "feed_url": request.build_absolute_uri(reverse("assemblies:public_feed", args=[code])),
        },
    )


def public_detail(request, code: str, pk: int):
    district = _district(code)
    meeting = selectors.public_meeting(code, pk)
    versions = list(selectors.minutes_versions(meeting))
    current = versions[0] if versions else None
    held = meeting.status == MeetingStatus.CLOSED
    return render(
        request,
        "assemblies/public_detail.html",
        {
            "district": district,
            "meeting": meeting,
            "held": held,
            "items": selectors.agenda_of(meeting),
            "quorum": selectors.quorum(meeting) if held else None,
            "current": current,
            "versions": versions,
            "languages": PDF_LANGUAGES,
            "protocol": documents.protocol(current.data) if current else None,
            "decisions": [
                d for d in selectors.public_decisions(meeting) if d.status != DecisionStatus.NO_ACTION
            ],
        },
    )


def public_minutes_pdf(request, code: str, pk: int, number: int):
    _district(code)
    meeting = selectors.public_meeting(code, pk)
    version = version_or_404(meeting, number)
    lang = pdf_language(request)
    return pdf_response(
        documents.minutes_pdf(version.data, lang=lang, version=version),
        documents.minutes_filename(meeting, lang, version.number),
    )


def public_ics(request, code: str, pk: int):
    _district(code)
    meeting = selectors.public_meeting(code, pk)
    return _ics_response(
        ical.meeting_ics(meeting, url=_absolute(request, code, meeting)), f"meeting-{meeting.pk}.ics"
    )


def public_feed(request, code: str):
    """The district's meetings as an iCalendar feed to subscribe to."""
    district = _district(code)
    content = ical.territory_feed(district, url_for=lambda meeting: _absolute(request, code, meeting))
    return _ics_response(content, f"meetings-{code}.ics")
