"""Local referendums and recall initiatives as open data (read-only, no sign-in): what the public pages
``/referendums/d/<code>/`` and ``/referendums/<id>/`` show and nothing more.

A question's kind, initiator, rules, status, the number of signatures against the number required, the
voting days, how many have voted, the result once declared, and the follow-up of a binding adopted result
(the akim's response, its due date, the plan, the escalation), as the meeting engine records it. Who signed
and who voted (the rolls), the ballots, the staff who entered them and cancelled questions never appear.

Thin on purpose: reads are :mod:`.selectors`; bad input becomes a 4xx JSON answer through the root API's
handlers (Http404 404, schema errors 422).
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router, Schema

from auyl.territory import selectors as territory_selectors
from auyl.territory.schemas import ERRORS, KATO, UnitOut

from . import selectors
from .models import Initiator, Referendum, Status

referendums_router = Router(tags=["referendums"])


class ReferendumRowOut(Schema):
    id: int
    question: str
    kind: str
    kind_label: str
    territory: UnitOut
    status: str
    status_label: str
    voting_from: dt.date | None = None
    voting_until: dt.date | None = None
    url: str


class ReferendumPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ReferendumRowOut]


class MeetingOut(Schema):
    title: str
    date: dt.date


class RulesOut(Schema):
    turnout_percent: int
    majority: str
    majority_label: str
    min_age: int
    binding: bool


class SignaturesOut(Schema):
    count: int
    required: int
    until: dt.date | None = None


class ResultOut(Schema):
    votes_yes: int
    votes_no: int
    roll_size: int | None = None
    turnout_reached: bool
    adopted: bool


class FollowupOut(Schema):
    addressee: str
    addressee_label: str
    status: str
    status_label: str
    response_due: dt.date | None = None
    response: str | None = None
    response_label: str | None = None
    responded_on: dt.date | None = None
    response_text: str
    plan_due: dt.date | None = None
    escalation: str | None = None
    escalation_label: str | None = None
    escalated_on: dt.date | None = None
    completed_on: dt.date | None = None
    completion_note: str


class ReferendumOut(ReferendumRowOut):
    description: str
    initiator: str
    initiator_label: str
    initiating_meeting: MeetingOut | None = None
    rules: RulesOut
    signatures: SignaturesOut | None = None
    voted: int
    roll_size: int | None = None
    result: ResultOut | None = None
    followup: FollowupOut | None = None


def _day(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment else None


def _row(referendum: Referendum) -> dict:
    return {
        "id": referendum.pk,
        "question": referendum.question,
        "kind": referendum.kind,
        "kind_label": referendum.get_kind_display(),
        "territory": {"code": referendum.territory.code, "name": referendum.territory.name},
        "status": referendum.status,
        "status_label": selectors.status_label(referendum),
        "voting_from": referendum.voting_from,
        "voting_until": referendum.voting_until,
        "url": reverse("referendums:public", args=[referendum.pk]),
    }


def _followup(decision) -> dict | None:
    """The follow-up as the public page prints it (``assemblies/_decision_facts.html``)."""
    if decision is None:
        return None
    return {
        "addressee": decision.addressee,
        "addressee_label": decision.get_addressee_display(),
        "status": decision.status,
        "status_label": decision.get_status_display(),
        "response_due": decision.response_due,
        "response": decision.response or None,
        "response_label": decision.get_response_display() or None,
        "responded_on": _day(decision.responded_at),
        "response_text": decision.response_text,
        "plan_due": decision.plan_due,
        "escalation": decision.escalation or None,
        "escalation_label": decision.get_escalation_display() or None,
        "escalated_on": _day(decision.escalated_at),
        "completed_on": _day(decision.completed_at),
        "completion_note": decision.completion_note,
    }


def _detail(referendum: Referendum) -> dict:
    meeting = referendum.initiating_meeting
    decided = referendum.status == Status.DECIDED
    return {
        **_row(referendum),
        "description": referendum.description,
        "initiator": referendum.initiator,
        "initiator_label": referendum.get_initiator_display(),
        "initiating_meeting": {"title": meeting.title, "date": _day(meeting.starts_at)} if meeting else None,
        "rules": {
            "turnout_percent": referendum.turnout_percent,
            "majority": referendum.majority,
            "majority_label": referendum.get_majority_display(),
            "min_age": referendum.min_age,
            "binding": referendum.binding,
        },
        "signatures": {
            "count": referendum.signature_total,
            "required": referendum.signatures_required,
            "until": referendum.signatures_until,
        }
        if referendum.initiator == Initiator.RESIDENTS
        else None,
        "voted": referendum.turnout_total,
        "roll_size": referendum.roll_size,
        "result": {
            "votes_yes": referendum.votes_yes or 0,
            "votes_no": referendum.votes_no or 0,
            "roll_size": referendum.roll_size,
            "turnout_reached": bool(referendum.turnout_reached),
            "adopted": bool(referendum.adopted),
        }
        if decided
        else None,
        "followup": _followup(selectors.followup_of(referendum)),
    }


@referendums_router.get("/", response={200: ReferendumPage, **ERRORS})
def list_referendums(
    request,
    territory: str = Query(
        ..., pattern=KATO, description="KATO code: its questions and those of the units below"
    ),
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0),
):
    """The public questions of a territory and the units below it (all but cancelled), newest first."""
    unit = territory_selectors.territory_by_code(territory)
    queryset = selectors.public_list(unit)
    total = queryset.count()
    items = [_row(r) for r in queryset[offset : offset + limit]]
    return {"count": total, "limit": limit, "offset": offset, "items": items}


@referendums_router.get("/{referendum_id}", response={200: ReferendumOut, **ERRORS})
def referendum_detail(request, referendum_id: int):
    """One public question: rules, signatures against the threshold, voting days, turnout, the result and
    the follow-up of a binding adopted result."""
    return _detail(selectors.public_referendum(referendum_id))
