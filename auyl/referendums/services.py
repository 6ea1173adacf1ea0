"""Every write of referendums and recall initiatives (signing and voting are in :mod:`.voting`).

Life of a question::

    residents' initiative: collecting (signatures until a date) --threshold met--> scheduled -> decided
                                                 \\--deadline passed, too few--> failed
    council / community meeting:      registered ----------------------------> scheduled -> decided
    any state before decided: cancelled (with a reason)
"""

from __future__ import annotations

import datetime as dt
import math

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.core import audit
from auyl.core.calendar import add_days
from auyl.core.permissions import require_perm
from auyl.core.rules import get_rule
from auyl.initiatives.voting import age_cutoff
from auyl.territory.models import PRIMARY_LEVELS, Level, Resident
from auyl.territory.selectors import territory_by_code

from .followup import hand_over
from .models import Ballot, Choice, Initiator, Kind, Majority, Referendum, Signature, Status, Turnout
from .voting import (  # noqa: F401  (re-exported: every write is reachable from services)
    cast_ballot,
    collecting_open,
    eligibility_error,
    record_paper_signature,
    record_polling_ballot,
    sign,
)

MAX_QUESTION = 500
MAX_TEXT = 10_000
MAX_DAYS_AHEAD = 366
AUDITED = [
    "status",
    "signatures_required",
    "signatures_until",
    "voting_from",
    "voting_until",
    "cancel_reason",
]
MEETING_KINDS = {Initiator.COUNCIL: "council_session", Initiator.COMMUNITY_MEETING: "community_meeting"}


def _text(value, field: str, *, required: str, max_length: int) -> str:
    value = (value or "").strip() if isinstance(value, str) else ""
    if required and not value:
        raise ValidationError({field: [required]})
    if len(value) > max_length:
        raise ValidationError({field: [_("At most %(n)s characters.") % {"n": max_length}]})
    return value


def adults_of(territory, day: dt.date, min_age: int) -> int:
    """Active registry residents of ``territory`` aged ``min_age`` or more on ``day``."""
    return Resident.objects.filter(
        territory_path__startswith=territory.path,
        is_active=True,
        merged_into__isnull=True,
        birth_date__lte=age_cutoff(day, min_age),
    ).count()


def _initiating_meeting(actor, territory, kind: str, initiator: str, meeting_id):
    """The closed council session or community meeting that decided to initiate the question."""
    from auyl.assemblies import selectors as assemblies

    if initiator == Initiator.RESIDENTS:
        return None
    try:
        meeting = assemblies.meeting_for(actor, meeting_id)
    except Http404:
        meeting = None
    if meeting is None:  # a published session of a body above (the district council) is public
        try:
            meeting = assemblies.public_meetings(
                territory_by_code(territory.ancestor_codes(include_self=True)[0])
            ).get(pk=int(meeting_id))
        except (ObjectDoesNotExist, Http404, ValueError, TypeError):
            raise ValidationError({"meeting": [_("Choose the meeting that took the decision.")]}) from None
    wrong = (
        meeting.kind != MEETING_KINDS[initiator]
        or meeting.status != "closed"
        or not territory.path.startswith(meeting.territory_path)
    )
    if wrong:
        raise ValidationError(
            {"meeting": [_("The decision must come from a closed meeting of that body for this territory.")]}
        )
    if kind == Kind.RECALL and initiator == Initiator.COMMUNITY_MEETING:
        adopted = [
            item
            for item in assemblies.agenda_of(meeting)
            if item.kind == "akim_dismissal" and getattr(getattr(item, "vote", None), "adopted", False)
        ]
        if not adopted:
            raise ValidationError(
                {"meeting": [_("This meeting did not adopt an initiative to dismiss the akim.")]}
            )
    return meeting


def _check_kind(territory, kind: str, initiator: str) -> None:
    if kind not in Kind.values:
        raise ValidationError({"kind": [_("Choose a local referendum or a recall initiative.")]})
    if initiator not in Initiator.values:
        raise ValidationError({"initiator": [_("Choose who initiates the question.")]})
    allowed = PRIMARY_LEVELS if kind == Kind.RECALL else (*PRIMARY_LEVELS, Level.SETTLEMENT)
    if territory.level not in allowed:
        raise ValidationError(
            {"territory": [_("Choose a rural district or town (or, for a referendum, a settlement).")]}
        )


@transaction.atomic
def create_question(
    *,
    actor,
    territory,
    kind: str,
    initiator: str,
    question: str,
    description: str = "",
    meeting_id=None,
    binding: bool = True,
) -> Referendum:
    """Register a question: a residents' initiative opens its signature collection; a question decided by
    the council or the community meeting is registered directly. The region's rules are copied onto it."""
    require_perm(actor, "referendums.manage", territory)
    _check_kind(territory, kind, initiator)
    question = _text(question, "question", required=_("Write the question."), max_length=MAX_QUESTION)
    description = _text(description, "description", required="", max_length=MAX_TEXT)
    meeting = _initiating_meeting(actor, territory, kind, initiator, meeting_id)
    today = timezone.localdate()
    min_age = get_rule(territory, "referendums.min_voter_age")
    majority_key = "referendums.recall_majority" if kind == Kind.RECALL else "referendums.majority"
    majority = get_rule(territory, majority_key)
    referendum = Referendum(
        territory=territory,
        territory_path=territory.path,
        kind=kind,
        initiator=initiator,
        initiating_meeting=meeting,
        question=question,
        description=description,
        binding=bool(binding) or kind == Kind.RECALL,
        min_age=min_age,
        turnout_percent=get_rule(territory, "referendums.turnout_percent"),
        majority=majority if majority in Majority.values else Majority.SIMPLE,
        created_by=actor,
    )
    if initiator == Initiator.RESIDENTS:
        percent = get_rule(territory, "referendums.signature_percent")
        referendum.status = Status.COLLECTING
        referendum.signatures_required = max(
            1, math.ceil(adults_of(territory, today, min_age) * percent / 100)
        )
        referendum.signatures_until = add_days(today, get_rule(territory, "referendums.signature_days"))
    else:
        referendum.status = Status.REGISTERED
    referendum.save()
    audit.record(
        actor=actor,
        action="referendums.created",
        obj=referendum,
        territory=territory,
        changes={
            "kind": kind,
            "initiator": initiator,
            "status": referendum.status,
            "meeting": getattr(meeting, "pk", None),
        },
    )
    return referendum


def _locked(referendum: Referendum) -> Referendum:
    return (
        Referendum.objects.select_for_update(of=("self",)).select_related("territory").get(pk=referendum.pk)
    )


def _save(actor, referendum: Referendum, action: str, before: dict, **extra) -> Referendum:
    referendum.save()
    changes = audit.diff(before, audit.snapshot(referendum, AUDITED)) | extra
    audit.record(actor=actor, action=action, obj=referendum, territory=referendum.territory, changes=changes)
    return referendum


def signature_count(referendum: Referendum) -> int:
    return Signature.objects.filter(referendum=referendum).count()


def _date(value, field: str) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValidationError({field: [_("Enter a date.")]})
    return value


@transaction.atomic
def schedule_vote(*, actor, referendum: Referendum, voting_from, voting_until) -> Referendum:
    """Fix the voting days. A residents' initiative needs its signatures first."""
    referendum = _locked(referendum)
    require_perm(actor, "referendums.manage", referendum.territory)
    if referendum.status == Status.COLLECTING:
        if signature_count(referendum) < referendum.signatures_required:
            raise ValidationError(
                _("The initiative has %(have)s of the %(need)s signatures it needs.")
                % {"have": signature_count(referendum), "need": referendum.signatures_required}
            )
    elif referendum.status not in (Status.REGISTERED, Status.SCHEDULED):
        raise ValidationError(_("Voting can no longer be scheduled for this question."))
    if referendum.status == Status.SCHEDULED and referendum.voting_from <= timezone.localdate():
        raise ValidationError(_("Voting has started: its days cannot be changed."))
    start, end = _date(voting_from, "voting_from"), _date(voting_until, "voting_until")
    today = timezone.localdate()
    if start <= today:
        raise ValidationError(
            {"voting_from": [_("Voting must start after today, so residents can be told.")]}
        )
    if end < start:
        raise ValidationError({"voting_until": [_("Voting cannot end before it starts.")]})
    if (end - today).days > MAX_DAYS_AHEAD:
        raise ValidationError({"voting_until": [_("Voting must end within a year.")]})
    before = audit.snapshot(referendum, AUDITED)
    referendum.status, referendum.voting_from, referendum.voting_until = Status.SCHEDULED, start, end
    return _save(actor, referendum, "referendums.scheduled", before)


def majority_met(rule: str, yes: int, no: int, roll: int) -> bool:
    if rule == Majority.TWO_THIRDS:
        return yes > 0 and 3 * yes >= 2 * (yes + no)
    if rule == Majority.ABSOLUTE:
        return 2 * yes > roll
    return 2 * yes > yes + no


@transaction.atomic
def declare_result(*, actor, referendum: Referendum) -> Referendum:
    """Count the ballots once voting has closed; a binding adopted result is handed over for follow-up."""
    referendum = _locked(referendum)
    require_perm(actor, "referendums.manage", referendum.territory)
    if referendum.status != Status.SCHEDULED:
        raise ValidationError(_("Only a question whose vote was held can have its result declared."))
    if timezone.localdate() <= referendum.voting_until:
        raise ValidationError(_("Voting is still open: the result is declared after its last day."))
    yes = Ballot.objects.filter(referendum=referendum, choice=Choice.YES).count()
    no = Ballot.objects.filter(referendum=referendum, choice=Choice.NO).count()
    voted = Turnout.objects.filter(referendum=referendum).count()
    if voted != yes + no:  # roll and ballots are written together; a difference means tampering
        raise ValidationError(
            _("The turnout roll and the ballots do not match: the result cannot be declared.")
        )
    roll = max(adults_of(referendum.territory, referendum.voting_until, referendum.min_age), voted)
    before = audit.snapshot(referendum, AUDITED)
    referendum.roll_size, referendum.votes_yes, referendum.votes_no = roll, yes, no
    referendum.turnout_reached = roll > 0 and 100 * voted >= referendum.turnout_percent * roll
    referendum.adopted = bool(referendum.turnout_reached) and majority_met(referendum.majority, yes, no, roll)
    referendum.status, referendum.decided_at = Status.DECIDED, timezone.now()
    result = {"roll": roll, "yes": yes, "no": no, "turnout_reached": referendum.turnout_reached}
    _save(actor, referendum, "referendums.decided", before, result=result, adopted=referendum.adopted)
    if referendum.adopted and referendum.binding:
        hand_over(actor, referendum)
    return referendum


@transaction.atomic
def cancel(*, actor, referendum: Referendum, reason: str) -> Referendum:
    referendum = _locked(referendum)
    require_perm(actor, "referendums.manage", referendum.territory)
    if referendum.status in (Status.DECIDED, Status.FAILED, Status.CANCELLED):
        raise ValidationError(_("This question is already closed."))
    if referendum.status == Status.SCHEDULED and referendum.voting_from <= timezone.localdate():
        raise ValidationError(_("Voting has started: the question can no longer be cancelled."))
    reason = _text(reason, "reason", required=_("Give the reason for cancelling."), max_length=500)
    before = audit.snapshot(referendum, AUDITED)
    referendum.status, referendum.cancel_reason = Status.CANCELLED, reason
    return _save(actor, referendum, "referendums.cancelled", before)


def close_expired_collections(today: dt.date | None = None) -> dict:
    """Periodic job: initiatives whose collection ended without enough signatures fail (idempotent)."""
    today = today or timezone.localdate()
    failed = 0
    due = Referendum.objects.filter(status=Status.COLLECTING, signatures_until__lt=today)
    for pk in list(due.values_list("pk", flat=True)[:500]):
        with transaction.atomic():
            referendum = _locked(Referendum(pk=pk))
            if (
                referendum.status != Status.COLLECTING
                or signature_count(referendum) >= referendum.signatures_required
            ):
                continue
            before = audit.snapshot(referendum, AUDITED)
            referendum.status = Status.FAILED
            _save("system", referendum, "referendums.failed", before)
            failed += 1
    return {"failed": failed}
