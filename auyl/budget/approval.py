"""The approval path of a budget version (``000:420-424``, ``002:181``), one service per step:

draft (the apparatus) -> published for discussion -> agreed by the community meeting (decision number
and date, optionally linked to the meeting's decision in auyl.assemblies) -> approved by the district
maslikhat (decision number and date) -> being executed -> closed.

Every step checks the permission, that the version is at the step before, and its date: given, not in
the future and not before the step before. Each is stored on the version, appended to its history
(:class:`~auyl.budget.models.BudgetStep`) and written to the audit log.
An approved amendment replaces the version in force (which is kept, marked as replaced); when the
budget was already being executed, the amendment is executed from then on.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from auyl.core import audit
from auyl.core.permissions import require_perm

from . import assembly_link, versions
from .models import BudgetVersion, Section, Status


def _expect(version: BudgetVersion, status: str, message: str) -> None:
    if version.status != status:
        raise ValidationError(message)


def _moved(actor, version: BudgetVersion, before: str, action: str, changes: dict) -> BudgetVersion:
    version.save()
    audit.record(
        actor=actor,
        action=action,
        obj=version,
        territory=version.budget.territory,
        changes={"status": [before, version.status], **changes},
    )
    return version


@transaction.atomic
def publish(*, actor, version: BudgetVersion, published_on: dt.date) -> BudgetVersion:
    """Publish a draft for residents' discussion: from now on everyone sees it and it never changes."""
    require_perm(actor, "budget.prepare", version.budget.territory)
    version = versions.locked_version(version)
    _expect(version, Status.DRAFT, _("Only a draft can be published."))
    sections = set(version.lines.filter(amount__gt=0).values_list("section", flat=True))
    if Section.REVENUE not in sections or Section.EXPENDITURE not in sections:
        raise ValidationError(_("Plan at least one revenue line and one expenditure line before publishing."))
    published_on = versions.check_date(
        published_on, "published_on", not_before=version.drafted_on, previous=_("the draft")
    )
    version.status, version.published_on = Status.PUBLISHED, published_on
    versions.add_step(version, Status.PUBLISHED, published_on, actor)
    return _moved(actor, version, Status.DRAFT, "budget.published", {"published_on": published_on})


@transaction.atomic
def record_agreement(
    *,
    actor,
    version: BudgetVersion,
    agreed_on: dt.date,
    number: str,
    meeting_id: int | None = None,
    item_number: int | None = None,
) -> BudgetVersion:
    """Record that the community meeting agreed the published plan (``000:422``): the number and date of
    its decision always; the meeting and agenda item in auyl.assemblies when that capability holds it."""
    require_perm(actor, "budget.approve", version.budget.territory)
    version = versions.locked_version(version)
    _expect(version, Status.PUBLISHED, _("Only a plan published for discussion can be agreed."))
    number = versions.check_number(number, "agreement_number", _("the meeting's decision"))
    agreed_on = versions.check_date(
        agreed_on, "agreed_on", not_before=version.published_on, previous=_("the publication for discussion")
    )
    link = None
    if meeting_id is not None or item_number is not None:
        link = assembly_link.find_decision(version.budget.territory, meeting_id, item_number, agreed_on)
    version.status, version.agreed_on, version.agreement_number = Status.AGREED, agreed_on, number
    version.agreement_meeting_id = link.meeting_id if link else None
    version.agreement_item_number = link.item_number if link else None
    versions.add_step(
        version, Status.AGREED, agreed_on, actor, number=number, note=link.title if link else ""
    )
    return _moved(
        actor,
        version,
        Status.PUBLISHED,
        "budget.agreed",
        {
            "agreed_on": agreed_on,
            "number": number,
            "meeting_id": version.agreement_meeting_id,
            "item_number": version.agreement_item_number,
        },
    )


@transaction.atomic
def record_approval(*, actor, version: BudgetVersion, approved_on: dt.date, number: str) -> BudgetVersion:
    """Record the district maslikhat's decision approving the agreed plan (``000:420``). Only a plan the
    community meeting agreed can be approved."""
    require_perm(actor, "budget.approve", version.budget.territory)
    version = versions.locked_version(version)
    _expect(
        version,
        Status.AGREED,
        _("The community meeting must agree the plan before the maslikhat approves it."),
    )
    number = versions.check_number(number, "approval_number", _("the maslikhat's decision"))
    approved_on = versions.check_date(
        approved_on,
        "approved_on",
        not_before=version.agreed_on,
        previous=_("the community meeting's agreement"),
    )
    replaced = versions.version_in_force(version.budget)
    version.status, version.approved_on, version.approval_number = Status.APPROVED, approved_on, number
    if replaced is not None:  # an amendment: the version in force is kept, marked as replaced
        if approved_on < replaced.approved_on:
            raise ValidationError(
                {"approved_on": [_("An amendment cannot be approved before the plan it amends.")]}
            )
        if replaced.status == Status.EXECUTING:
            version.status, version.execution_started_on = Status.EXECUTING, replaced.execution_started_on
        replaced.status, replaced.superseded_on = Status.SUPERSEDED, approved_on
        replaced.save(update_fields=["status", "superseded_on", "updated_at"])
        versions.add_step(
            replaced,
            Status.SUPERSEDED,
            approved_on,
            actor,
            note=_("Replaced by version %(n)s.") % {"n": version.number},
        )
    versions.add_step(version, Status.APPROVED, approved_on, actor, number=number)
    return _moved(
        actor,
        version,
        Status.AGREED,
        "budget.approved",
        {"approved_on": approved_on, "number": number, "replaces": replaced.number if replaced else None},
    )


@transaction.atomic
def start_execution(*, actor, version: BudgetVersion, started_on: dt.date) -> BudgetVersion:
    """The approved plan starts being executed (in the budget's own year)."""
    require_perm(actor, "budget.execute", version.budget.territory)
    version = versions.locked_version(version)
    _expect(version, Status.APPROVED, _("Only an approved plan can be executed."))
    started_on = versions.check_date(
        started_on, "started_on", not_before=version.approved_on, previous=_("the maslikhat's approval")
    )
    if started_on.year != version.budget.year:
        raise ValidationError(
            {
                "started_on": [
                    _("The %(year)s budget is executed in %(year)s.") % {"year": version.budget.year}
                ]
            }
        )
    version.status, version.execution_started_on = Status.EXECUTING, started_on
    versions.add_step(version, Status.EXECUTING, started_on, actor)
    return _moved(actor, version, Status.APPROVED, "budget.execution_started", {"started_on": started_on})


@transaction.atomic
def close(*, actor, version: BudgetVersion, closed_on: dt.date) -> BudgetVersion:
    """Close the year once it is over; actuals can no longer change."""
    require_perm(actor, "budget.execute", version.budget.territory)
    version = versions.locked_version(version)
    _expect(version, Status.EXECUTING, _("Only a budget being executed can be closed."))
    if versions.open_version(version.budget) is not None:
        raise ValidationError(_("An amendment is still open: have it approved or withdraw it first."))
    closed_on = versions.check_date(
        closed_on, "closed_on", not_before=version.execution_started_on, previous=_("the start of execution")
    )
    if closed_on.year <= version.budget.year:
        raise ValidationError(
            {
                "closed_on": [
                    _("The %(year)s budget can be closed once the year is over.")
                    % {"year": version.budget.year}
                ]
            }
        )
    version.status, version.closed_on = Status.CLOSED, closed_on
    versions.add_step(version, Status.CLOSED, closed_on, actor)
    return _moved(actor, version, Status.EXECUTING, "budget.closed", {"closed_on": closed_on})
