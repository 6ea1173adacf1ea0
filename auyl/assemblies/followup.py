"""Follow-up of decisions: the akim's response within a deadline, escalation, tasks done.

Every decision addressed to the akim needs the akim's response within ``assemblies.response_days``
(default 10, counted as ``calendar.deadline_mode``): accepted with a plan and a due date, partly
accepted, or rejected with reasons. A rejection or a missed deadline goes to the district akim
(``000:942``: "if no agreement, the matter goes to the higher level"). Decisions that are tasks are
tracked until done; a task past its due date is escalated the same way.

Decisions taken outside a meeting enter through :func:`record_external_decision` (a binding local
referendum, ``000:845``; the initiative to dismiss a rural akim, ``000:422``, which is addressed to the
district akim who appoints and dismisses rural akims, and escalates to the region). From there on they
follow the same path and the same pages.

``run_followup`` is the periodic job ``assemblies.followup`` (``manage.py tick``). It is idempotent:
an escalation is stored on the decision once and its messages carry dedupe keys.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.accounts.selectors import officials
from auyl.core import audit
from auyl.core.calendar import add_days
from auyl.core.notifications import notify_user
from auyl.core.permissions import has_perm, require_perm
from auyl.core.roles import Role
from auyl.core.rules import get_rule
from auyl.territory.models import Level, Territory

from .checks import MAX_TEXT, district_of, primary_unit, refuse, text, user_or_none
from .models import Addressee, AgendaItem, Decision, DecisionStatus, Escalation, Response

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
    return _due_from(meeting.territory, timezone.localdate(meeting.starts_at))


def _due_from(territory, day: dt.date) -> dt.date:
    return add_days(
        day,
        get_rule(territory, "assemblies.response_days"),
        get_rule(territory, "calendar.deadline_mode"),
    )


def responder_unit(decision: Decision) -> Territory | None:
    """Where the official who must respond sits: the territory's own akim (the rural district of a
    settlement's meeting), or the district akim for a decision addressed to them."""
    if decision.addressee == Addressee.DISTRICT_AKIM:
        return district_of(decision.territory)
    return primary_unit(decision.territory) or decision.territory


def _above(unit: Territory | None) -> Territory | None:
    """The level a decision goes to when its addressee rejects it or lets it lapse."""
    if unit is None:
        return None
    if unit.level in (Level.DISTRICT, Level.CITY):
        codes = unit.ancestor_codes()
        return Territory.objects.filter(code__in=codes, level=Level.REGION).order_by("-depth").first()
    return district_of(unit)


def escalation_recipients(decision: Decision) -> list:
    unit = _above(responder_unit(decision))
    if unit is None:
        return []
    supervisor = Role.REGIONAL_SUPERVISOR if unit.level == Level.REGION else Role.DISTRICT_SUPERVISOR
    return officials(unit, [Role.AKIM, supervisor], exact=True)


def _acting_territory(decision: Decision) -> Territory:
    """The territory the respond/track permissions are checked on: the decision's own, or the
    district's for a decision addressed to the district akim (so the rural akim cannot answer it)."""
    if decision.addressee == Addressee.DISTRICT_AKIM:
        return responder_unit(decision) or decision.territory
    return decision.territory


def may(user, action: str, decision: Decision) -> bool:
    """``assemblies.respond`` / ``assemblies.track`` for this decision (what the pages offer)."""
    return has_perm(user, action, _acting_territory(decision))


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
        territory=meeting.territory,
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


@transaction.atomic
def record_external_decision(
    *, actor, source, territory: Territory, title: str, text: str, addressee: str = Addressee.AKIM
) -> Decision:
    """Follow up a decision taken outside a meeting (``source``: the object that took it, e.g. a
    referendum) like a meeting's decision addressed to the akim: a response due within
    ``assemblies.response_days`` from today, escalation when rejected or late. Idempotent per
    ``source``. The caller has checked the actor's permission to declare the result."""
    from django.contrib.contenttypes.models import ContentType

    if addressee not in Addressee.values:
        raise ValidationError({"addressee": [_("Choose who must respond to the decision.")]})
    kind = ContentType.objects.get_for_model(source)
    existing = Decision.objects.filter(source_type=kind, source_id=source.pk).first()
    if existing is not None:
        return existing
    decision = Decision.objects.create(
        source_type=kind,
        source_id=source.pk,
        territory=territory,
        territory_path=territory.path,
        title=title[:300],
        text=text,
        addressee=addressee,
        addressed_to_akim=True,
        status=DecisionStatus.AWAITING_RESPONSE,
        response_due=_due_from(territory, timezone.localdate()),
    )
    audit.record(
        actor=actor,
        action="assemblies.decision_created",
        obj=decision,
        territory=territory,
        changes={
            "source": f"{kind.app_label}.{kind.model}:{source.pk}",
            "addressee": addressee,
            "status": decision.status,
            "response_due": decision.response_due,
        },
    )
    _tell_akim(decision)
    return decision


def _tell_akim(decision: Decision) -> None:
    unit = responder_unit(decision)
    if unit is None:
        return
    for user in officials(unit, [Role.AKIM], exact=True):
        notify_user(
            user,
            lambda: (
                _("A decision of %(meeting)s awaits your response by %(date)s: %(text)s")
                % {
                    "meeting": decision.taken_by,
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
        .select_related("meeting__territory", "item", "territory")
        .get(pk=decision.pk)
    )


def _record(actor, decision: Decision, action: str, before: dict) -> None:
    audit.record(
        actor=actor,
        action=action,
        obj=decision,
        territory=decision.territory,
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
    require_perm(actor, "assemblies.respond", _acting_territory(decision))
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
    require_perm(actor, "assemblies.track", _acting_territory(decision))
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
    """Send ``decision`` one level up once (the district akim and supervisors; the region's for a decision
    addressed to the district akim); False when already sent."""
    if decision.escalated_at is not None:
        return False
    before = audit.snapshot(decision, AUDITED)
    decision.escalation, decision.escalated_at = reason, timezone.now()
    decision.save(update_fields=["escalation", "escalated_at", "updated_at"])
    _record(actor, decision, "assemblies.decision_escalated", before)
    territory = decision.territory
    label = Escalation(reason).label
    for user in escalation_recipients(decision):
        notify_user(
            user,
            lambda: (
                _("%(place)s, %(meeting)s: %(why)s. Decision: %(text)s")
                % {
                    "place": territory.name,
                    "meeting": decision.taken_by,
                    "why": str(label),
                    "text": decision.text[:300],
                }
            ),
            subject=lambda: _("A local decision is escalated to you"),
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
