"""Write use cases of civic projects: one function per action, each permission-checked, atomic and audited.

Campaigns live here; proposals and the technical review in :mod:`.proposals`, voting in :mod:`.voting`, results in
:mod:`.results`, ``.pb`` import in :mod:`.pbio`, photos in :mod:`.photos` and the implementation of
winners in :mod:`.implementation`. All are importable from this module.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.core import audit
from auyl.core.permissions import require_perm
from auyl.core.rules import get_rule
from auyl.territory.models import PRIMARY_LEVELS, Level, Territory

from . import phases
from .fields import clean_text, clean_whole
from .implementation import add_progress, record_spending
from .models import BallotType, Campaign, FundingSource, OutcomeRule
from .pbio import export_pb, import_pb
from .photos import add_photo
from .proposals import review_proposal, submit_proposal
from .results import compute_results
from .voting import cast_ballot, record_polling_ballot

__all__ = [
    "add_photo",
    "add_progress",
    "cast_ballot",
    "compute_results",
    "create_campaign",
    "export_pb",
    "import_pb",
    "publish_campaign",
    "record_polling_ballot",
    "record_spending",
    "review_proposal",
    "submit_proposal",
    "update_campaign",
]

MAX_TITLE = 200
MAX_TEXT = 10_000
MAX_AMOUNT = 10**13  # tenge; far above any rural budget (the largest is ~2.5 bn, 000:418)
MAX_CHOICES = 50
AGE_RANGE = (14, 100)
CAMPAIGN_FIELDS = [
    "title",
    "description",
    "year",
    "amount",
    "funding_source",
    "ballot_type",
    "max_choices",
    "rule",
    "allow_ballot_changes",
    "min_age",
    "eligibility_criteria",
    "proposals_from",
    *phases.DATE_FIELDS,
]


# --- campaigns ------------------------------------------------------------------------------------


def _clean_campaign(data: dict) -> dict:
    errors: dict[str, list[str]] = {}
    out = {
        "title": clean_text(
            errors,
            "title",
            data.get("title"),
            MAX_TITLE,
            required=True,
            message=_("Give the campaign a title."),
        ),
        "description": clean_text(
            errors, "description", data.get("description"), MAX_TEXT, required=False, message=""
        ),
        "eligibility_criteria": clean_text(
            errors,
            "eligibility_criteria",
            data.get("eligibility_criteria"),
            MAX_TEXT,
            required=False,
            message="",
        ),
        "year": clean_whole(errors, "year", data.get("year"), 2000, 2100, _("Give the budget year.")),
        "amount": clean_whole(
            errors,
            "amount",
            data.get("amount"),
            1,
            MAX_AMOUNT,
            _("Give the amount in tenge: a whole number greater than zero."),
        ),
        "min_age": clean_whole(
            errors,
            "min_age",
            data.get("min_age"),
            *AGE_RANGE,
            _("The minimum age must be between %(low)s and %(high)s.")
            % {"low": AGE_RANGE[0], "high": AGE_RANGE[1]},
        ),
        "allow_ballot_changes": bool(data.get("allow_ballot_changes")),
    }
    for name, choices, message in (
        ("funding_source", FundingSource, _("Choose the funding source.")),
        ("ballot_type", BallotType, _("Choose the ballot type.")),
        ("rule", OutcomeRule, _("Choose the outcome rule.")),
    ):
        if data.get(name) not in choices.values:
            errors[name] = [message]
        out[name] = data.get(name)
    out["max_choices"] = data.get("max_choices")
    if out["ballot_type"] == BallotType.APPROVAL:
        clean_whole(
            errors,
            "max_choices",
            out["max_choices"],
            1,
            MAX_CHOICES,
            _("Say how many projects a voter may choose (1 to %(n)s).") % {"n": MAX_CHOICES},
        )
    else:
        out["max_choices"] = None
    for name in ("proposals_from", *phases.DATE_FIELDS):
        value = data.get(name)
        out[name] = value if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else None
    if errors:
        raise ValidationError(errors)
    phases.check_dates(out)
    return out


def _check_territory(territory) -> None:
    if (
        not isinstance(territory, Territory)
        or not territory.is_active
        or territory.level not in (*PRIMARY_LEVELS, Level.SETTLEMENT)
    ):
        raise ValidationError({"territory": [_("Choose a rural district, a town or a settlement.")]})


@transaction.atomic
def create_campaign(*, actor, territory: Territory, **data) -> Campaign:
    """A new campaign (a draft until published). The minimum age and whether ballots may be changed
    default to the territory's rules (``initiatives.min_voter_age``, ``initiatives.ballot_changes_allowed``)."""
    _check_territory(territory)
    require_perm(actor, "initiative.manage", territory)
    if data.get("min_age") is None:
        data["min_age"] = get_rule(territory, "initiatives.min_voter_age")
    if data.get("allow_ballot_changes") is None:
        data["allow_ballot_changes"] = get_rule(territory, "initiatives.ballot_changes_allowed")
    fields = _clean_campaign(data)
    if fields["proposals_until"] < phases.today():
        raise ValidationError({"proposals_until": [_("The proposals phase must not end in the past.")]})
    campaign = Campaign.objects.create(
        territory=territory,
        territory_path=territory.path,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **fields,
    )
    audit.record(
        actor=actor,
        action="initiatives.campaign_created",
        obj=campaign,
        territory=territory,
        changes=audit.snapshot(campaign, CAMPAIGN_FIELDS),
    )
    return campaign


@transaction.atomic
def update_campaign(*, actor, campaign: Campaign, **data) -> Campaign:
    """Change a campaign's settings and dates; refused once voting has opened (the rules of a vote
    never change while it runs or after)."""
    require_perm(actor, "initiative.manage", campaign.territory)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.is_imported or phases.ORDER.index(phases.phase_on(campaign)) >= phases.ORDER.index(
        phases.Phase.VOTING
    ):
        raise ValidationError(_("Voting has opened: the campaign's rules and dates can no longer change."))
    before = audit.snapshot(campaign, CAMPAIGN_FIELDS)
    fields = _clean_campaign({name: getattr(campaign, name) for name in CAMPAIGN_FIELDS} | data)
    if fields["voting_until"] < phases.today():
        raise ValidationError({"voting_until": [_("Voting must not end in the past.")]})
    for name, value in fields.items():
        setattr(campaign, name, value)
    campaign.version = F("version") + 1
    campaign.save()
    campaign.refresh_from_db()
    audit.record(
        actor=actor,
        action="initiatives.campaign_updated",
        obj=campaign,
        territory=campaign.territory,
        changes=audit.diff(before, audit.snapshot(campaign, CAMPAIGN_FIELDS)),
    )
    return campaign


@transaction.atomic
def publish_campaign(*, actor, campaign: Campaign) -> Campaign:
    """Announce the campaign on the public site (4:105: announced on the self-government's resource)."""
    require_perm(actor, "initiative.manage", campaign.territory)
    if campaign.published_at is None:
        campaign.published_at = timezone.now()
        campaign.save(update_fields=["published_at", "updated_at"])
        audit.record(
            actor=actor, action="initiatives.campaign_published", obj=campaign, territory=campaign.territory
        )
    return campaign
