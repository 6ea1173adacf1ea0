"""Follow-up of decisions: the akim's response within a deadline, escalation, tasks done.

Every decision addressed to the akim needs the akim's response within ``assemblies.response_days``
(default 10, counted as ``calendar.deadline_mode``): accepted with a plan and a due date, partly
accepted, or rejected with reasons. A rejection or a missed deadline goes to the district akim
(``000:942``: "if no agreement, the matter goes to the higher level"). Decisions that are tasks are
tracked until done; a task past its due date is escalated the same way.

``run_followup`` is the periodic job ``assemblies.followup`` (``manage.py tick``). It is idempotent:
an escalation is stored on the decision once and its messages carry dedupe keys.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.core import audit
from auyl.core.calendar import add_days
from auyl.core.permissions import require_perm
from auyl.core.roles import Role
from auyl.core.rules import get_rule

from .checks import MAX_TEXT, district_of, notify_user, primary_unit, refuse, text, user_or_none
from .models import AgendaItem, Decision, DecisionStatus, Escalation, Response

AUDITED = [
    "status",
    "response",
    "response_text",
    "plan_due",
    "escalation",
    "escalated_at",
    "completed_at",
    "completion_note",
]
BATCH = 500


def response_due(meeting) -> dt.date:
    day = timezone.localdate(meeting.starts_at)
    return add_days(
        day,
        get_rule(meeting.territory, "assemblies.response_days"),
        get_rule(meeting.territory, "calendar.deadline_mode"),
    )


def officials(territory, roles, *, exact: bool = False) -> list:
    """Active users holding one of ``roles`` on ``territory`` (``exact``) or on it or a unit above."""
    from auyl.accounts.models import RoleGrant, User

    codes = [territory.code] if exact else territory.ancestor_codes(include_self=True)
    now = timezone.now()
    grants = (
        RoleGrant.objects.filter(role__in=list(roles), revoked_at__isnull=True, territory__code__in=codes)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=now))
        .values("user_id")
    )
    return list(User.objects.filter(pk__in=grants, is_active=True).order_by("pk"))


def create_decision(actor, item: AgendaItem) -> Decision:
    """The follow-up record of an adopted item (called when the item is closed)."""
    meeting = item.meeting
    if item.addressed_to_akim:
        status = DecisionStatus.AWAITING_RESPONSE
    elif item.is_task:
        status = DecisionStatus.IN_PROGRESS
    else:
        status = DecisionStatus.NO_ACTION
    decision = Decision.objects.create(
        item=item,
        meeting=meeting,
        territory_path=meeting.territory_path,
        text=item.decision_text or item.title,
        addressed_to_akim=item.addressed_to_akim,
        is_task=item.is_task,
        status=status,
        response_due=response_due(meeting) if item.addressed_to_akim else None,
    )
    audit.record(
        actor=actor,
        action="assemblies.decision_created",
        obj=decision,
        territory=meeting.territory,
        changes={"item": item.number, "status": status, "response_due": decision.response_due},
    )
    if decision.addressed_to_akim:
        _tell_akim(decision)
    return decision


def _tell_akim(decision: Decision) -> None:
    unit = primary_unit(decision.meeting.territory) or decision.meeting.territory
    for user in officials(unit, [Role.AKIM], exact=True):
        notify_user(
            user,
            lambda: (
                _("A decision of %(meeting)s awaits your response by %(date)s: %(text)s")
                % {
                    "meeting": decision.meeting.title,
                    "date": f"{decision.response_due:%d.%m.%Y}",
                    "text": decision.text[:300],
                }
            ),
            subject=lambda: _("Decision awaiting your response"),
            dedupe_key=f"assemblies-decision:{decision.pk}:{user.pk}",
            obj=decision,
            territory=unit,
        )


def _locked(decision: Decision) -> Decision:
    return (
        Decision.objects.select_for_update(of=("self",))
        .select_related("meeting__territory", "item")
        .get(pk=decision.pk)
    )


def _record(actor, decision: Decision, action: str, before: dict) -> None:
    audit.record(
        actor=actor,
        action=action,
        obj=decision,
        territory=decision.meeting.territory,
        changes=audit.diff(before, audit.snapshot(decision, AUDITED)),
    )


@transaction.atomic
def respond_to_decision(
    *, actor, decision: Decision, response: str, text: str, plan_due: dt.date | None = None
) -> Decision:
    """The akim's response: ``accepted`` or ``partly_accepted`` with the plan (``text``) and ``plan_due``,
    or ``rejected`` with the reasons (``text``), which escalates to the district akim. A late response is
    accepted (the escalation for the missed deadline stays on record)."""
    decision = _locked(decision)
    require_perm(actor, "assemblies.respond", decision.meeting.territory)
    if not decision.addressed_to_akim:
        raise refuse(_("This decision is not addressed to the akim."))
    if decision.response:
        raise refuse(_("The akim has already responded to this decision."))
    if response not in Response.values:
        raise ValidationError({"response": [_("Choose accepted, partly accepted or rejected.")]})
    body = text_of(text, response)
    before = audit.snapshot(decision, AUDITED)
    decision.response, decision.response_text = response, body
    decision.responded_at, decision.responded_by = timezone.now(), user_or_none(actor)
    if response == Response.REJECTED:
        decision.status = DecisionStatus.REJECTED
    else:
        if not isinstance(plan_due, dt.date) or isinstance(plan_due, dt.datetime):
            raise ValidationError({"plan_due": [_("Give the date by which the plan will be carried out.")]})
        if plan_due < timezone.localdate():
            raise ValidationError(
                {"plan_due": [_("The date by which the plan will be carried out cannot be past.")]}
            )
        decision.status, decision.plan_due = DecisionStatus.IN_PROGRESS, plan_due
    decision.save()
    _record(actor, decision, "assemblies.decision_responded", before)
    if response == Response.REJECTED:
        escalate(actor, decision, Escalation.REJECTED)
    return decision


def text_of(value, response: str) -> str:
    message = (
        _("Give the reasons for rejecting the decision.")
        if response == Response.REJECTED
        else _("Describe the plan: what will be done and by whom.")
    )
    return text(value, "text", required=message, max_length=MAX_TEXT)


@transaction.atomic
def complete_decision(*, actor, decision: Decision, note: str) -> Decision:
    """Mark a decision being carried out (accepted, partly accepted, or a task) as done."""
    decision = _locked(decision)
    require_perm(actor, "assemblies.track", decision.meeting.territory)
    if decision.status == DecisionStatus.DONE:
        return decision
    if decision.status != DecisionStatus.IN_PROGRESS:
        raise refuse(_("Only a decision being carried out can be marked as done."))
    note = text(note, "note", required=_("Write what was done."), max_length=MAX_TEXT)
    before = audit.snapshot(decision, AUDITED)
    decision.status, decision.completed_at, decision.completion_note = (
        DecisionStatus.DONE,
        timezone.now(),
        note,
    )
    decision.save()
    _record(actor, decision, "assemblies.decision_done", before)
    return decision


def escalate(actor, decision: Decision, reason: str) -> bool:
    """Send ``decision`` to the district akim (and district supervisors) once; False when already sent."""
    if decision.escalated_at is not None:
        return False
    before = audit.snapshot(decision, AUDITED)
    decision.escalation, decision.escalated_at = reason, timezone.now()
    decision.save(update_fields=["escalation", "escalated_at", "updated_at"])
    _record(actor, decision, "assemblies.decision_escalated", before)
    territory = decision.meeting.territory
    district = district_of(territory)
    recipients = officials(district, [Role.AKIM, Role.DISTRICT_SUPERVISOR], exact=True) if district else []
    label = Escalation(reason).label
    for user in recipients:
        notify_user(
            user,
            lambda: (
                _("%(place)s, %(meeting)s: %(why)s. Decision: %(text)s")
                % {
                    "place": territory.name,
                    "meeting": decision.meeting.title,
                    "why": str(label),
                    "text": decision.text[:300],
                }
            ),
            subject=lambda: _("A decision of a local meeting is escalated to you"),
            dedupe_key=f"assemblies-escalated:{decision.pk}:{user.pk}",
            obj=decision,
            territory=territory,
        )
    return True


def run_followup(today: dt.date | None = None) -> dict:
    """Escalate missed response deadlines and overdue tasks (``manage.py tick``)."""
    today = today or timezone.localdate()
    counts = {"overdue_responses": 0, "overdue_tasks": 0}
    late = Decision.objects.filter(
        status=DecisionStatus.AWAITING_RESPONSE, response_due__lt=today, escalated_at__isnull=True
    )
    overdue = Decision.objects.filter(
        status=DecisionStatus.IN_PROGRESS, plan_due__lt=today, escalated_at__isnull=True
    )
    for queryset, reason, key in (
        (late, Escalation.OVERDUE, "overdue_responses"),
        (overdue, Escalation.TASK_OVERDUE, "overdue_tasks"),
    ):
        for pk in list(queryset.values_list("pk", flat=True)[:BATCH]):
            with transaction.atomic():
                decision = _locked(Decision(pk=pk))
                if queryset.filter(pk=pk).exists():  # still late now that it is locked
                    counts[key] += escalate("system", decision, reason)
    return counts
