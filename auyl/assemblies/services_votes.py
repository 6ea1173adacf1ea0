"""Voting item by item, closing items and the meeting.

Re-exported by :mod:`auyl.assemblies.services`; see its docstring for the conventions.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.core import audit
from auyl.core.rules import get_rule

from .checks import MAX_TEXT, lock, refuse, require, text, user_or_none
from .followup import create_decision
from .models import (
    AgendaItem,
    Attendance,
    AttendeeKind,
    Ballot,
    Choice,
    ItemStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Vote,
    VoteMethod,
)
from .quorum import votes_needed
from .services_conduct import _present, _require_open


def _locked_item(item: AgendaItem) -> tuple[Meeting, AgendaItem]:
    meeting = lock(item.meeting)
    return meeting, AgendaItem.objects.select_for_update().get(pk=item.pk)


@transaction.atomic
def update_item(
    *,
    actor,
    item: AgendaItem,
    decision_text: str | None = None,
    discussion: str | None = None,
    addressed_to_akim: bool | None = None,
    is_task: bool | None = None,
) -> AgendaItem:
    """Edit the decision text, the discussion notes and the follow-up flags of an item still open."""
    meeting, item = _locked_item(item)
    require(actor, "assemblies.conduct", meeting)
    if meeting.status in (MeetingStatus.CLOSED, MeetingStatus.CANCELLED) or item.status == ItemStatus.CLOSED:
        raise refuse(_("This question is closed: correct the minutes instead."))
    before = audit.snapshot(item, ["decision_text", "discussion", "addressed_to_akim", "is_task"])
    if decision_text is not None:
        item.decision_text = text(decision_text, "decision_text", max_length=MAX_TEXT)
    if discussion is not None:
        item.discussion = text(discussion, "discussion", max_length=MAX_TEXT)
    if addressed_to_akim is not None:
        item.addressed_to_akim = bool(addressed_to_akim)
    if is_task is not None:
        item.is_task = bool(is_task)
    item.save()
    audit.record(
        actor=actor,
        action="assemblies.item_updated",
        obj=meeting,
        territory=meeting.territory,
        changes={
            "item": item.number,
            **audit.diff(
                before, audit.snapshot(item, ["decision_text", "discussion", "addressed_to_akim", "is_task"])
            ),
        },
    )
    return item


def _count(value, field: str) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError({field: [_("Enter a whole number of votes, zero or more.")]})
    return value


def _tally_ballots(meeting: Meeting, ballots) -> tuple[list[tuple[int, str]], dict[str, int]]:
    if meeting.kind == MeetingKind.GATHERING:
        raise ValidationError({"ballots": [_("At a gathering the open vote is entered as counts.")]})
    if not isinstance(ballots, dict) or not ballots:
        raise ValidationError({"ballots": [_("Give each member's vote.")]})
    present = set(
        Attendance.objects.filter(meeting=meeting, kind=AttendeeKind.PARTICIPANT).values_list(
            "resident_id", flat=True
        )
    )
    rows, tally = [], dict.fromkeys(Choice.values, 0)
    for key, choice in ballots.items():
        pk = int(key) if str(key).isdigit() else None
        if pk not in present:
            raise ValidationError({"ballots": [_("Only members checked in at this meeting can vote.")]})
        if choice not in Choice.values:
            raise ValidationError({"ballots": [_("A vote is for, against or abstained.")]})
        rows.append((pk, choice))
        tally[choice] += 1
    return rows, tally


@transaction.atomic
def record_vote(
    *,
    actor,
    item: AgendaItem,
    votes_for: int | None = None,
    votes_against: int | None = None,
    abstained: int | None = None,
    ballots: dict | None = None,
    decision_text: str | None = None,
) -> Vote:
    """Record the open vote on ``item`` of an open meeting; whether it is adopted is computed.

    Either counts (``votes_for``, ``votes_against``, ``abstained``) or, for member meetings,
    ``ballots`` ``{resident_pk: "for" | "against" | "abstain"}`` of the members checked in.
    Refused without quorum ("n of N required"), on a closed item, twice, or with counts exceeding
    those present. The decision is adopted when the votes for reach the region's majority rule
    ``assemblies.majority.<kind>`` (default: more than half of those present).
    """
    meeting, item = _locked_item(item)
    require(actor, "assemblies.conduct", meeting)
    _require_open(meeting)
    if item.status == ItemStatus.CLOSED:
        raise refuse(_("Question %(n)s is closed: no vote can be recorded on it.") % {"n": item.number})
    if Vote.objects.filter(item=item).exists():
        raise refuse(_("The vote on question %(n)s has already been recorded.") % {"n": item.number})
    present = _present(meeting)
    if present < meeting.quorum_required:
        raise refuse(
            _("No quorum: %(present)s present of %(required)s required. The vote cannot be taken.")
            % {"present": present, "required": meeting.quorum_required}
        )
    rows = []
    if ballots is not None:
        rows, tally = _tally_ballots(meeting, ballots)
        counts, method = (tally[Choice.FOR], tally[Choice.AGAINST], tally[Choice.ABSTAIN]), VoteMethod.BY_NAME
    else:
        counts = (
            _count(votes_for, "votes_for"),
            _count(votes_against, "votes_against"),
            _count(abstained, "abstained"),
        )
        method = VoteMethod.COUNTS
    if sum(counts) > present:
        raise ValidationError(
            {
                "votes_for": [
                    _("The votes (%(votes)s) exceed the participants present (%(present)s).")
                    % {"votes": sum(counts), "present": present}
                ]
            }
        )
    if decision_text is not None:
        item.decision_text = text(decision_text, "decision_text", max_length=MAX_TEXT)
        item.save(update_fields=["decision_text"])
    rule = get_rule(meeting.territory, f"assemblies.majority.{meeting.kind}")
    needed = votes_needed(rule, present=present, voting=sum(counts), roll_size=meeting.roll_size or 0)
    vote = Vote.objects.create(
        item=item,
        method=method,
        votes_for=counts[0],
        votes_against=counts[1],
        abstained=counts[2],
        present=present,
        quorum_required=meeting.quorum_required,
        majority_rule=rule,
        votes_needed=needed,
        adopted=counts[0] >= needed,
        recorded_by=user_or_none(actor),
    )
    Ballot.objects.bulk_create([Ballot(vote=vote, resident_id=pk, choice=choice) for pk, choice in rows])
    audit.record(
        actor=actor,
        action="assemblies.vote_recorded",
        obj=meeting,
        territory=meeting.territory,
        changes={
            "item": item.number,
            "method": method,
            "for": counts[0],
            "against": counts[1],
            "abstained": counts[2],
            "present": present,
            "rule": rule,
            "needed": needed,
            "adopted": vote.adopted,
            "ballots": [[pk, choice] for pk, choice in rows],
        },
    )
    return vote


def _close(actor, meeting: Meeting, item: AgendaItem) -> AgendaItem:
    vote = Vote.objects.filter(item=item).first()
    if vote is not None and vote.adopted and not item.decision_text.strip():
        raise ValidationError(
            {
                "decision_text": [
                    _("Question %(n)s was adopted: write the decision before closing it.")
                    % {"n": item.number}
                ]
            }
        )
    item.status, item.closed_at = ItemStatus.CLOSED, timezone.now()
    item.save(update_fields=["status", "closed_at", "decision_text"])
    decision = create_decision(actor, item) if vote is not None and vote.adopted else None
    audit.record(
        actor=actor,
        action="assemblies.item_closed",
        obj=meeting,
        territory=meeting.territory,
        changes={
            "item": item.number,
            "status": [ItemStatus.OPEN, ItemStatus.CLOSED],
            "voted": vote is not None,
            "adopted": bool(vote and vote.adopted),
            "decision_id": getattr(decision, "pk", None),
        },
    )
    return item


@transaction.atomic
def close_item(*, actor, item: AgendaItem, decision_text: str | None = None) -> AgendaItem:
    """Close an item: no vote is accepted on it afterwards. An adopted decision becomes a
    :class:`~.models.Decision`, followed up when addressed to the akim or a task."""
    meeting, item = _locked_item(item)
    require(actor, "assemblies.conduct", meeting)
    _require_open(meeting)
    if item.status == ItemStatus.CLOSED:
        return item
    if decision_text is not None:
        item.decision_text = text(decision_text, "decision_text", max_length=MAX_TEXT)
    return _close(actor, meeting, item)


@transaction.atomic
def close_meeting(*, actor, meeting: Meeting) -> Meeting:
    """Close an open meeting and every item still open (an adopted item needs its decision text)."""
    meeting = lock(meeting)
    require(actor, "assemblies.conduct", meeting)
    if meeting.status == MeetingStatus.CLOSED:
        return meeting
    _require_open(meeting)
    for item in AgendaItem.objects.select_for_update().filter(meeting=meeting, status=ItemStatus.OPEN):
        _close(actor, meeting, item)
    meeting.status, meeting.closed_at = MeetingStatus.CLOSED, timezone.now()
    meeting.save(update_fields=["status", "closed_at", "updated_at"])
    audit.record(
        actor=actor,
        action="assemblies.meeting_closed",
        obj=meeting,
        territory=meeting.territory,
        changes={"status": [MeetingStatus.OPEN, MeetingStatus.CLOSED], "present": _present(meeting)},
    )
    return meeting
