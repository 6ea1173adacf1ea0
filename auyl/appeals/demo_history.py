"""DEMO ONLY: give demo appeals the past they had in the sources (registered and answered years ago).

``register_appeal`` registers *now* and numbers by the current year, as a registrar must. The demo
re-enters appeals of 2021-2023 from the sources, so after registering one through the ordinary service
this module writes what happened to it back then: the registration date (and so its number in the
register of *that* year, keeping both years' numbering gap-free), the executor, the outcome, the answer
and its date. Every such write is recorded in the audit log as ``appeal.demo_history`` with the values
written, so nobody can mistake it for a real registration. Nothing outside the demo calls this.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone

from auyl.core import audit

from . import risk
from .models import Appeal, AppealCounter, AppealStep, Outcome, Status
from .tracking import tracking_hash

ACTOR = "demo"


@dataclass
class History:
    registered_on: dt.date
    outcome: str = ""  # "" = still open
    answered_on: dt.date | None = None
    answer_text: str = ""
    executor: object = None
    redirected_to: str = ""


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _renumber(appeal: Appeal, code: str, year: int) -> None:
    """Move a just-registered appeal from this year's register into ``year``'s, leaving no gap in either:
    it must hold the last number of this year (the counter row is locked by the demo's transaction)."""
    if appeal.year == year:
        return
    current = AppealCounter.objects.select_for_update().get(territory=appeal.territory, year=appeal.year)
    if current.last_number != appeal.seq:
        raise RuntimeError("demo history must be written right after the appeal is registered")
    AppealCounter.objects.filter(pk=current.pk).update(last_number=F("last_number") - 1)
    target, _created = AppealCounter.objects.get_or_create(territory=appeal.territory, year=year)
    target = AppealCounter.objects.select_for_update().get(pk=target.pk)
    target.last_number += 1
    target.save(update_fields=["last_number"])
    appeal.year, appeal.seq = year, target.last_number
    appeal.number = f"{appeal.territory.code}-{year}-{appeal.seq:05d}"
    appeal.tracking_code_hash = tracking_hash(appeal.number, code)


def _answer(appeal: Appeal, history: History) -> None:
    answered_at = _at(history.answered_on, 16)
    appeal.executor, appeal.assigned_at = history.executor, _at(history.registered_on, 11)
    appeal.outcome, appeal.answer_text = history.outcome, history.answer_text
    if history.outcome == Outcome.REDIRECTED:
        appeal.status, appeal.redirected_to, appeal.redirected_at = Status.REDIRECTED, history.redirected_to, answered_at
        return
    appeal.answered_at, appeal.answered_by, appeal.status = answered_at, history.executor, Status.CLOSED
    if history.outcome == Outcome.SATISFIED:
        appeal.promised_action = history.answer_text
        appeal.promised_by = history.answered_on + dt.timedelta(days=30)
        appeal.executed_at = _at(history.answered_on + dt.timedelta(days=20), 12)
        appeal.execution_note = appeal.promised_action


def write_history(appeal: Appeal, code: str, history: History, risk_tables: dict | None = None) -> Appeal:
    """Write ``history`` onto ``appeal`` (registered a moment ago in the demo's transaction).
    ``risk_tables`` caches the risk points per territory over one demo load."""
    risk_tables = {} if risk_tables is None else risk_tables
    if appeal.territory_id not in risk_tables:
        risk_tables[appeal.territory_id] = risk.points_table(appeal.territory)
    old_number = appeal.number
    _renumber(appeal, code, history.registered_on.year)
    appeal.registered_at = _at(history.registered_on)
    if history.outcome:
        _answer(appeal, history)
    risk.recompute(appeal, table=risk_tables[appeal.territory_id])
    appeal.save()
    AppealStep.objects.filter(appeal=appeal, kind="registered").update(at=appeal.registered_at)
    if history.outcome:
        kind = "redirected" if history.outcome == Outcome.REDIRECTED else "answered"
        step = AppealStep.objects.create(appeal=appeal, kind=kind, actor=appeal.answered_by,
                                         note=history.redirected_to or history.answer_text)
        AppealStep.objects.filter(pk=step.pk).update(at=appeal.answered_at or appeal.redirected_at)
    audit.record(actor=ACTOR, action="appeal.demo_history", obj=appeal, territory=appeal.territory, changes={
        "number": [old_number, appeal.number], "registered_at": appeal.registered_at, "outcome": appeal.outcome,
        "answered_at": appeal.answered_at, "redirected_at": appeal.redirected_at, "status": appeal.status})
    return appeal
