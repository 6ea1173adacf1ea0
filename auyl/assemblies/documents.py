"""The minutes (protocol) as a document: the same HTML on the minutes pages and in the PDF.

A protocol is rendered from the plain data of :func:`auyl.assemblies.minutes.minutes_data` (or a
signed :class:`~.models.MinutesVersion`'s frozen ``data``), which keeps codes rather than words, so one
signed version prints in Kazakh or in Russian: :func:`protocol` turns it into what the template shows,
in the active language, and :func:`minutes_pdf` renders it under ``translation.override(lang)`` with
weasyprint in DejaVu Sans (a font with every Kazakh letter: ә ғ қ ң ө ұ ү һ і), as
``auyl/core/exports.py`` does for report tables.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import get_language

from .models import Choice, ItemKind, MeetingKind, VoteMethod


def _name(place: dict | None, lang: str) -> str:
    """A unit's name in ``lang``, falling back to Kazakh, Russian, English (as Territory.name does)."""
    place = place or {}
    for key in (lang, "kk", "ru", "en"):
        if place.get(f"name_{key}"):
            return place[f"name_{key}"]
    return place.get("code", "")


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value or ""


def _vote(vote: dict | None) -> dict | None:
    if not vote:
        return None
    ballots = [
        {"name": b.get("name", ""), "choice": _label(Choice, b.get("choice", ""))}
        for b in vote.get("ballots") or []
    ]
    return {
        **vote,
        "by_name": vote.get("method") == VoteMethod.BY_NAME,
        "ballots": ballots,
        "votes_for": vote.get("for", 0),
        "votes_against": vote.get("against", 0),
    }


def protocol(data: dict) -> dict:
    """What the protocol template shows, with labels and place names in the active language."""
    lang = (get_language() or "kk")[:2]
    meeting = data.get("meeting", {})
    unit = data.get("unit") or data.get("territory")
    territory = data.get("territory") or {}
    return {
        **data,
        "lang": lang,
        "kind_label": _label(MeetingKind, meeting.get("kind", "")),
        "territory_name": _name(territory, lang),
        "unit_name": _name(unit, lang) if unit and unit.get("code") != territory.get("code") else "",
        "items": [
            {**item, "kind_label": _label(ItemKind, item.get("kind", "")), "vote": _vote(item.get("vote"))}
            for item in data.get("items") or []
        ],
    }


def minutes_filename(meeting, lang: str, number: int | None) -> str:
    suffix = f"v{number}" if number else "draft"
    return f"minutes-{meeting.pk}-{suffix}-{lang}.pdf"


def minutes_html(data: dict, *, lang: str, version=None) -> str:
    """The protocol as a standalone HTML page for the PDF, in ``lang``."""
    with translation.override(lang):
        return render_to_string(
            "assemblies/minutes_pdf.html",
            {
                "protocol": protocol(data),
                "version": version,
                "lang": lang,
                "generated_at": timezone.localtime(),
            },
        )


def minutes_pdf(data: dict, *, lang: str, version=None) -> bytes:
    """The minutes as PDF in ``lang`` ("kk" or "ru"); without ``version``, marked as an unsigned draft."""
    from weasyprint import HTML

    return HTML(string=minutes_html(data, lang=lang, version=version)).write_pdf()
