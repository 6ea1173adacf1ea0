"""The implementation of winning projects: status and progress (each change a public line of history),
and the money spent, charged to lines of the rural district's budget (:mod:`.budget_link`)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.core import audit
from auyl.core.permissions import require_perm
from auyl.territory.models import PRIMARY_LEVELS, Territory

from . import budget_link
from .models import Implementation, ImplementationStatus, ProgressUpdate, Proposal, Spending

MAX_NOTE = 2000
MAX_SPENDING_NOTE = 300
MAX_AMOUNT = 10**13


def budget_unit(territory: Territory) -> Territory:
    """The rural district (or town) whose budget pays for a campaign held in ``territory``."""
    if territory.is_primary:
        return territory
    unit = (
        Territory.objects.filter(code__in=territory.ancestor_codes(), level__in=PRIMARY_LEVELS)
        .order_by("-depth")
        .first()
    )
    return unit or territory


def budget_lines(proposal: Proposal) -> list[budget_link.BudgetLine]:
    campaign = proposal.campaign
    return budget_link.lines_for(budget_unit(campaign.territory), campaign.year)


def _implementation(proposal: Proposal) -> Implementation:
    implementation = Implementation.objects.select_for_update().filter(proposal=proposal).first()
    if implementation is None:
        raise ValidationError(_("Only winning projects are implemented and reported on."))
    return implementation


@transaction.atomic
def add_progress(*, actor, proposal: Proposal, status: str, progress: int, note: str = "") -> Implementation:
    """Report where a winner's implementation stands; the report becomes a line of its public history."""
    require_perm(actor, "initiative.implement", proposal.campaign.territory)
    implementation = _implementation(proposal)
    note = (note or "").strip()
    if status not in ImplementationStatus.values:
        raise ValidationError({"status": [_("Choose the status.")]})
    if isinstance(progress, bool) or not isinstance(progress, int) or not 0 <= progress <= 100:
        raise ValidationError({"progress": [_("Progress is a whole number from 0 to 100.")]})
    if status == ImplementationStatus.COMPLETED and progress != 100:
        raise ValidationError({"progress": [_("A completed project is at 100%.")]})
    if len(note) > MAX_NOTE:
        raise ValidationError({"note": [_("Too long (at most %(n)s characters).") % {"n": MAX_NOTE}]})
    before = {"status": implementation.status, "progress": implementation.progress}
    implementation.status, implementation.progress = status, progress
    implementation.save()
    ProgressUpdate.objects.create(
        implementation=implementation,
        status=status,
        progress=progress,
        note=note,
        created_at=timezone.now(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(
        actor=actor,
        action="initiatives.progress_reported",
        obj=implementation,
        territory=proposal.campaign.territory,
        changes=audit.diff(before, {"status": status, "progress": progress}) | {"note": note[:300]},
    )
    return implementation


def _clean_spending(proposal: Proposal, amount, spent_on, note: str, budget_line) -> tuple[str, str, str]:
    """The note, and the key and label of the chosen budget line ("" when the budget has no lines)."""
    errors: dict[str, list[str]] = {}
    if isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount <= MAX_AMOUNT:
        errors["amount"] = [_("Give the amount in tenge: a whole number greater than zero.")]
    if not isinstance(spent_on, dt.date) or isinstance(spent_on, dt.datetime):
        errors["spent_on"] = [_("Give the date of the payment.")]
    elif spent_on > timezone.localdate():
        errors["spent_on"] = [_("The date of a payment cannot be in the future.")]
    elif spent_on < proposal.campaign.proposals_from:
        errors["spent_on"] = [_("The payment is dated before the campaign began.")]
    note = (note or "").strip()
    if not note:
        errors["note"] = [_("Say what was paid for.")]
    elif len(note) > MAX_SPENDING_NOTE:
        errors["note"] = [_("Too long (at most %(n)s characters).") % {"n": MAX_SPENDING_NOTE}]
    lines = budget_lines(proposal)
    chosen = next((line for line in lines if line.key == str(budget_line or "")), None)
    if lines and chosen is None:
        errors["budget_line"] = [_("Choose the budget line the payment is charged to.")]
    elif not lines and budget_line:
        errors["budget_line"] = [
            _("The budget of this rural district has no lines for %(year)s yet.")
            % {"year": proposal.campaign.year}
        ]
    if errors:
        raise ValidationError(errors)
    return note, (chosen.key if chosen else ""), (chosen.label if chosen else "")


@transaction.atomic
def record_spending(
    *, actor, proposal: Proposal, amount: int, spent_on: dt.date, note: str, budget_line: str = ""
) -> Spending:
    """Record a payment for a winner, charged to a line (``budget_line``: its key) of the budget of the
    campaign's year; required whenever the budget app has lines for that year."""
    require_perm(actor, "initiative.implement", proposal.campaign.territory)
    implementation = _implementation(proposal)
    note, key, label = _clean_spending(proposal, amount, spent_on, note, budget_line)
    spending = Spending.objects.create(
        implementation=implementation,
        amount=amount,
        spent_on=spent_on,
        budget_line_key=key,
        budget_line_label=label,
        note=note,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(
        actor=actor,
        action="initiatives.spending_recorded",
        obj=spending,
        territory=proposal.campaign.territory,
        changes={
            "proposal": proposal.pk,
            "amount": amount,
            "spent_on": spent_on,
            "budget_line": key,
            "budget_line_label": label,
        },
    )
    return spending
