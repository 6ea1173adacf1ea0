"""Proposals of civic projects and their technical review: one function per action, each permission-checked,
atomic and audited (re-exported by :mod:`.services`)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.core import audit
from auyl.core.permissions import has_perm, require_perm
from auyl.territory.models import Resident, Territory

from . import phases
from .fields import clean_text, clean_whole
from .models import Campaign, Category, Channel, Proposal, ProposalStatus, RejectionReason
from .photos import add_photo

MAX_TITLE = 200
MAX_TEXT = 10_000
MAX_PLACE = 300
MAX_AMOUNT = 10**13
MAX_PROPOSALS_PER_AUTHOR = 10


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _in_territory(campaign: Campaign, resident) -> bool:
    return (
        isinstance(resident, Resident)
        and resident.is_active
        and resident.merged_into_id is None
        and resident.territory_path.startswith(campaign.territory_path)
    )


def _author(actor, campaign: Campaign, resident) -> tuple[Resident, str]:
    """Staff may enter a proposal for a resident of the territory; a resident proposes for themselves."""
    if resident is not None and has_perm(actor, "initiative.enter", campaign.territory):
        if not _in_territory(campaign, resident):
            raise ValidationError(
                {
                    "resident": [
                        _("This resident is not registered in %(place)s.")
                        % {"place": campaign.territory.name}
                    ]
                }
            )
        return resident, Channel.STAFF
    own = getattr(actor, "resident", None) if getattr(actor, "is_authenticated", False) else None
    if own is None or (resident is not None and resident.pk != own.pk):
        raise PermissionDenied(_("Sign in with your phone number to propose a project."))
    if not _in_territory(campaign, own):
        raise ValidationError(
            _("Only residents registered in %(place)s can propose projects here.")
            % {"place": campaign.territory.name}
        )
    return own, Channel.ONLINE


def _clean_proposal(campaign: Campaign, data: dict) -> dict:
    errors: dict[str, list[str]] = {}
    out = {
        "title": clean_text(
            errors,
            "title",
            data.get("title"),
            MAX_TITLE,
            required=True,
            message=_("Give the project a short title."),
        ),
        "description": clean_text(
            errors,
            "description",
            data.get("description"),
            MAX_TEXT,
            required=True,
            message=_("Describe what should be done and why."),
        ),
        "place": clean_text(
            errors,
            "place",
            data.get("place"),
            MAX_PLACE,
            required=True,
            message=_("Say where: the street, the building or a landmark."),
        ),
        "estimated_cost": clean_whole(
            errors,
            "estimated_cost",
            data.get("estimated_cost"),
            1,
            MAX_AMOUNT,
            _("Give the estimated cost in tenge: a whole number greater than zero."),
        ),
    }
    if data.get("category") not in Category.values:
        errors["category"] = [_("Choose a category.")]
    out["category"] = data.get("category")
    settlement = data.get("settlement")
    if settlement is not None and (
        not isinstance(settlement, Territory) or not settlement.path.startswith(campaign.territory_path)
    ):
        errors["settlement"] = [_("This settlement is not in the territory of the campaign.")]
    out["settlement"] = settlement
    if errors:
        raise ValidationError(errors)
    return out


@transaction.atomic
def submit_proposal(
    *, actor, campaign: Campaign, resident: Resident | None = None, photos=(), **data
) -> Proposal:
    """A resident's proposal (or one that staff enter for a resident), numbered within the campaign,
    with its photos; accepted only while the proposals phase is open."""
    if campaign.published_at is None:
        raise ValidationError(_("This campaign is not announced yet."))
    author, channel = _author(actor, campaign, resident)
    phases.require_proposals_open(campaign)
    fields = _clean_proposal(campaign, data)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)  # numbers one at a time
    if Proposal.objects.filter(campaign=campaign, author=author).count() >= MAX_PROPOSALS_PER_AUTHOR:
        raise ValidationError(
            _("One resident may propose at most %(n)s projects in a campaign.")
            % {"n": MAX_PROPOSALS_PER_AUTHOR}
        )
    number = (Proposal.objects.filter(campaign=campaign).aggregate(n=Max("number"))["n"] or 0) + 1
    proposal = Proposal.objects.create(
        campaign=campaign, number=number, author=author, submitted_by=_user(actor), channel=channel, **fields
    )
    for uploaded in photos or ():
        add_photo(actor=actor, proposal=proposal, uploaded_file=uploaded)
    audit.record(
        actor=actor,
        action="initiatives.proposal_submitted",
        obj=proposal,
        territory=campaign.territory,
        changes={
            "campaign": campaign.pk,
            "number": number,
            "channel": channel,
            "estimated_cost": fields["estimated_cost"],
            "category": fields["category"],
        },
    )
    return proposal


def _clean_review(campaign: Campaign, decision: str, reviewed_cost, reasons, note: str) -> dict:
    note = (note or "").strip()
    if len(note) > MAX_TEXT:
        raise ValidationError({"note": [_("Too long (at most %(n)s characters).") % {"n": MAX_TEXT}]})
    if decision == ProposalStatus.ACCEPTED:
        if isinstance(reviewed_cost, bool) or not isinstance(reviewed_cost, int) or reviewed_cost <= 0:
            raise ValidationError(
                {"reviewed_cost": [_("Give the reviewed cost in tenge: a whole number greater than zero.")]}
            )
        if reviewed_cost > campaign.amount:
            raise ValidationError(
                {
                    "reviewed_cost": [
                        _(
                            "The reviewed cost is more than the campaign's amount "
                            "(%(amount)s tenge): reject the proposal with this reason."
                        )
                        % {"amount": f"{campaign.amount:,}".replace(",", " ")}
                    ]
                }
            )
        return {
            "status": decision,
            "reviewed_cost": reviewed_cost,
            "rejection_reasons": [],
            "review_note": note,
        }
    if decision != ProposalStatus.REJECTED:
        raise ValidationError({"decision": [_("Accept or reject the proposal.")]})
    reasons = list(dict.fromkeys(reasons or []))
    if not reasons:
        raise ValidationError({"reasons": [_("Give at least one reason for the rejection.")]})
    if any(code not in RejectionReason.values for code in reasons):
        raise ValidationError({"reasons": [_("Unknown reason.")]})
    if RejectionReason.OTHER in reasons and not note:
        raise ValidationError({"note": [_("Explain the other reason in the note.")]})
    return {"status": decision, "reviewed_cost": None, "rejection_reasons": reasons, "review_note": note}


@transaction.atomic
def review_proposal(
    *, actor, proposal: Proposal, decision: str, reviewed_cost: int | None = None, reasons=(), note: str = ""
) -> Proposal:
    """The technical review: accepted with the reviewed cost, or rejected with reasons; published at once.
    A decision may be revised until the review phase ends."""
    campaign = proposal.campaign
    require_perm(actor, "initiative.review", campaign.territory)
    phases.require_review_open(campaign)
    fields = _clean_review(campaign, decision, reviewed_cost, reasons, note)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    names = list(fields)
    before = audit.snapshot(proposal, names)
    for name, value in fields.items():
        setattr(proposal, name, value)
    proposal.reviewed_by, proposal.reviewed_at = _user(actor), timezone.now()
    proposal.save()
    Campaign.objects.filter(pk=campaign.pk).update(version=F("version") + 1, updated_at=timezone.now())
    audit.record(
        actor=actor,
        action="initiatives.proposal_reviewed",
        obj=proposal,
        territory=campaign.territory,
        changes=audit.diff(before, audit.snapshot(proposal, names)),
    )
    return proposal
