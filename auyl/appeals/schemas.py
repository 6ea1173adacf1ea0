"""API input and output shapes for appeals.

Outputs are built by :func:`appeal_out` / :func:`track_out` rather than read straight off the model,
because what a caller sees depends on who they are: the applicant's personal data (name, phone,
e-mail, postal address) only reaches users holding ``appeal.view_personal`` on the appeal's
territory, and the public tracking view never carries it at all. Text is returned exactly as stored;
JSON encoding makes ``<script>`` inert, and the pages escape it when they render.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from ninja import Schema
from pydantic import Field

from .models import OPEN_STATUSES

PERSONAL_FIELDS = ("applicant_name", "organization_name", "applicant_phone", "applicant_email",
                   "applicant_address")


class AppealIn(Schema):
    """A new appeal. ``territory_code`` is the rural district or a settlement in it (KATO code)."""

    territory_code: str = Field(max_length=12)
    topic: str = Field(max_length=60, description="Topic code")
    channel: str = Field(max_length=30)
    received_on: dt.date | None = Field(None, description="Defaults to today; never in the future")
    applicant_kind: str = Field("individual", max_length=20)
    applicant_name: str = Field("", max_length=300)
    organization_name: str = Field("", max_length=300)
    applicant_phone: str = Field("", max_length=32)
    applicant_email: str = Field("", max_length=254)
    applicant_address: str = Field("", max_length=300)
    resident_id: int | None = None
    subject: str = Field(max_length=1000)
    text: str = Field(max_length=100_000)
    is_collective: bool = False
    is_public: bool = False


class AssignIn(Schema):
    executor_id: int


class AnswerIn(Schema):
    outcome: str = Field(max_length=20)
    text: str = Field(max_length=100_000)
    promised_action: str = Field("", max_length=20_000)
    promised_by: dt.date | None = None


class ExtendIn(Schema):
    reason: str = Field(max_length=20_000)


class RedirectIn(Schema):
    to_body: str = Field(max_length=300)
    note: str = Field("", max_length=20_000)


class ExecuteIn(Schema):
    note: str = Field(max_length=20_000)


class RateIn(Schema):
    number: str = Field(max_length=40)
    code: str = Field(max_length=40)
    rating: int = Field(ge=1, le=5)
    comment: str = Field("", max_length=5_000)


class StepOut(Schema):
    at: dt.datetime
    kind: str
    actor: str | None = None
    note: str
    is_public: bool


class PublicStepOut(Schema):
    at: dt.datetime
    kind: str
    note: str


class AppealRowOut(Schema):
    number: str
    territory_code: str
    settlement_code: str | None = None
    status: str
    status_label: str
    topic: str
    topic_name: str
    channel: str
    subject: str
    received_on: dt.date
    registered_at: dt.datetime
    deadline: dt.date
    overdue: bool
    executor: str | None = None
    executor_id: int | None = None
    outcome: str
    is_collective: bool
    is_public: bool
    risk_points: int
    applicant_kind: str
    personal_data_hidden: bool = Field(description="True when the caller may not see the applicant's data")
    applicant_name: str | None = None
    organization_name: str | None = None
    applicant_phone: str | None = None
    applicant_email: str | None = None
    applicant_address: str | None = None


class AppealDetailOut(AppealRowOut):
    text: str
    original_deadline: dt.date
    extension_reason: str
    redirected_to: str
    answer_text: str
    answered_at: dt.datetime | None = None
    promised_action: str
    promised_by: dt.date | None = None
    executed_at: dt.datetime | None = None
    execution_note: str
    rating: int | None = None
    rating_comment: str
    risk_factors: list
    clock: dict = Field(description="days_left, is_overdue, registration_late, answered_on_time, extended, "
                                    "execution_due, execution_overdue")
    history: list[StepOut]


class RegisteredOut(AppealDetailOut):
    tracking_code: str = Field(description="Secret code for tracking; shown once, empty on a retried request")


class AppealPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[AppealRowOut]


class TrackOut(Schema):
    number: str
    status: str
    status_label: str
    topic_name: str
    registered_at: dt.datetime
    deadline: dt.date
    overdue: bool
    executor: str | None = None
    outcome: str
    outcome_label: str
    answer_text: str
    answered_at: dt.datetime | None = None
    promised_action: str
    promised_by: dt.date | None = None
    executed_at: dt.datetime | None = None
    rating: int | None = None
    history: list[PublicStepOut]


def person_name(user) -> str | None:
    if user is None:
        return None
    return user.full_name or user.get_username()


def is_overdue(appeal) -> bool:
    return appeal.status in OPEN_STATUSES and appeal.deadline < timezone.localdate()


def may_see_personal(appeal, personal_paths: list[str]) -> bool:
    """``personal_paths``: the caller's ``paths_for(user, "appeal.view_personal")``."""
    return any(appeal.territory_path.startswith(path) for path in personal_paths)


def appeal_row(appeal, personal_paths: list[str]) -> dict:
    """One appeal as a list row; personal data only for those allowed to see it."""
    personal = may_see_personal(appeal, personal_paths)
    row = {
        "number": appeal.number, "territory_code": appeal.territory.code,
        "settlement_code": appeal.settlement.code if appeal.settlement_id else None,
        "status": appeal.status, "status_label": str(appeal.get_status_display()),
        "topic": appeal.topic.code, "topic_name": appeal.topic.name, "channel": appeal.channel,
        "subject": appeal.subject, "received_on": appeal.received_on, "registered_at": appeal.registered_at,
        "deadline": appeal.deadline, "overdue": is_overdue(appeal),
        "executor": person_name(appeal.executor), "executor_id": appeal.executor_id,
        "outcome": appeal.outcome, "is_collective": appeal.is_collective, "is_public": appeal.is_public,
        "risk_points": appeal.risk_points, "applicant_kind": appeal.applicant_kind,
        "personal_data_hidden": not personal,
    }
    for field in PERSONAL_FIELDS:
        row[field] = getattr(appeal, field) if personal else None
    return row


def appeal_detail(appeal, personal_paths: list[str], steps, clock: dict) -> dict:
    fields = ("text", "original_deadline", "extension_reason", "redirected_to", "answer_text", "answered_at",
              "promised_action", "promised_by", "executed_at", "execution_note", "rating", "rating_comment",
              "risk_factors")
    return {
        **appeal_row(appeal, personal_paths),
        **{field: getattr(appeal, field) for field in fields},
        "clock": clock,
        "history": [{"at": s.at, "kind": s.kind, "actor": person_name(s.actor), "note": s.note,
                     "is_public": s.is_public} for s in steps],
    }


def track_out(appeal, public_steps) -> dict:
    """What the applicant sees with number + code: no personal data of anyone but the executor's name."""
    return {
        "number": appeal.number, "status": appeal.status, "status_label": str(appeal.get_status_display()),
        "topic_name": appeal.topic.name, "registered_at": appeal.registered_at, "deadline": appeal.deadline,
        "overdue": is_overdue(appeal), "executor": person_name(appeal.executor), "outcome": appeal.outcome,
        "outcome_label": str(appeal.get_outcome_display()) if appeal.outcome else "",
        "answer_text": appeal.answer_text, "answered_at": appeal.answered_at,
        "promised_action": appeal.promised_action, "promised_by": appeal.promised_by,
        "executed_at": appeal.executed_at, "rating": appeal.rating,
        "history": [{"at": s.at, "kind": s.kind, "note": s.note} for s in public_steps],
    }


def _period(period) -> dict:
    return {"label": period.label, "start": period.start, "end": period.end}


def _number(value) -> float | None:
    return None if value is None else float(value)


def _summary(rows) -> list[dict]:
    return [{"key": r.key, "label": r.label, "count": r.count, "percent": _number(r.percent)} for r in rows]


def monthly_out(analysis) -> dict:
    """A :class:`reports.MonthlyAnalysis` as JSON (percentages as numbers with two decimals)."""
    return {
        "territory_code": analysis.territory.code, "territory_name": analysis.territory.name,
        "period": _period(analysis.period), "total": analysis.total,
        **{name: _summary(getattr(analysis, name)) for name in
           ("by_topic", "by_channel", "by_applicant_kind", "by_outcome", "by_place", "indicators")},
        "place_is_settlement": analysis.place_is_settlement,
        "average_days_to_answer": _number(analysis.average_days_to_answer),
        "top_issues": [{"topic": t.topic.code, "topic_name": t.label, "count": t.count, "previous": t.previous,
                        "last_year": t.last_year, "change_previous": t.change_previous,
                        "change_last_year": t.change_last_year} for t in analysis.top_issues],
    }


def _cell(cell) -> dict:
    return {"count": cell.count, "percent": _number(cell.percent), "repeats": cell.repeats}


def form_out(table) -> dict:
    """A :class:`reports.FormTable` as JSON: every row of the form (zeros included) x the periods."""
    return {
        "form": table.form.key, "title": table.title, "territory_code": table.territory.code,
        "territory_name": table.territory.name, "channel": table.channel,
        "periods": [_period(p) for p in table.periods],
        "rows": [{"code": r.code, "label": r.label, "cells": [_cell(c) for c in r.cells]} for r in table.rows],
        "totals": [_cell(c) for c in table.totals],
    }


class ErrorOut(Schema):
    error: str
    messages: list | dict
