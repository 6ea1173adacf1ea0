"""Holding a meeting: opening it (roll and quorum fixed) and checking people in (see services_votes.py for votes).

Re-exported by :mod:`auyl.assemblies.services`; see its docstring for the conventions.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.core import audit
from auyl.core.permissions import has_perm
from auyl.core.rules import get_rule

from . import rolls
from .checks import MAX_NAME, local_date, lock, refuse, require, text, user_or_none
from .eligibility import ineligibility
from .models import (
    Attendance,
    AttendeeKind,
    Meeting,
    MeetingStatus,
)
from .quorum import quorum_needed


def _present(meeting: Meeting) -> int:
    return Attendance.objects.filter(meeting=meeting, kind=AttendeeKind.PARTICIPANT).count()


def _require_open(meeting: Meeting) -> None:
    if meeting.status != MeetingStatus.OPEN:
        raise refuse(_("The meeting is not in progress."))


@transaction.atomic
def open_meeting(*, actor, meeting: Meeting, chair_name: str = "", secretary_name: str = "") -> Meeting:
    """Open a convened meeting on its day (or later, to enter a meeting held on paper).

    Fixes ``roll_size`` (who may vote) and ``quorum_required`` from the region's rule
    ``assemblies.quorum.<kind>``: the snapshot every later quorum check and the minutes use.
    """
    meeting = lock(meeting)
    require(actor, "assemblies.conduct", meeting)
    if meeting.status == MeetingStatus.OPEN:
        return meeting
    if meeting.status != MeetingStatus.CONVENED:
        raise refuse(_("Only a meeting whose notice was published can be opened."))
    day = local_date(meeting.starts_at)
    if timezone.localdate() < day:
        raise refuse(
            _("The meeting is set for %(date)s: it can be opened on that day.") % {"date": f"{day:%d.%m.%Y}"}
        )
    roll_size = rolls.roll_for(meeting).count()
    if roll_size == 0:
        raise refuse(
            _("Nobody may vote at this meeting: nobody is on its roll on %(date)s.")
            % {"date": f"{day:%d.%m.%Y}"}
        )
    rule = get_rule(meeting.territory, f"assemblies.quorum.{meeting.kind}")
    meeting.chair_name = text(chair_name, "chair_name", max_length=MAX_NAME) or meeting.chair_name
    meeting.secretary_name = (
        text(secretary_name, "secretary_name", max_length=MAX_NAME) or meeting.secretary_name
    )
    meeting.status, meeting.opened_at = MeetingStatus.OPEN, timezone.now()
    meeting.roll_size, meeting.quorum_required, meeting.quorum_rule = (
        roll_size,
        quorum_needed(rule, roll_size),
        rule,
    )
    meeting.save()
    audit.record(
        actor=actor,
        action="assemblies.meeting_opened",
        obj=meeting,
        territory=meeting.territory,
        changes={
            "status": [MeetingStatus.CONVENED, MeetingStatus.OPEN],
            "roll_size": roll_size,
            "quorum_required": meeting.quorum_required,
            "quorum_rule": rule,
            "chair_name": meeting.chair_name,
            "secretary_name": meeting.secretary_name,
        },
    )
    return meeting


def _clean_attendee(meeting: Meeting, actor, resident, kind: str, guest_name: str, position: str) -> dict:
    if kind not in AttendeeKind.values:
        raise ValidationError({"kind": [_("Unknown kind of attendee.")]})
    position = text(position, "position", max_length=MAX_NAME)
    if kind == AttendeeKind.PARTICIPANT:
        if resident is None:
            raise ValidationError({"resident": [_("Find the person in the residents registry.")]})
        reason = ineligibility(
            meeting, resident, reveal=has_perm(actor, "resident.view", resident.settlement)
        )
        if reason:
            raise ValidationError({"resident": [reason]})
        return {"resident": resident, "name": resident.full_name, "position": position}
    name = text(guest_name, "guest_name", max_length=MAX_NAME)
    if resident is not None:
        if not has_perm(actor, "resident.view", resident.settlement):
            raise ValidationError({"resident": [_("This person is not in the registry you may see.")]})
        name = name or resident.full_name
    if not name:
        raise ValidationError({"guest_name": [_("Give the name of the guest or official.")]})
    if kind == AttendeeKind.OFFICIAL and not position:
        raise ValidationError({"position": [_("Give the official's position or organisation.")]})
    return {"resident": resident, "name": name, "position": position}


def _already_here(meeting: Meeting, resident) -> ValidationError:
    earlier = Attendance.objects.filter(meeting=meeting, resident=resident).first()
    when = timezone.localtime(earlier.checked_in_at) if earlier else timezone.localtime()
    return ValidationError(
        {
            "resident": [
                _("%(name)s is already checked in (at %(time)s): a person counts once.")
                % {"name": resident.full_name, "time": f"{when:%H:%M}"}
            ]
        }
    )


@transaction.atomic
def check_in(
    *,
    actor,
    meeting: Meeting,
    resident=None,
    kind: str = "participant",
    guest_name: str = "",
    position: str = "",
) -> Attendance:
    """Record one person present at an open meeting.

    ``kind="participant"`` needs ``resident``, who must be on the roll (of age on the meeting date and
    registered in the meeting's territory, or a member on the date) and counts once: a second check-in
    is refused with the time of the first. ``kind="guest"`` / ``"official"`` needs ``guest_name`` (or a
    ``resident``; an official also ``position``) and never counts for the quorum or votes.
    """
    meeting = lock(meeting)
    require(actor, "assemblies.conduct", meeting)
    _require_open(meeting)
    fields = _clean_attendee(meeting, actor, resident, kind, guest_name, position)
    if resident is not None and Attendance.objects.filter(meeting=meeting, resident=resident).exists():
        raise _already_here(meeting, resident)
    try:
        with transaction.atomic():
            row = Attendance.objects.create(
                meeting=meeting, kind=kind, checked_in_by=user_or_none(actor), **fields
            )
    except IntegrityError:  # the same person checked in at another desk at the same moment
        raise _already_here(meeting, resident) from None
    audit.record(
        actor=actor,
        action="assemblies.checked_in",
        obj=meeting,
        territory=meeting.territory,
        changes={
            "attendance_id": row.pk,
            "kind": kind,
            "resident_id": getattr(resident, "pk", None),
            "name": row.name,
            "present": _present(meeting),
        },
    )
    return row


@transaction.atomic
def remove_check_in(*, actor, attendance: Attendance, reason: str) -> Meeting:
    """Undo a mistaken check-in, or record that a person left, while the meeting is open. Votes already
    recorded keep the attendance they were taken with."""
    meeting = lock(attendance.meeting)
    require(actor, "assemblies.conduct", meeting)
    _require_open(meeting)
    reason = text(reason, "reason", required=_("Give the reason."), max_length=500)
    row = Attendance.objects.filter(pk=attendance.pk, meeting=meeting).first()
    if row is None:
        return meeting
    row.delete()
    audit.record(
        actor=actor,
        action="assemblies.check_in_removed",
        obj=meeting,
        territory=meeting.territory,
        changes={
            "attendance_id": attendance.pk,
            "kind": row.kind,
            "resident_id": row.resident_id,
            "name": row.name,
            "reason": reason,
            "present": _present(meeting),
        },
    )
    return meeting
