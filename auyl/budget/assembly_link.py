"""The seam to auyl.assemblies: the community meeting's decision that agreed a budget.

A budget version always stores the number and date of the meeting's decision; it may also name the
meeting (its id) and the agenda item (its number) in auyl.assemblies. Nothing here imports that app at
module level: :func:`find_decision` and :func:`describe` import its selectors when called, so the budget
works (number and date only) where meetings are not kept in the platform. The meeting must be a
published meeting of the budget's rural district, held on the agreement date, and the item an adopted
"agreement of the rural-district budget".
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

BUDGET_ITEM_KIND = "budget_agreement"
FIELD = "agreement_meeting_id"


@dataclass(frozen=True)
class MeetingDecision:
    meeting_id: int
    item_number: int
    title: str  # the agenda item's question
    meeting_title: str
    held_on: dt.date
    url: str  # the meeting's public page ("" when it has none)


def _selectors():
    try:
        return importlib.import_module("auyl.assemblies.selectors")
    except ImportError:
        return None


def _as_int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def _url(territory, meeting_id: int) -> str:
    try:
        return reverse("assemblies:public_detail", args=[territory.code, meeting_id])
    except NoReverseMatch:
        return ""


def _decision_of(selectors, meeting, item_number: int):
    item = next((i for i in selectors.agenda_of(meeting) if i.number == item_number), None)
    if item is None:
        raise ValidationError(
            {"agreement_item_number": [_("The meeting has no agenda item %(n)s.") % {"n": item_number}]}
        )
    if item.kind != BUDGET_ITEM_KIND:
        raise ValidationError(
            {
                "agreement_item_number": [
                    _("Agenda item %(n)s is not the agreement of the budget.") % {"n": item_number}
                ]
            }
        )
    if getattr(item, "decision", None) is None:  # no Decision row: the item was not adopted
        raise ValidationError(
            {
                "agreement_item_number": [
                    _("The meeting adopted no decision on item %(n)s.") % {"n": item_number}
                ]
            }
        )
    return item


def find_decision(territory, meeting_id, item_number, agreed_on: dt.date) -> MeetingDecision:
    """The meeting's decision that agreed the budget of ``territory``; ValidationError when it is not one."""
    selectors = _selectors()
    if selectors is None:
        raise ValidationError(
            {FIELD: [_("Meetings are not kept here: give only the decision's number and date.")]}
        )
    meeting_id, item_number = _as_int(meeting_id), _as_int(item_number)
    if meeting_id is None or item_number is None:
        raise ValidationError({FIELD: [_("Give both the meeting and the agenda item, or neither.")]})
    try:
        meeting = selectors.public_meeting(territory.code, meeting_id)
    except Http404:
        raise ValidationError(
            {FIELD: [_("There is no published meeting %(id)s of this rural district.") % {"id": meeting_id}]}
        ) from None
    held_on = timezone.localdate(meeting.starts_at)
    if held_on != agreed_on:
        raise ValidationError(
            {
                "agreed_on": [
                    _("The meeting was held on %(date)s: give that date.")
                    % {"date": held_on.strftime("%d.%m.%Y")}
                ]
            }
        )
    item = _decision_of(selectors, meeting, item_number)
    return MeetingDecision(
        meeting.pk, item.number, item.title, meeting.title, held_on, _url(territory, meeting.pk)
    )


def describe(version) -> MeetingDecision | None:
    """The linked meeting's decision for display, or None (no link, or the meetings app is not here)."""
    if version.agreement_meeting_id is None:
        return None
    selectors = _selectors()
    territory = version.budget.territory
    if selectors is None:
        return None
    try:
        meeting = selectors.public_meeting(territory.code, version.agreement_meeting_id)
    except Http404:
        return None
    item = next((i for i in selectors.agenda_of(meeting) if i.number == version.agreement_item_number), None)
    return MeetingDecision(
        meeting.pk,
        version.agreement_item_number or 0,
        item.title if item else "",
        meeting.title,
        timezone.localdate(meeting.starts_at),
        _url(territory, meeting.pk),
    )


def meeting_choices(territory, limit: int = 20) -> list[tuple[int, str]]:
    """Published community meetings of ``territory`` to offer when recording the agreement (latest first);
    empty where meetings are not kept in the platform."""
    selectors = _selectors()
    if selectors is None:
        return []
    meetings = selectors.public_meetings(territory).filter(territory=territory, kind="community_meeting")[
        :limit
    ]
    return [(m.pk, f"{timezone.localdate(m.starts_at):%d.%m.%Y} · {m.title}"[:200]) for m in meetings]
