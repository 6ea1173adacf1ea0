"""Write use cases of gatherings, community meetings and council sessions.

Every function takes keyword-only arguments with ``actor`` first, checks the actor's permission on
the meeting's territory, runs in one transaction, records an audit event for every state change
and returns the changed object. Bad input raises :class:`~django.core.exceptions.ValidationError`
with a translated message (a dict keyed by field where a form field is at fault) and changes nothing.

Lifecycle: ``convene_meeting`` (draft) → ``publish_notice`` (convened; notice and SMS) →
``open_meeting`` (roll and quorum fixed) → ``check_in`` … ``record_vote`` / ``close_item`` per item →
``close_meeting`` → ``finalize_minutes`` (→ ``correct_minutes``); decisions then follow
``respond_to_decision`` / ``complete_decision`` and the periodic job in :mod:`.followup`.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.core import audit
from auyl.core.notifications import notify_person
from auyl.core.permissions import require_perm
from auyl.core.rules import get_rule
from auyl.territory.models import PRIMARY_LEVELS, Level

from . import rolls
from .checks import MAX_TEXT, MAX_TITLE, lock, refuse, require, text, user_or_none
from .followup import complete_decision, record_external_decision, respond_to_decision, run_followup
from .minutes import correct_minutes, finalize_minutes
from .models import AgendaItem, ItemKind, Meeting, MeetingKind, MeetingStatus
from .services_conduct import check_in, open_meeting, remove_check_in
from .services_people import add_member, end_membership, mark_need, raise_question, record_priority_needs
from .services_votes import close_item, close_meeting, record_vote, update_item

__all__ = [
    "add_member",
    "cancel_meeting",
    "check_in",
    "close_item",
    "close_meeting",
    "complete_decision",
    "convene_meeting",
    "correct_minutes",
    "end_membership",
    "finalize_minutes",
    "mark_need",
    "open_meeting",
    "publish_notice",
    "raise_question",
    "record_external_decision",
    "record_priority_needs",
    "record_vote",
    "remove_check_in",
    "respond_to_decision",
    "run_followup",
    "update_item",
    "update_meeting",
]

MAX_AGENDA = 30
GATHERING_LEVELS = (*PRIMARY_LEVELS, Level.SETTLEMENT)
AUDITED = ["title", "starts_at", "venue", "convener_label", "chair_name", "secretary_name", "status"]


def _check_place(territory, kind: str) -> None:
    if kind not in MeetingKind.values:
        raise ValidationError({"kind": [_("Unknown kind of meeting.")]})
    allowed = GATHERING_LEVELS if kind == MeetingKind.GATHERING else PRIMARY_LEVELS
    if territory.level not in allowed:
        if kind == MeetingKind.GATHERING:
            message = _("A gathering is held in a village, a settlement or a rural district.")
        else:
            message = _("A community meeting or council session is held in a rural district or a town.")
        raise ValidationError({"territory": [message]})


def earliest_date(territory, now: dt.datetime | None = None) -> dt.date:
    """The earliest meeting date a notice published now allows (rule ``assemblies.notice_days``)."""
    return timezone.localdate(now) + dt.timedelta(days=get_rule(territory, "assemblies.notice_days"))


def _check_starts_at(territory, starts_at) -> None:
    if not isinstance(starts_at, dt.datetime) or timezone.is_naive(starts_at):
        raise ValidationError({"starts_at": [_("Give the date and time of the meeting.")]})
    earliest = earliest_date(territory)
    if timezone.localdate(starts_at) < earliest:
        days = get_rule(territory, "assemblies.notice_days")
        raise ValidationError(
            {
                "starts_at": [
                    _(
                        "Residents must be notified at least %(days)s days before the meeting (the rule of this region): "
                        "the earliest date possible now is %(date)s."
                    )
                    % {"days": days, "date": f"{earliest:%d.%m.%Y}"}
                ]
            }
        )


def _clean_agenda(agenda) -> list[dict]:
    if not isinstance(agenda, list | tuple) or not agenda:
        raise ValidationError({"agenda": [_("Give at least one question for the agenda.")]})
    if len(agenda) > MAX_AGENDA:
        raise ValidationError({"agenda": [_("At most %(n)s questions on one agenda.") % {"n": MAX_AGENDA}]})
    items = []
    for number, raw in enumerate(agenda, start=1):
        raw = raw if isinstance(raw, dict) else {}
        kind = raw.get("kind") or ItemKind.LOCAL_QUESTION
        if kind not in ItemKind.values:
            raise ValidationError(
                {
                    "agenda": [
                        _(
                            "Question %(n)s: only local questions of the listed types may be put on the agenda."
                        )
                        % {"n": number}
                    ]
                }
            )
        try:
            title = text(raw.get("title"), "agenda", required=_("write the question."), max_length=500)
            decision = text(raw.get("decision_text"), "agenda", max_length=MAX_TEXT)
        except ValidationError as exc:
            raise ValidationError(
                {
                    "agenda": [
                        _("Question %(n)s: %(error)s") % {"n": number, "error": message}
                        for message in exc.messages
                    ]
                }
            ) from None
        items.append(
            AgendaItem(
                number=number,
                kind=kind,
                title=title,
                decision_text=decision,
                addressed_to_akim=bool(raw.get("addressed_to_akim")),
                is_task=bool(raw.get("is_task")),
            )
        )
    return items


def _meeting_fields(title, venue, convener_label, chair_name, secretary_name) -> dict:
    return {
        "title": text(title, "title", required=_("Give the title of the meeting."), max_length=MAX_TITLE),
        "venue": text(venue, "venue", required=_("Give the venue of the meeting."), max_length=MAX_TITLE),
        "convener_label": text(convener_label, "convener_label"),
        "chair_name": text(chair_name, "chair_name"),
        "secretary_name": text(secretary_name, "secretary_name"),
    }


@transaction.atomic
def convene_meeting(
    *,
    actor,
    territory,
    kind: str,
    title: str,
    starts_at: dt.datetime,
    venue: str,
    agenda: list[dict],
    convener_label: str = "",
    chair_name: str = "",
    secretary_name: str = "",
) -> Meeting:
    """Create a meeting as a draft with its agenda.

    ``territory``: for a gathering the village, settlement (street block) or rural district whose
    residents gather; for a community meeting or council session the rural district (or town).
    ``agenda``: ``[{"kind": ItemKind value, "title": str, "addressed_to_akim": bool (optional),
    "is_task": bool (optional), "decision_text": proposed text (optional)}]`` — only local questions
    (``000:922``: the :class:`~.models.ItemKind` types). ``starts_at`` must be aware and leave at least
    the minimum notice period (rule ``assemblies.notice_days``) from today.
    """
    require_perm(actor, "assemblies.convene", territory)
    _check_place(territory, kind)
    fields = _meeting_fields(title, venue, convener_label, chair_name, secretary_name)
    _check_starts_at(territory, starts_at)
    items = _clean_agenda(agenda)
    meeting = Meeting.objects.create(
        territory=territory,
        territory_path=territory.path,
        kind=kind,
        starts_at=starts_at,
        convened_by=user_or_none(actor),
        **fields,
    )
    for item in items:
        item.meeting = meeting
    AgendaItem.objects.bulk_create(items)
    audit.record(
        actor=actor,
        action="assemblies.meeting_convened",
        obj=meeting,
        territory=territory,
        changes={
            **audit.snapshot(meeting, AUDITED),
            "kind": kind,
            "agenda": [[i.number, i.kind, i.title] for i in items],
        },
    )
    return meeting


@transaction.atomic
def update_meeting(
    *,
    actor,
    meeting: Meeting,
    title: str | None = None,
    starts_at: dt.datetime | None = None,
    venue: str | None = None,
    agenda: list[dict] | None = None,
    convener_label: str | None = None,
    chair_name: str | None = None,
    secretary_name: str | None = None,
) -> Meeting:
    """Change a draft (``agenda`` replaces the whole agenda). Refused once the notice is published."""
    meeting = lock(meeting)
    require(actor, "assemblies.convene", meeting)
    if meeting.status != MeetingStatus.DRAFT:
        raise refuse(
            _("The notice has been published: the meeting can no longer be changed, only cancelled.")
        )
    before = audit.snapshot(meeting, AUDITED)
    given = {
        "title": title,
        "venue": venue,
        "convener_label": convener_label,
        "chair_name": chair_name,
        "secretary_name": secretary_name,
    }
    current = {name: getattr(meeting, name) for name in given}
    fields = _meeting_fields(
        **{name: current[name] if value is None else value for name, value in given.items()}
    )
    if starts_at is not None:
        _check_starts_at(meeting.territory, starts_at)
        fields["starts_at"] = starts_at
    items = _clean_agenda(agenda) if agenda is not None else None
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.save()
    changes = audit.diff(before, audit.snapshot(meeting, AUDITED))
    if items is not None:
        meeting.items.all().delete()
        for item in items:
            item.meeting = meeting
        AgendaItem.objects.bulk_create(items)
        changes["agenda"] = [[i.number, i.kind, i.title] for i in items]
    audit.record(
        actor=actor,
        action="assemblies.meeting_updated",
        obj=meeting,
        territory=meeting.territory,
        changes=changes,
    )
    return meeting


def _notice_text(meeting: Meeting) -> str:
    when = timezone.localtime(meeting.starts_at)
    return _("%(kind)s, %(place)s: %(date)s at %(time)s, %(venue)s. %(title)s") % {
        "kind": meeting.get_kind_display(),
        "place": meeting.territory.name,
        "date": f"{when:%d.%m.%Y}",
        "time": f"{when:%H:%M}",
        "venue": meeting.venue,
        "title": meeting.title,
    }


def _notify_roll(meeting: Meeting, body: str, key: str) -> int:
    """One message per person on the roll (SMS, else e-mail); returns how many were queued."""
    sent = 0
    people = rolls.roll_for(meeting).only("pk", "phone", "email").order_by("pk")
    for person in people.iterator(chunk_size=2000):
        sent += notify_person(
            person,
            body,
            dedupe_key=f"{key}:{meeting.pk}:{person.pk}",
            obj=meeting,
            territory=meeting.territory,
        )
    return sent


@transaction.atomic
def publish_notice(*, actor, meeting: Meeting) -> Meeting:
    """Publish the notice of a draft on the public pages and send it to every person on the roll.

    Refused when fewer than ``assemblies.notice_days`` days are left before the meeting (the message
    names the earliest lawful date). Residents (gathering) or members (community meeting, council)
    get an SMS, or an e-mail when they have no phone; dedupe keys make a repeated call harmless.
    """
    meeting = lock(meeting)
    require(actor, "assemblies.convene", meeting)
    if meeting.status == MeetingStatus.CONVENED:
        return meeting
    if meeting.status != MeetingStatus.DRAFT:
        raise refuse(_("Only a draft meeting can be announced."))
    _check_starts_at(meeting.territory, meeting.starts_at)
    meeting.status, meeting.notice_published_at = MeetingStatus.CONVENED, timezone.now()
    meeting.save(update_fields=["status", "notice_published_at", "updated_at"])
    sent = _notify_roll(meeting, _notice_text(meeting), "assemblies-notice")
    audit.record(
        actor=actor,
        action="assemblies.notice_published",
        obj=meeting,
        territory=meeting.territory,
        changes={
            "status": [MeetingStatus.DRAFT, MeetingStatus.CONVENED],
            "notified": sent,
            "starts_at": meeting.starts_at,
        },
    )
    return meeting


@transaction.atomic
def cancel_meeting(*, actor, meeting: Meeting, reason: str) -> Meeting:
    """Cancel a meeting not yet held (draft, convened, or open before any vote); those notified are told."""
    meeting = lock(meeting)
    require(actor, "assemblies.convene", meeting)
    reason = text(reason, "reason", required=_("Give the reason for cancelling."), max_length=500)
    if meeting.status == MeetingStatus.CANCELLED:
        return meeting
    if (
        meeting.status == MeetingStatus.CLOSED
        or AgendaItem.objects.filter(meeting=meeting, vote__isnull=False).exists()
    ):
        raise refuse(_("A meeting that has voted cannot be cancelled."))
    before = meeting.status
    meeting.status, meeting.cancelled_at, meeting.cancel_reason = (
        MeetingStatus.CANCELLED,
        timezone.now(),
        reason,
    )
    meeting.save(update_fields=["status", "cancelled_at", "cancel_reason", "updated_at"])
    notified = 0
    if meeting.notice_published_at:
        when = timezone.localtime(meeting.starts_at)
        body = _("%(kind)s of %(date)s, %(place)s, is cancelled: %(reason)s") % {
            "kind": meeting.get_kind_display(),
            "date": f"{when:%d.%m.%Y}",
            "place": meeting.territory.name,
            "reason": reason,
        }
        notified = _notify_roll(meeting, body, "assemblies-cancelled")
    audit.record(
        actor=actor,
        action="assemblies.meeting_cancelled",
        obj=meeting,
        territory=meeting.territory,
        changes={"status": [before, MeetingStatus.CANCELLED], "reason": reason, "notified": notified},
    )
    return meeting
