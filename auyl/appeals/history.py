"""Shared pieces of every appeal service: the visible step, the audit event, messages to people."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from auyl.core import audit, notifications
from auyl.core.permissions import require_perm

from .models import Appeal, AppealStep

# Fields whose before/after values go into the audit event of a state change.
AUDITED_FIELDS = [
    "status", "executor_id", "deadline", "extension_reason", "redirected_to", "outcome", "answer_text",
    "promised_action", "promised_by", "executed_at", "execution_note", "reexamination_count", "rating",
    "rating_comment", "repeat_of_id", "repeat_confirmed", "group_id", "risk_points",
]


def require(actor, action: str, appeal: Appeal) -> None:
    require_perm(actor, action, appeal.territory)


def before(appeal: Appeal) -> dict[str, Any]:
    return audit.snapshot(appeal, AUDITED_FIELDS)


def step(appeal: Appeal, *, kind: str, actor, note: str = "", is_public: bool = True,
         old: dict[str, Any] | None = None, changes: dict[str, Any] | None = None) -> AppealStep:
    """One visible history row and one audit event (``old``: a :func:`before` snapshot to diff)."""
    person = actor if getattr(actor, "is_authenticated", False) else None
    row = AppealStep.objects.create(appeal=appeal, kind=kind, actor=person, note=note, is_public=is_public)
    recorded = dict(changes or {})
    if old is not None:
        recorded |= audit.diff(old, audit.snapshot(appeal, AUDITED_FIELDS))
    label = actor if isinstance(actor, str) and actor else "system"
    audit.record(actor=person or label, action=f"appeal.{kind}", obj=appeal,
                 territory=appeal.territory, changes=recorded)
    return row


def notify_applicant(appeal: Appeal, body: str, *, dedupe_key: str | None) -> None:
    """SMS when the applicant gave a phone, otherwise e-mail (a paper-only applicant gets a letter).
    ``dedupe_key`` makes a message that a job may send again idempotent; None when it cannot repeat."""
    if appeal.applicant_phone:
        notifications.queue(channel="sms", recipient=appeal.applicant_phone, body=body, obj=appeal,
                            territory=appeal.territory, dedupe_key=dedupe_key)
    elif appeal.applicant_email:
        notifications.queue(channel="email", recipient=appeal.applicant_email, body=body,
                            subject=_("Appeal %(number)s") % {"number": appeal.number}, obj=appeal,
                            territory=appeal.territory, dedupe_key=dedupe_key)


def notify_user(user, appeal: Appeal, body, *, dedupe_key: str | None = None, email_only: bool = False) -> bool:
    """A message to a staff member in their language: e-mail when they have one, otherwise SMS (unless
    ``email_only``). ``body`` may be a callable, evaluated in the user's language. True when queued."""
    if not (user.email or (user.phone and not email_only)):
        return False
    with translation.override(getattr(user, "preferred_language", None) or translation.get_language()):
        text = body() if callable(body) else body
        subject = _("Appeal %(number)s") % {"number": appeal.number}
    if user.email:
        message = notifications.queue(channel="email", recipient=user.email, subject=subject, body=text,
                                      obj=appeal, territory=appeal.territory, dedupe_key=dedupe_key)
    else:
        message = notifications.queue(channel="sms", recipient=user.phone, body=f"{subject}: {text}",
                                      obj=appeal, territory=appeal.territory, dedupe_key=dedupe_key)
    return message is not None


def lock(appeal: Appeal) -> Appeal:
    """Reload ``appeal`` with its row locked until the transaction ends (two clicks never interleave)."""
    appeal.refresh_from_db(from_queryset=Appeal.objects.select_for_update())
    return appeal


MAX_NOTE = 5000


def required_text(value, field: str, message: str, max_length: int = MAX_NOTE) -> str:
    """A stripped, non-empty text of bounded length, or a ValidationError on ``field``."""
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise ValidationError({field: [message]})
    if len(text) > max_length:
        raise ValidationError({field: [_("The text is too long (at most %(n)s characters).") % {"n": max_length}]})
    return text


def refuse(message: str) -> ValidationError:
    """An error about the appeal's state rather than one field (shown above a form)."""
    return ValidationError({NON_FIELD_ERRORS: [message]})
