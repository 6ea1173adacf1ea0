"""What follows an answer: the applicant's rating and request for re-examination; staff's quality
signals (confirming a suggested repeat, grouping similar appeals). Import from :mod:`.services`."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.accounts.selectors import officials
from auyl.core.calendar import add_days
from auyl.core.roles import Role
from auyl.core.rules import get_rule

from . import risk
from .history import before, lock, notify_user, refuse, require, required_text, step
from .models import Appeal, AppealGroup, Outcome, Status
from .tracking import is_applicant

RATING_CHANGE_DAYS = 30  # the applicant may change a rating within this many days of giving it
MAX_COMMENT = 2000
MAX_TITLE = 200


def _require_applicant(appeal: Appeal, actor, tracking_code: str | None) -> None:
    if not is_applicant(appeal, actor, tracking_code):
        raise PermissionDenied(_("Only the applicant can do this: give the appeal's tracking code."))


def _who(actor):
    return actor if getattr(actor, "is_authenticated", False) else "applicant"


def _has_answer(appeal: Appeal) -> bool:
    return (appeal.status in (Status.ANSWERED, Status.CLOSED) and appeal.answered_at is not None
            and appeal.outcome != Outcome.REDIRECTED)


def _clean_rating(rating) -> int:
    if isinstance(rating, str) and rating.strip().isdigit():
        rating = int(rating.strip())
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationError({"rating": [_("Give a rating from 1 to 5.")]})
    return rating


@transaction.atomic
def rate(*, appeal: Appeal, rating, comment: str = "", actor=None, tracking_code: str | None = None) -> Appeal:
    """The applicant rates the answer (1-5). A rating can be changed within ``RATING_CHANGE_DAYS`` of
    being given; a re-examination clears it (the history keeps it) so that the new answer is rated
    afresh. Every rating and change is a step and an audit event."""
    _require_applicant(appeal, actor, tracking_code)
    lock(appeal)
    if not _has_answer(appeal):
        raise refuse(_("The appeal can be rated once it has been answered."))
    rating = _clean_rating(rating)
    comment = comment.strip()[:MAX_COMMENT] if isinstance(comment, str) else ""
    now = timezone.now()
    first_for_answer = appeal.rating is None  # a re-examination clears the rating of the earlier answer
    if not first_for_answer and now - appeal.rated_at > dt.timedelta(days=RATING_CHANGE_DAYS):
        raise refuse(_("The rating can be changed only within %(days)s days.") % {"days": RATING_CHANGE_DAYS})
    if (appeal.rating, appeal.rating_comment) == (rating, comment) and not first_for_answer:
        return appeal  # the same rating sent twice
    old = before(appeal)
    appeal.rating, appeal.rating_comment = rating, comment
    if first_for_answer:
        appeal.rated_at = now
    appeal.save()
    step(appeal, kind="rated" if first_for_answer else "rating_changed", actor=_who(actor),
         note=f"{rating}/5 {comment}".strip(), old=old)
    return appeal


@transaction.atomic
def request_reexamination(*, appeal: Appeal, reason: str, actor=None, tracking_code: str | None = None) -> Appeal:
    """The applicant disagrees with the answer: the appeal reopens with a new deadline from today."""
    _require_applicant(appeal, actor, tracking_code)
    lock(appeal)
    if not _has_answer(appeal):
        raise refuse(_("Re-examination can be requested only after the appeal has been answered."))
    reason = required_text(reason, "reason", _("Write why the answer does not settle the matter."))
    old = before(appeal)
    territory = appeal.territory
    days = get_rule(territory, "appeals.consideration_days")
    appeal.deadline = add_days(timezone.localdate(), days, get_rule(territory, "appeals.day_mode"))
    appeal.status, appeal.reexamination_count = Status.IN_PROGRESS, appeal.reexamination_count + 1
    # The previous answer stays in the history (its step and audit event); the fields await a new one.
    appeal.outcome, appeal.answer_text, appeal.answered_at, appeal.answered_by = "", "", None, None
    appeal.promised_action, appeal.promised_by, appeal.executed_at, appeal.execution_note = "", None, None, ""
    appeal.rating, appeal.rating_comment, appeal.rated_at = None, "", None
    risk.recompute(appeal)
    appeal.save()
    step(appeal, kind="reexamination_requested", actor=_who(actor), note=reason, old=old)
    params = {"number": appeal.number, "deadline": appeal.deadline.strftime("%d.%m.%Y")}

    def body():
        return _("The applicant asked to re-examine appeal %(number)s. New deadline: %(deadline)s.") % params

    people = {user.pk: user for user in officials(territory, [Role.AKIM])}
    if appeal.executor is not None:
        people[appeal.executor.pk] = appeal.executor
    for user in people.values():
        notify_user(user, appeal, body, dedupe_key=f"appeal-reexam:{appeal.pk}:{appeal.reexamination_count}:{user.pk}")
    return appeal


@transaction.atomic
def confirm_repeat(*, actor, appeal: Appeal, is_repeat: bool) -> Appeal:
    """Staff confirm or reject the automatically suggested repeat."""
    require(actor, "appeal.confirm_repeat", appeal)
    lock(appeal)
    if appeal.repeat_of_id is None:
        raise refuse(_("No earlier appeal was found that this one repeats."))
    if not isinstance(is_repeat, bool):
        raise ValidationError({"is_repeat": [_("Say whether the appeal is a repeat.")]})
    if appeal.repeat_confirmed is is_repeat:
        return appeal
    old = before(appeal)
    appeal.repeat_confirmed = is_repeat
    risk.recompute(appeal)
    appeal.save()
    step(appeal, kind="repeat_confirmed" if is_repeat else "repeat_rejected", actor=actor, is_public=False,
         note=appeal.repeat_of.number, old=old)
    return appeal


@transaction.atomic
def group_appeals(*, actor, appeals: list, title: str) -> AppealGroup:
    """Handle similar appeals of different applicants together (same rural district)."""
    pks = sorted({getattr(a, "pk", None) for a in appeals or []} - {None})
    if len(pks) < 2:
        raise ValidationError({"appeals": [_("Choose at least two appeals to group.")]})
    rows = list(Appeal.objects.select_for_update(of=("self",)).filter(pk__in=pks).select_related("territory"))
    if len(rows) != len(pks) or len({a.territory_id for a in rows}) != 1:
        raise ValidationError({"appeals": [_("Only appeals of the same rural district can be grouped.")]})
    for row in rows:
        require(actor, "appeal.assign", row)
    grouped = [a.number for a in rows if a.group_id is not None]
    if grouped:
        raise ValidationError({"appeals": [_("Already in a group: %(numbers)s.") % {"numbers": ", ".join(grouped)}]})
    title = required_text(title, "title", _("Give the group a title."), MAX_TITLE)
    group = AppealGroup.objects.create(territory=rows[0].territory, title=title)
    for row in rows:
        old = before(row)
        row.group = group
        row.save(update_fields=["group", "updated_at"])
        step(row, kind="grouped", actor=actor, is_public=False, note=title, old=old,
             changes={"group": title})
    return group
