"""The jury at work: sessions, its recommendation, and the authority's answer within a deadline."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.core import audit
from auyl.core.calendar import add_days
from auyl.core.permissions import require_perm
from auyl.core.rules import get_rule

from . import checks
from .models import AnswerOutcome, Jury, JuryStatus, MemberStatus, Session

MAX_TOPIC, MAX_EXPERTS, MAX_LONG = 300, 500, 8000


def _accepted(jury: Jury) -> int:
    return jury.members.filter(status=MemberStatus.ACCEPTED).count()


@transaction.atomic
def add_session(*, actor, jury: Jury, date: dt.date, topic: str, experts: str = "", present=None) -> Session:
    require_perm(actor, "jury.manage", jury.territory)
    jury = checks.locked(jury)
    if jury.status != JuryStatus.DRAWN:
        raise ValidationError(_("Sessions are recorded after the draw and before the recommendation."))
    if not isinstance(date, dt.date) or date < timezone.localdate(jury.drawn_at):
        raise ValidationError({"date": [_("A session cannot be before the draw.")]})
    if present is not None and not 0 <= present <= _accepted(jury):
        raise ValidationError(
            {"present": [_("More jurors present than have accepted (%(n)s).") % {"n": _accepted(jury)}]}
        )
    session = Session.objects.create(
        jury=jury,
        date=date,
        topic=checks.text(topic, "topic", MAX_TOPIC),
        experts=checks.text(experts, "experts", MAX_EXPERTS, required=False),
        present=present,
    )
    audit.record(
        actor=actor,
        action="jury.session_recorded",
        obj=jury,
        territory=jury.territory,
        changes={"date": date, "topic": session.topic, "present": present},
    )
    return session


def answer_due(jury: Jury, day: dt.date) -> dt.date:
    return add_days(
        day,
        get_rule(jury.territory, "juries.answer_days"),
        get_rule(jury.territory, "calendar.deadline_mode"),
    )


@transaction.atomic
def recommend(*, actor, jury: Jury, text: str) -> Jury:
    """Hand the jury's recommendation to the authority; its answer is due by the per-region deadline."""
    require_perm(actor, "jury.manage", jury.territory)
    jury = checks.locked(jury)
    if jury.status != JuryStatus.DRAWN:
        raise ValidationError(_("A recommendation can be recorded only once, after the draw."))
    if not jury.sessions.exists():
        raise ValidationError(_("Record at least one session of the jury before its recommendation."))
    jury.recommendation = checks.text(text, "recommendation", MAX_LONG)
    jury.recommended_at = timezone.now()
    jury.answer_due = answer_due(jury, timezone.localdate())
    jury.status = JuryStatus.RECOMMENDED
    jury.save(update_fields=["recommendation", "recommended_at", "answer_due", "status"])
    audit.record(
        actor=actor,
        action="jury.recommended",
        obj=jury,
        territory=jury.territory,
        changes={"recommendation": jury.recommendation, "answer_due": jury.answer_due},
    )
    return jury


@transaction.atomic
def answer(*, actor, jury: Jury, outcome: str, text: str) -> Jury:
    """The authority's answer to the recommendation (accepted, partly, rejected with reasons)."""
    require_perm(actor, "jury.answer", jury.territory)
    jury = checks.locked(jury)
    if jury.status != JuryStatus.RECOMMENDED:
        raise ValidationError(_("Only a recommendation waiting for an answer can be answered."))
    if outcome not in AnswerOutcome.values:
        raise ValidationError({"answer_outcome": [_("Choose one of the listed answers.")]})
    jury.answer_outcome, jury.answer_text = outcome, checks.text(text, "answer_text", MAX_LONG)
    jury.answered_at, jury.status = timezone.now(), JuryStatus.ANSWERED
    jury.save(update_fields=["answer_outcome", "answer_text", "answered_at", "status"])
    audit.record(
        actor=actor,
        action="jury.answered",
        obj=jury,
        territory=jury.territory,
        changes={
            "answer_outcome": outcome,
            "answer_text": jury.answer_text,
            "late": timezone.localdate() > jury.answer_due,
        },
    )
    return jury
