"""Community meeting members, questions raised at meetings (as appeals), residents' priority needs.

Re-exported by :mod:`auyl.assemblies.services`; see its docstring for the conventions.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from auyl.appeals.services import register_appeal
from auyl.core import audit
from auyl.core.permissions import has_perm, require_perm
from auyl.core.rules import get_rule
from auyl.territory.models import PRIMARY_LEVELS

from .checks import MAX_TEXT, local_date, lock, refuse, require, text
from .models import (
    AgendaItem,
    MeetingAppeal,
    MeetingKind,
    MeetingStatus,
    Member,
    MemberCategory,
    NeedStatus,
    PriorityNeed,
    Vote,
)

MAX_NEEDS = 30


def _date(value, field: str, message: str) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValidationError({field: [message]})
    return value


@transaction.atomic
def add_member(
    *,
    actor,
    territory,
    resident,
    category: str,
    term_start: dt.date,
    term_end: dt.date,
    delegated_by: str = "",
) -> Member:
    """Delegate an adult resident of ``territory`` (a rural district or town) to its community meeting
    for a term (``000:940``); a person holds one membership at a time."""
    require_perm(actor, "assemblies.members", territory)
    if territory.level not in PRIMARY_LEVELS:
        raise ValidationError(
            {"territory": [_("A community meeting belongs to a rural district or a town.")]}
        )
    if category not in MemberCategory.values:
        raise ValidationError({"category": [_("Choose the category the member represents.")]})
    term_start = _date(term_start, "term_start", _("Give the first day of the term."))
    term_end = _date(term_end, "term_end", _("Give the last day of the term."))
    if term_end <= term_start:
        raise ValidationError({"term_end": [_("The term must end after it begins.")]})
    if not resident.is_active or not resident.territory_path.startswith(territory.path):
        raise ValidationError(
            {
                "resident": [
                    _("%(name)s is not a registered resident of %(place)s.")
                    % {"name": resident.full_name, "place": territory.name}
                ]
            }
        )
    age = get_rule(territory, "assemblies.adult_age")
    if resident.birth_date is None or resident.age_on(term_start) < age:
        raise ValidationError(
            {"resident": [_("A member must be at least %(age)s at the start of the term.") % {"age": age}]}
        )
    overlap = (
        Member.objects.filter(resident=resident, term_start__lte=term_end, term_end__gte=term_start)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=term_start))
        .first()
    )
    if overlap is not None:
        raise ValidationError(
            {
                "resident": [
                    _("%(name)s is already a member from %(start)s to %(end)s.")
                    % {
                        "name": resident.full_name,
                        "start": f"{overlap.term_start:%d.%m.%Y}",
                        "end": f"{overlap.term_end:%d.%m.%Y}",
                    }
                ]
            }
        )
    member = Member.objects.create(
        territory=territory,
        territory_path=territory.path,
        resident=resident,
        category=category,
        term_start=term_start,
        term_end=term_end,
        delegated_by=text(delegated_by, "delegated_by"),
    )
    audit.record(
        actor=actor,
        action="assemblies.member_added",
        obj=member,
        territory=territory,
        changes={
            "resident_id": resident.pk,
            "category": category,
            "term_start": term_start,
            "term_end": term_end,
        },
    )
    return member


@transaction.atomic
def end_membership(*, actor, member: Member, ended_on: dt.date, reason: str) -> Member:
    """End a membership before its term (resignation, moving away, recall)."""
    member = Member.objects.select_for_update().select_related("territory").get(pk=member.pk)
    require_perm(actor, "assemblies.members", member.territory)
    ended_on = _date(ended_on, "ended_on", _("Give the date the membership ended."))
    reason = text(reason, "reason", required=_("Give the reason."))
    if member.ended_on is not None:
        raise refuse(_("This membership has already ended."))
    if not member.term_start < ended_on <= member.term_end:
        raise ValidationError(
            {
                "ended_on": [
                    _("The date must fall within the term (%(start)s – %(end)s).")
                    % {"start": f"{member.term_start:%d.%m.%Y}", "end": f"{member.term_end:%d.%m.%Y}"}
                ]
            }
        )
    member.ended_on, member.end_reason = ended_on, reason
    member.save(update_fields=["ended_on", "end_reason", "updated_at"])
    audit.record(
        actor=actor,
        action="assemblies.member_ended",
        obj=member,
        territory=member.territory,
        changes={"ended_on": ended_on, "reason": reason},
    )
    return member


@transaction.atomic
def raise_question(
    *,
    actor,
    meeting,
    topic,
    subject: str,
    text: str,
    resident=None,
    applicant_name: str = "",
    applicant_phone: str = "",
    applicant_address: str = "",
):
    """Register a question raised at an open or closed meeting as an appeal (channel ``gathering``,
    received on the meeting date), linked to the meeting; returns ``(appeal, tracking code)``.
    The applicant is the resident who raised it (or a name and a phone or address)."""
    meeting = lock(meeting)
    require(actor, "assemblies.conduct", meeting)
    if meeting.status not in (MeetingStatus.OPEN, MeetingStatus.CLOSED):
        raise refuse(_("Questions are registered at a meeting that is in progress or held."))
    if resident is not None and not has_perm(actor, "resident.view", resident.settlement):
        raise PermissionDenied(_("You do not have permission to do this here."))
    appeal, code = register_appeal(
        actor=actor,
        territory=meeting.territory,
        topic=topic,
        channel="gathering",
        received_on=local_date(meeting.starts_at),
        resident=resident,
        applicant_name=applicant_name,
        applicant_phone=applicant_phone,
        applicant_address=applicant_address,
        subject=subject,
        text=text,
        source_type="assemblies.meeting",
        source_id=str(meeting.pk),
    )
    MeetingAppeal.objects.create(meeting=meeting, appeal=appeal)
    audit.record(
        actor=actor,
        action="assemblies.question_registered",
        obj=meeting,
        territory=meeting.territory,
        changes={"appeal": appeal.number},
    )
    return appeal, code


@transaction.atomic
def record_priority_needs(*, actor, item: AgendaItem, needs: list[dict]) -> list[PriorityNeed]:
    """The residents' priority needs adopted under ``item`` of a gathering, most important first:
    ``[{"title": ..., "description": ...}]``; replaces that item's list (``000:934-936``)."""
    meeting = lock(item.meeting)
    require(actor, "assemblies.conduct", meeting)
    if meeting.kind != MeetingKind.GATHERING:
        raise refuse(_("Residents' priority needs are decided at a gathering."))
    if meeting.status not in (MeetingStatus.OPEN, MeetingStatus.CLOSED):
        raise refuse(_("Priority needs are recorded at a gathering that is in progress or held."))
    vote = Vote.objects.filter(item_id=item.pk).first()
    if vote is None or not vote.adopted:
        raise refuse(_("Priority needs are recorded under a question the gathering adopted."))
    if not isinstance(needs, list | tuple) or not needs:
        raise ValidationError({"needs": [_("Give at least one need.")]})
    if len(needs) > MAX_NEEDS:
        raise ValidationError({"needs": [_("At most %(n)s needs.") % {"n": MAX_NEEDS}]})
    rows = []
    for rank, raw in enumerate(needs, start=1):
        raw = raw if isinstance(raw, dict) else {}
        rows.append(
            PriorityNeed(
                territory=meeting.territory,
                territory_path=meeting.territory_path,
                meeting=meeting,
                item_id=item.pk,
                rank=rank,
                title=text(
                    raw.get("title"), "needs", required=_("Need %(n)s: give its title.") % {"n": rank}
                ),
                description=text(raw.get("description"), "needs", max_length=MAX_TEXT),
            )
        )
    PriorityNeed.objects.filter(item_id=item.pk).delete()
    PriorityNeed.objects.bulk_create(rows)
    audit.record(
        actor=actor,
        action="assemblies.priority_needs_recorded",
        obj=meeting,
        territory=meeting.territory,
        changes={"item": item.number, "needs": [n.title for n in rows]},
    )
    return rows


@transaction.atomic
def mark_need(*, actor, need: PriorityNeed, status: str, plan_reference: str = "") -> PriorityNeed:
    """Record what became of a priority need: included in a development plan (with its reference) or
    done. For the development plans capability; the akim's office may also do it by hand."""
    need = PriorityNeed.objects.select_for_update().select_related("territory").get(pk=need.pk)
    require_perm(actor, "assemblies.convene", need.territory)
    if status not in NeedStatus.values:
        raise ValidationError({"status": [_("Unknown status.")]})
    reference = text(plan_reference, "plan_reference")
    if status == NeedStatus.IN_PLAN and not reference:
        raise ValidationError({"plan_reference": [_("Name the development plan and its item.")]})
    before = audit.snapshot(need, ["status", "plan_reference"])
    need.status, need.plan_reference = status, reference or need.plan_reference
    need.save(update_fields=["status", "plan_reference", "updated_at"])
    audit.record(
        actor=actor,
        action="assemblies.need_updated",
        obj=need,
        territory=need.territory,
        changes=audit.diff(before, audit.snapshot(need, ["status", "plan_reference"])),
    )
    return need
