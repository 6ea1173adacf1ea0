"""The minutes (protocol): everything the document needs, built from the record; signing; corrections.

:func:`minutes_data` gathers what a protocol shows (``001:697``, BRIEF section 4): territory, date,
venue, who convened it, attendance and quorum, each item with the vote and the decision text, the
questions raised, the priority needs, chair and secretary. Signing (:func:`finalize_minutes`) stores
it as version 1 of :class:`~.models.MinutesVersion`; a later correction (:func:`correct_minutes`)
changes the record and stores a new version with its reason; earlier versions stay as signed.
The PDF (Kazakh and Russian) is rendered from a version's ``data`` by ``documents.py``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.core import audit

from .checks import MAX_NAME, MAX_TEXT, lock, primary_unit, refuse, require, text, user_or_none
from .models import (
    AgendaItem,
    Attendance,
    AttendeeKind,
    Decision,
    ItemStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    MinutesVersion,
    PriorityNeed,
    Vote,
)

MAX_REASON = 2000


def _place(territory) -> dict:
    if territory is None:
        return {}
    return {
        "code": territory.code,
        "level": territory.level,
        "name_kk": territory.name_kk,
        "name_ru": territory.name_ru,
        "name_en": territory.name_en,
    }


def _vote(vote: Vote | None) -> dict | None:
    if vote is None:
        return None
    ballots = [
        {"name": b.resident.full_name, "choice": b.choice}
        for b in vote.ballots.select_related("resident").order_by(
            "resident__last_name", "resident__first_name"
        )
    ]
    return {
        "method": vote.method,
        "for": vote.votes_for,
        "against": vote.votes_against,
        "abstained": vote.abstained,
        "present": vote.present,
        "did_not_vote": vote.did_not_vote,
        "votes_needed": vote.votes_needed,
        "majority_rule": vote.majority_rule,
        "adopted": vote.adopted,
        "ballots": ballots,
    }


def _items(meeting: Meeting) -> list[dict]:
    items = AgendaItem.objects.filter(meeting=meeting).select_related("vote").order_by("number")
    return [
        {
            "number": item.number,
            "kind": item.kind,
            "title": item.title,
            "discussion": item.discussion,
            "decision_text": item.decision_text,
            "status": item.status,
            "addressed_to_akim": item.addressed_to_akim,
            "is_task": item.is_task,
            "vote": _vote(getattr(item, "vote", None)),
        }
        for item in items
    ]


def _attendance(meeting: Meeting) -> dict:
    rows = list(Attendance.objects.filter(meeting=meeting).order_by("name"))
    participants = [r for r in rows if r.kind == AttendeeKind.PARTICIPANT]
    required = meeting.quorum_required
    return {
        "roll_size": meeting.roll_size,
        "present": len(participants),
        "quorum_required": required,
        "quorum_rule": meeting.quorum_rule,
        "quorum_reached": required is not None and len(participants) >= required,
        # A gathering's protocol gives the count; member meetings list the members present.
        "participants": [] if meeting.kind == MeetingKind.GATHERING else [r.name for r in participants],
        "guests": [{"name": r.name, "position": r.position} for r in rows if r.kind == AttendeeKind.GUEST],
        "officials": [
            {"name": r.name, "position": r.position} for r in rows if r.kind == AttendeeKind.OFFICIAL
        ],
    }


def minutes_data(meeting: Meeting) -> dict:
    """Everything the protocol shows, as JSON-ready data (dates as ``dd.mm.yyyy``, codes for kinds,
    names of places in Kazakh, Russian and English so that either document can be rendered)."""
    when = timezone.localtime(meeting.starts_at)
    convener = meeting.convener_label or (meeting.convened_by.full_name if meeting.convened_by else "")
    questions = [
        {"number": link.appeal.number, "subject": link.appeal.subject}
        for link in meeting.appeal_links.select_related("appeal").order_by("pk")
    ]
    needs = [
        {"rank": n.rank, "title": n.title, "description": n.description}
        for n in PriorityNeed.objects.filter(meeting=meeting).order_by("item__number", "rank")
    ]
    return {
        "meeting": {
            "id": meeting.pk,
            "kind": meeting.kind,
            "title": meeting.title,
            "status": meeting.status,
            "starts_at": when.isoformat(),
            "date": f"{when:%d.%m.%Y}",
            "time": f"{when:%H:%M}",
            "venue": meeting.venue,
        },
        "territory": _place(meeting.territory),
        "unit": _place(primary_unit(meeting.territory)),
        "convened_by": convener,
        "notice_published_on": f"{timezone.localtime(meeting.notice_published_at):%d.%m.%Y}"
        if meeting.notice_published_at
        else "",
        "chair_name": meeting.chair_name,
        "secretary_name": meeting.secretary_name,
        "attendance": _attendance(meeting),
        "items": _items(meeting),
        "questions": questions,
        "priority_needs": needs,
        "notes": "",
    }


def _signatures(meeting: Meeting, chair_name, secretary_name) -> None:
    if chair_name is not None:
        meeting.chair_name = text(chair_name, "chair_name", max_length=MAX_NAME)
    if secretary_name is not None:
        meeting.secretary_name = text(secretary_name, "secretary_name", max_length=MAX_NAME)
    errors = {}
    if not meeting.chair_name:
        errors["chair_name"] = [_("The minutes are signed by the chair: give the chair's name.")]
    if not meeting.secretary_name:
        errors["secretary_name"] = [_("The minutes are signed by the secretary: give the secretary's name.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def finalize_minutes(
    *, actor, meeting: Meeting, chair_name: str | None = None, secretary_name: str | None = None
) -> MinutesVersion:
    """Sign the minutes of a closed meeting: version 1, with the record frozen in ``data``."""
    meeting = lock(meeting)
    require(actor, "assemblies.minutes", meeting)
    if meeting.status != MeetingStatus.CLOSED:
        raise refuse(_("The minutes are signed after the meeting is closed."))
    if MinutesVersion.objects.filter(meeting=meeting).exists():
        raise refuse(_("The minutes are already signed: a change is made as a correction with its reason."))
    _signatures(meeting, chair_name, secretary_name)
    meeting.save(update_fields=["chair_name", "secretary_name", "updated_at"])
    version = MinutesVersion.objects.create(
        meeting=meeting,
        number=1,
        is_final=True,
        data=minutes_data(meeting),
        signed_by=user_or_none(actor),
        signed_at=timezone.now(),
    )
    audit.record(
        actor=actor,
        action="assemblies.minutes_signed",
        obj=meeting,
        territory=meeting.territory,
        changes={"version": 1, "chair_name": meeting.chair_name, "secretary_name": meeting.secretary_name},
    )
    return version


def _correct_items(actor, meeting: Meeting, items) -> list[int]:
    if not items:
        return []
    if not isinstance(items, dict):
        raise ValidationError({"items": [_("Unknown agenda item.")]})
    by_number = {i.number: i for i in AgendaItem.objects.select_for_update().filter(meeting=meeting)}
    touched = []
    for key, change in items.items():
        number = int(key) if str(key).isdigit() else None
        item = by_number.get(number)
        if item is None or not isinstance(change, dict):
            raise ValidationError({"items": [_("Unknown agenda item.")]})
        if "decision_text" in change:
            item.decision_text = text(change["decision_text"], "decision_text", max_length=MAX_TEXT)
            vote = Vote.objects.filter(item=item).first()
            if vote and vote.adopted and not item.decision_text:
                raise ValidationError(
                    {
                        "decision_text": [
                            _("Question %(n)s was adopted: its decision cannot be empty.")
                            % {"n": item.number}
                        ]
                    }
                )
            Decision.objects.filter(item=item).update(text=item.decision_text or item.title)
        if "discussion" in change:
            item.discussion = text(change["discussion"], "discussion", max_length=MAX_TEXT)
        item.save(update_fields=["decision_text", "discussion"])
        touched.append(item.number)
    return touched


@transaction.atomic
def correct_minutes(
    *,
    actor,
    meeting: Meeting,
    reason: str,
    chair_name: str | None = None,
    secretary_name: str | None = None,
    items: dict[int, dict] | None = None,
    notes: str | None = None,
) -> MinutesVersion:
    """A signed correction: the record is corrected and stored as a new version with ``reason``;
    earlier versions are kept unchanged. ``items``: ``{item number: {"decision_text": ...,
    "discussion": ...}}``; ``notes``: a free remark of the protocol. Votes and attendance are never
    corrected (they are what happened). Refused when nothing changes."""
    meeting = lock(meeting)
    require(actor, "assemblies.minutes", meeting)
    latest = MinutesVersion.objects.filter(meeting=meeting).order_by("-number").first()
    if latest is None:
        raise refuse(_("The minutes have not been signed yet: sign them first."))
    reason = text(reason, "reason", required=_("Give the reason for the correction."), max_length=MAX_REASON)
    _signatures(meeting, chair_name, secretary_name)
    meeting.save(update_fields=["chair_name", "secretary_name", "updated_at"])
    touched = _correct_items(actor, meeting, items)
    data = minutes_data(meeting)
    data["notes"] = (
        text(notes, "notes", max_length=MAX_TEXT) if notes is not None else latest.data.get("notes", "")
    )
    if data == latest.data:
        raise refuse(
            _("Nothing was changed: the correction would repeat version %(n)s.") % {"n": latest.number}
        )
    version = MinutesVersion.objects.create(
        meeting=meeting,
        number=latest.number + 1,
        is_final=True,
        reason=reason,
        data=data,
        signed_by=user_or_none(actor),
        signed_at=timezone.now(),
    )
    audit.record(
        actor=actor,
        action="assemblies.minutes_corrected",
        obj=meeting,
        territory=meeting.territory,
        changes={
            "version": version.number,
            "reason": reason,
            "items": touched,
            "chair_name": meeting.chair_name,
            "secretary_name": meeting.secretary_name,
        },
    )
    return version


__all__ = ["ItemStatus", "correct_minutes", "finalize_minutes", "minutes_data"]
