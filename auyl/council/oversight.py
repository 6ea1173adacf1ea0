"""The council's oversight of the akim (``004:116``): monitoring commissions with published findings,
and recommendations to the superior akim on disciplinary action against the village akim, whose answer
is tracked against a deadline (rule ``council.recommendation_answer_days``).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.core import audit
from auyl.core.permissions import require_perm

from .models import Commission, Council, Member, Outcome, Recommendation

MAX_SUBJECT = 300
MAX_NAME = 200
MAX_ADDRESSEE = 300
MAX_TEXT = 20_000
MAX_COMMISSION_MEMBERS = 50


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _locked(council: Council) -> Council:
    """The council's row locked: two copies of one form sent at once are checked one after the other."""
    return Council.objects.select_for_update().select_related("territory").get(pk=council.pk)


def _text(value, field: str, limit: int, required: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: [required]})
    if len(value) > limit:
        raise ValidationError({field: [_("The text is too long (at most %(n)s characters).") % {"n": limit}]})
    return value


def _within_term(council: Council, day, field: str) -> dt.date:
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        raise ValidationError({field: [_("Enter a valid date.")]})
    if not council.covers(day):
        raise ValidationError(
            {
                field: [
                    _("The date must fall within the term %(start)s – %(end)s.")
                    % {"start": f"{council.term_start:%d.%m.%Y}", "end": f"{council.term_end:%d.%m.%Y}"}
                ]
            }
        )
    return day


def _commission_members(council: Council, members, start: dt.date, end: dt.date) -> list[Member]:
    members = list(members or [])
    if not members:
        raise ValidationError({"members": [_("Choose at least one council member.")]})
    if len(members) > MAX_COMMISSION_MEMBERS:
        raise ValidationError({"members": [_("Too many members.")]})
    for member in members:
        if member.council_id != council.pk:
            raise ValidationError(
                {"members": [_("%(name)s is not a member of this council.") % {"name": member}]}
            )
        if member.start_date > end or (member.end_date is not None and member.end_date < start):
            raise ValidationError(
                {"members": [_("%(name)s is not a council member during this period.") % {"name": member}]}
            )
    return members


def _refuse_duplicate_commission(council: Council, subject: str, period_start: dt.date) -> None:
    """A form sent twice (a double click, a reload) must not set up the same commission twice."""
    if council.commissions.filter(subject__iexact=subject, period_start=period_start).exists():
        raise ValidationError(
            {"subject": [_("A commission on this subject working from this date is already set up.")]}
        )


def _refuse_duplicate_recommendation(council: Council, akim_name: str, text: str, sent_on: dt.date) -> None:
    """A form sent twice must not record the same recommendation twice (nor start a second deadline)."""
    if council.recommendations.filter(akim_name=akim_name, text=text, sent_on=sent_on).exists():
        raise ValidationError(_("This recommendation has already been recorded."))


@transaction.atomic
def create_commission(
    *, actor, council: Council, subject: str, period_start: dt.date, period_end: dt.date, members
) -> Commission:
    """Set up a monitoring commission of council members on ``subject`` for a period within the term."""
    require_perm(actor, "council.commission", council.territory)
    council = _locked(council)
    subject = _text(subject, "subject", MAX_SUBJECT, _("Say what the commission monitors."))
    period_start = _within_term(council, period_start, "period_start")
    period_end = _within_term(council, period_end, "period_end")
    if period_end < period_start:
        raise ValidationError({"period_end": [_("The end of the period cannot be before its start.")]})
    members = _commission_members(council, members, period_start, period_end)
    _refuse_duplicate_commission(council, subject, period_start)
    commission = Commission.objects.create(
        council=council,
        subject=subject,
        period_start=period_start,
        period_end=period_end,
        created_by=_user(actor),
    )
    commission.members.set(members)
    audit.record(
        actor=actor,
        action="council.commission_created",
        obj=commission,
        territory=council.territory,
        changes={
            "subject": subject,
            "period_start": period_start,
            "period_end": period_end,
            "member_ids": sorted(m.pk for m in members),
        },
    )
    return commission


@transaction.atomic
def publish_findings(*, actor, commission: Commission, findings: str) -> Commission:
    """Publish the commission's findings on the council's public page; the commission is then finished."""
    commission = (
        Commission.objects.select_for_update().select_related("council__territory").get(pk=commission.pk)
    )
    council = commission.council
    require_perm(actor, "council.commission", council.territory)
    if commission.is_finished:
        raise ValidationError(
            _("The findings were already published on %(date)s.")
            % {"date": f"{timezone.localtime(commission.findings_published_at):%d.%m.%Y}"}
        )
    if commission.period_start > timezone.localdate():
        raise ValidationError(_("The commission has not started its work yet."))
    commission.findings = _text(findings, "findings", MAX_TEXT, _("Write the commission's findings."))
    commission.findings_published_at = timezone.now()
    commission.save(update_fields=["findings", "findings_published_at", "updated_at"])
    audit.record(
        actor=actor,
        action="council.findings_published",
        obj=commission,
        territory=council.territory,
        changes={"findings": commission.findings},
    )
    return commission


@transaction.atomic
def send_recommendation(
    *, actor, council: Council, akim_name: str, addressee: str, text: str, grounds: str, sent_on: dt.date
) -> Recommendation:
    """Record the council's recommendation to the superior akim to bring the village akim to
    disciplinary responsibility; the answer is due by the rule's deadline from ``sent_on``."""
    from .selectors import recommendation_deadline

    require_perm(actor, "council.recommend", council.territory)
    council = _locked(council)
    akim_name = _text(akim_name, "akim_name", MAX_NAME, _("Give the name of the village akim."))
    addressee = _text(
        addressee, "addressee", MAX_ADDRESSEE, _("Say to which akim the recommendation is sent.")
    )
    text = _text(text, "text", MAX_TEXT, _("Write the recommendation."))
    grounds = _text(grounds, "grounds", MAX_TEXT, _("Give the grounds of the recommendation."))
    sent_on = _within_term(council, sent_on, "sent_on")
    if sent_on > timezone.localdate():
        raise ValidationError({"sent_on": [_("The date cannot be in the future.")]})
    _refuse_duplicate_recommendation(council, akim_name, text, sent_on)
    recommendation = Recommendation.objects.create(
        council=council,
        akim_name=akim_name,
        addressee=addressee,
        text=text,
        grounds=grounds,
        sent_on=sent_on,
        answer_due=recommendation_deadline(council.territory, sent_on),
        created_by=_user(actor),
    )
    audit.record(
        actor=actor,
        action="council.recommendation_sent",
        obj=recommendation,
        territory=council.territory,
        changes={
            "akim_name": akim_name,
            "addressee": addressee,
            "sent_on": sent_on,
            "answer_due": recommendation.answer_due,
            "text": text,
            "grounds": grounds,
        },
    )
    return recommendation


@transaction.atomic
def record_answer(
    *, actor, recommendation: Recommendation, outcome: str, text: str, answered_on: dt.date
) -> Recommendation:
    """Record the superior akim's answer: accepted or rejected, with its text and date."""
    recommendation = (
        Recommendation.objects.select_for_update()
        .select_related("council__territory")
        .get(pk=recommendation.pk)
    )
    territory = recommendation.council.territory
    require_perm(actor, "council.answer", territory)
    if recommendation.is_answered:
        raise ValidationError(
            _("The answer was already recorded on %(date)s.")
            % {"date": f"{recommendation.answered_on:%d.%m.%Y}"}
        )
    if outcome not in (Outcome.ACCEPTED, Outcome.REJECTED):
        raise ValidationError({"outcome": [_("Choose whether the recommendation was accepted or rejected.")]})
    text = _text(text, "text", MAX_TEXT, _("Write what the superior akim answered."))
    if not isinstance(answered_on, dt.date) or isinstance(answered_on, dt.datetime):
        raise ValidationError({"answered_on": [_("Enter a valid date.")]})
    if answered_on < recommendation.sent_on:
        raise ValidationError(
            {"answered_on": [_("The answer cannot be dated before the recommendation was sent.")]}
        )
    if answered_on > timezone.localdate():
        raise ValidationError({"answered_on": [_("The date cannot be in the future.")]})
    recommendation.status, recommendation.answer_text, recommendation.answered_on = outcome, text, answered_on
    recommendation.answer_recorded_by = _user(actor)
    recommendation.save(
        update_fields=["status", "answer_text", "answered_on", "answer_recorded_by", "updated_at"]
    )
    audit.record(
        actor=actor,
        action="council.recommendation_answered",
        obj=recommendation,
        territory=territory,
        changes={
            "status": [Outcome.SENT.value, outcome],
            "answered_on": answered_on,
            "text": text,
            "late": answered_on > recommendation.answer_due,
        },
    )
    return recommendation
