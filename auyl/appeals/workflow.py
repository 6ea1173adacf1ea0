"""Staff actions on an appeal under consideration: assign, extend, redirect, answer, mark executed.

Each is atomic, permission-checked on the appeal's territory, leaves a visible step and an audit
event, and locks the appeal row so that a double-click or two officials at once cannot interleave.
Import them from :mod:`auyl.appeals.services`.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.core.calendar import add_days
from auyl.core.permissions import has_perm
from auyl.core.rules import get_rule

from . import risk
from .history import before, lock, notify_applicant, notify_user, refuse, require, required_text, step
from .models import OPEN_STATUSES, Appeal, Outcome, Status

MAX_BODY = 300
MAX_TEXT = 20_000


def _save(appeal: Appeal) -> None:
    risk.recompute(appeal)
    appeal.save()


@transaction.atomic
def assign(*, actor, appeal: Appeal, executor) -> Appeal:
    """Give the appeal to ``executor`` (who must be able to answer appeals of its territory)."""
    require(actor, "appeal.assign", appeal)
    lock(appeal)
    if appeal.status not in (*OPEN_STATUSES, Status.ANSWERED):
        raise refuse(_("This appeal is finished and can no longer be assigned."))
    if (executor is None or not getattr(executor, "is_active", False)
            or not has_perm(executor, "appeal.answer", appeal.territory)):
        raise ValidationError({"executor": [_("This person cannot answer appeals of this rural district.")]})
    if appeal.executor_id == executor.pk and appeal.status != Status.REGISTERED:
        return appeal  # the same assignment again (a double-click): nothing to change
    old = before(appeal)
    appeal.executor, appeal.assigned_at = executor, timezone.now()
    if appeal.status == Status.REGISTERED:
        appeal.status = Status.IN_PROGRESS
    _save(appeal)
    step(appeal, kind="assigned", actor=actor, note=str(executor), old=old)
    params = {"number": appeal.number, "subject": appeal.subject, "deadline": appeal.deadline.strftime("%d.%m.%Y")}
    notify_user(executor, appeal, lambda: _(
        "You are the executor of appeal %(number)s \"%(subject)s\". Answer due by %(deadline)s.") % params,
        email_only=True)
    return appeal


@transaction.atomic
def extend_deadline(*, actor, appeal: Appeal, reason: str) -> Appeal:
    """The one allowed extension, with a written reason (rule ``appeals.extension_days``)."""
    require(actor, "appeal.extend", appeal)
    lock(appeal)
    if appeal.status not in OPEN_STATUSES:
        raise refuse(_("Only an appeal under consideration can have its deadline extended."))
    if appeal.extended_at is not None:
        raise refuse(_("The deadline of this appeal has already been extended once."))
    reason = required_text(reason, "reason", _("Write the reason for the extension."))
    old = before(appeal)
    days = get_rule(appeal.territory, "appeals.extension_days")
    appeal.deadline = add_days(appeal.deadline, days, get_rule(appeal.territory, "appeals.day_mode"))
    appeal.extension_reason, appeal.extended_at = reason, timezone.now()
    _save(appeal)
    step(appeal, kind="extended", actor=actor, note=reason, old=old)
    notify_applicant(appeal, _("The answer to appeal %(number)s is now due by %(deadline)s.") % {
        "number": appeal.number, "deadline": appeal.deadline.strftime("%d.%m.%Y")},
        dedupe_key=f"appeal-extended:{appeal.pk}")
    return appeal


@transaction.atomic
def redirect(*, actor, appeal: Appeal, to_body: str, note: str = "") -> Appeal:
    """Send the appeal to the competent body; the applicant is told where it went."""
    require(actor, "appeal.redirect", appeal)
    lock(appeal)
    if appeal.status not in OPEN_STATUSES:
        raise refuse(_("Only an appeal under consideration can be redirected."))
    to_body = required_text(to_body, "to_body", _("Name the body the appeal is sent to."), MAX_BODY)
    note = note.strip() if isinstance(note, str) else ""
    old = before(appeal)
    appeal.status, appeal.outcome = Status.REDIRECTED, Outcome.REDIRECTED
    appeal.redirected_to, appeal.redirected_at = to_body, timezone.now()
    _save(appeal)
    step(appeal, kind="redirected", actor=actor, note=f"{to_body}\n{note}".strip(), old=old)
    notify_applicant(appeal, _("Appeal %(number)s has been sent for consideration to: %(body)s.") % {
        "number": appeal.number, "body": to_body}, dedupe_key=f"appeal-redirected:{appeal.pk}")
    return appeal


ANSWER_OUTCOMES = [value for value in Outcome.values if value != Outcome.REDIRECTED]


def _clean_answer(appeal: Appeal, outcome, text, promised_action, promised_by) -> dict:
    if outcome not in ANSWER_OUTCOMES or (outcome == Outcome.RE_EXAMINED and not appeal.reexamination_count):
        raise ValidationError({"outcome": [_("Choose the outcome of the consideration.")]})
    message = (_("Give the reasons for the refusal.") if outcome == Outcome.REFUSED
               else _("Write the answer to the applicant."))
    cleaned = {"outcome": outcome, "answer_text": required_text(text, "text", message, MAX_TEXT),
               "promised_action": "", "promised_by": None}
    if outcome == Outcome.SATISFIED:
        errors = {}
        action = promised_action.strip() if isinstance(promised_action, str) else ""
        if not action:
            errors["promised_action"] = [_("Say what will be done to satisfy the appeal.")]
        if not isinstance(promised_by, dt.date) or isinstance(promised_by, dt.datetime):
            errors["promised_by"] = [_("Give the date by which it will be done.")]
        elif promised_by < timezone.localdate():
            errors["promised_by"] = [_("The date by which it will be done cannot be in the past.")]
        if errors:
            raise ValidationError(errors)
        cleaned |= {"promised_action": action[:MAX_TEXT], "promised_by": promised_by}
    return cleaned


@transaction.atomic
def answer(*, actor, appeal: Appeal, outcome: str, text: str, promised_action: str = "",
           promised_by: dt.date | None = None) -> Appeal:
    """Record the outcome and the answer. "Satisfied" stays open for execution; others close."""
    require(actor, "appeal.answer", appeal)
    lock(appeal)
    if appeal.status not in OPEN_STATUSES:
        raise refuse(_("This appeal has already been answered or is closed; a new answer needs a "
                       "request for re-examination."))
    if appeal.executor_id not in (None, getattr(actor, "pk", None)) and not has_perm(
            actor, "appeal.assign", appeal.territory):
        raise refuse(_("This appeal is assigned to another executor."))
    cleaned = _clean_answer(appeal, outcome, text, promised_action, promised_by)
    old = before(appeal)
    for field, value in cleaned.items():
        setattr(appeal, field, value)
    appeal.answered_at, appeal.answered_by = timezone.now(), actor
    appeal.status = Status.ANSWERED if outcome == Outcome.SATISFIED else Status.CLOSED
    _save(appeal)
    step(appeal, kind="answered", actor=actor, note=appeal.answer_text,
         old=old)
    notify_applicant(appeal, _("Appeal %(number)s has been answered: %(outcome)s.") % {
        "number": appeal.number, "outcome": appeal.get_outcome_display()},
        dedupe_key=f"appeal-answered:{appeal.pk}:{appeal.reexamination_count}")
    return appeal


@transaction.atomic
def mark_executed(*, actor, appeal: Appeal, note: str) -> Appeal:
    """The promised action of a satisfied appeal is done: the appeal closes."""
    require(actor, "appeal.answer", appeal)
    lock(appeal)
    if appeal.status != Status.ANSWERED or appeal.outcome != Outcome.SATISFIED:
        raise refuse(_("Only a satisfied appeal that is being carried out can be marked as done."))
    note = required_text(note, "note", _("Describe what was done."))
    old = before(appeal)
    appeal.status, appeal.executed_at, appeal.execution_note = Status.CLOSED, timezone.now(), note
    _save(appeal)
    step(appeal, kind="executed", actor=actor, note=note, old=old)
    notify_applicant(appeal, _("What was promised in the answer to appeal %(number)s has been done.") % {
        "number": appeal.number}, dedupe_key=f"appeal-executed:{appeal.pk}:{appeal.reexamination_count}")
    return appeal
