"""Where a drill-down record links to, for a given reader, and its label in the reader's language.

A record stores a reference (``"appeal:12"``, ``"budget:111033000:2025"``, ``"url:/kk/plans/3/"``); the
address is built when the list is shown: a staff page for a reader allowed to open it, otherwise the
public page of the record (or nothing, for an appeal: its public tracking needs the applicant's code).
"""

from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.translation import get_language, override

from auyl.core.permissions import has_perm

from .indicators import note_text
from .scoring import DrillRecord

STAFF_PAGES = {
    "appeal": ("appeal.view", "appeals:detail", None),
    "reporting_meeting": ("reporting.view", "reporting:detail", "reporting:public_meeting"),
    "assemblies_meeting": ("assemblies.view", "assemblies:detail", "assemblies:public_detail"),
}


def _reverse(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _in_language(url: str, language: str) -> str:
    """A stored address (made in whatever language was active then) in the reader's language."""
    prefix = url.lstrip("/").split("/", 1)[0]
    if prefix not in dict(settings.LANGUAGES) or prefix == language:
        return url
    with override(prefix):  # i18n_patterns resolve only the active language's prefix
        return translate_url(url, language)


def url_for(ref: str, unit, user) -> str:
    kind, _sep, rest = (ref or "").partition(":")
    if not rest:
        return ""
    if kind == "url":
        return _in_language(rest, get_language() or settings.LANGUAGE_CODE)
    if kind in STAFF_PAGES:
        action, staff_name, public_name = STAFF_PAGES[kind]
        if has_perm(user, action, unit):
            return _reverse(staff_name, int(rest))
        return _reverse(public_name, unit.code, int(rest)) if public_name else ""
    parts = rest.split(":")
    if kind == "council":
        return _reverse("council:public", parts[0])
    if kind == "budget":
        return _reverse("budget:public_year", parts[0], int(parts[1]))
    if kind == "campaign":
        return _reverse("initiatives:campaign", int(parts[0]))
    if kind == "proposal":
        return _reverse("initiatives:proposal", int(parts[0]), int(parts[1]))
    return ""


def present(records: list[DrillRecord], unit, user) -> list[DrillRecord]:
    """Fill each record's ``url``, ``note`` and ``label`` for ``user``: budget lines are stored by code
    and named here, in the reader's language (programmes read once)."""
    from auyl.budget.catalogue import revenue_name
    from auyl.budget.models import Programme

    programmes = None
    for record in records:
        record.url = url_for(record.ref, unit, user)
        record.note = note_text(record)
        if record.kind == "revenue_line":
            record.label = revenue_name(record.label)
        elif record.kind == "expenditure_line":
            if programmes is None:
                programmes = {p.code: p.name for p in Programme.objects.all()}
            record.label = programmes.get(record.label, record.label)
        else:
            record.label = str(record.label)
    return records
