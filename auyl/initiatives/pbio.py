"""Campaigns to and from the pabulib ``.pb`` format, through :mod:`.pabulib` (the field's standard files).

Export writes the accepted projects (id: the proposal number, or the original id of an imported file),
their reviewed costs and every ballot, in random order (ballots are read ordered by their random token),
with voter ids 1, 2, … — nothing in the file points to a person. Import creates a draft campaign in the
results phase with the file's projects accepted at their costs and its ballots (no turnout roll: the
voters are not residents of ours); a broken file is refused with the line at fault and stores nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from auyl.core import audit
from auyl.core.permissions import require_perm
from auyl.territory.models import Territory

from . import pabulib, phases
from .models import (
    Ballot,
    BallotType,
    Campaign,
    Category,
    Channel,
    FundingSource,
    OutcomeRule,
    Proposal,
    ProposalStatus,
)

MAX_FILE_MB = 64
BATCH = 5000
CATEGORY_WORDS = [
    ("green", Category.GREENING),
    ("nature", Category.GREENING),
    ("sport", Category.SPORTS),
    ("light", Category.LIGHTING),
    ("park", Category.PARK),
    ("play", Category.PLAYGROUND),
    ("square", Category.SQUARE),
    ("repair", Category.REPAIR),
    ("build", Category.BUILDING),
]


# --- export ---------------------------------------------------------------------------------------


def export_pb(campaign: Campaign) -> str:
    """The campaign as .pb text (the caller checked the reader may see the campaign)."""
    from .results import build_instance

    instance, proposals = build_instance(campaign)
    original = campaign.source_meta.get("project_ids", {}) if campaign.is_imported else {}
    ids = [original.get(str(p.number), str(p.number)) for p in proposals]
    instance = pabulib.Instance(
        budget=instance.budget, project_ids=ids, costs=instance.costs, ballots=instance.ballots
    )
    head = dict(campaign.source_meta.get("meta", {})) if campaign.is_imported else {}
    head.update(
        {
            "description": campaign.title,
            "country": head.get("country", "Kazakhstan"),
            "unit": head.get("unit", campaign.territory.name_ru or campaign.territory.name),
            "instance": head.get("instance", str(campaign.year)),
            "vote_type": "approval",
            "rule": "equalshares" if campaign.rule == OutcomeRule.MES else "greedy",
            "date_begin": campaign.discussion_until.strftime("%d.%m.%Y"),
            "date_end": campaign.voting_until.strftime("%d.%m.%Y"),
            "min_length": "1",
        }
    )
    if campaign.ballot_type == BallotType.KNAPSACK:
        head["max_sum_cost"] = str(campaign.amount)
        head.pop("max_length", None)
    else:
        head["max_length"] = str(campaign.max_choices or len(ids))
    head.setdefault("currency", "KZT")
    projects = [{"name": p.title, "category": p.category} for p in proposals]
    return pabulib.dump({"meta": head, "projects": projects}, instance)


# --- import ---------------------------------------------------------------------------------------


def _text(data) -> str:
    if isinstance(data, str):
        return data
    if len(data) > MAX_FILE_MB * 1024 * 1024:
        raise ValidationError(
            {"file": [_("The file is too large (at most %(mb)s MB).") % {"mb": MAX_FILE_MB}]}
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError({"file": [_("The file is not UTF-8 text: a .pb file is.")]}) from None


def _parse(text: str):
    if not text.strip():
        raise ValidationError({"file": [_("The file is empty.")]})
    try:
        return pabulib.parse(text if "\n" in text else text + "\n")
    except pabulib.PabulibError as exc:
        raise ValidationError(
            {"file": [_("This .pb file cannot be imported: %(reason)s") % {"reason": " ".join(exc.messages)}]}
        ) from None
    except ValueError as exc:  # the Instance refused the data (e.g. duplicate ids)
        raise ValidationError(
            {"file": [_("This .pb file cannot be imported: %(reason)s") % {"reason": exc}]}
        ) from None


def _date(value: str | None) -> dt.date | None:
    match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", (value or "").strip())
    if not match:
        return None
    try:
        return dt.date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        return None


def _dates(meta: dict, today: dt.date) -> dict:
    """Phase dates ending with the file's vote (its date_end, else yesterday), one day per earlier phase."""
    end = _date(meta.get("date_end"))
    voting_until = end if end is not None and end < today else today - dt.timedelta(days=1)
    one = dt.timedelta(days=1)
    return {
        "proposals_from": voting_until - 4 * one,
        "proposals_until": voting_until - 3 * one,
        "review_until": voting_until - 2 * one,
        "discussion_until": voting_until - one,
        "voting_until": voting_until,
        "results_until": max(voting_until + one, today + dt.timedelta(days=30)),
    }


def _numbers(ids: list[str]) -> list[int]:
    if all(re.fullmatch(r"[1-9]\d{0,8}", pid) for pid in ids):
        return [int(pid) for pid in ids]
    return list(range(1, len(ids) + 1))


def _category(extra: dict) -> str:
    words = (extra.get("category") or "").casefold()
    return next((code for word, code in CATEGORY_WORDS if word in words), Category.OTHER)


def _check(meta: dict, instance) -> None:
    if instance.budget <= 0:
        raise ValidationError({"file": [_("The file's budget must be greater than zero.")]})
    if not instance.project_ids:
        raise ValidationError({"file": [_("The file has no projects.")]})
    if any(cost <= 0 for cost in instance.costs):
        raise ValidationError({"file": [_("Every project must cost more than zero.")]})
    if meta.get("max_sum_cost") and not re.fullmatch(r"\d+(\.0+)?", meta["max_sum_cost"].strip()):
        raise ValidationError({"file": [_("The file's max_sum_cost is not a whole number.")]})


def _campaign(actor, territory: Territory, meta: dict, instance, funding_source: str) -> Campaign:
    head = meta["meta"]
    knapsack = bool(head.get("max_sum_cost"))
    dates = _dates(head, phases.today())
    max_length = head.get("max_length", "")
    title = (head.get("description") or _("Imported vote")).strip()[:200]
    return Campaign.objects.create(
        territory=territory,
        territory_path=territory.path,
        title=title,
        description=_(
            "Imported from a pabulib file (%(country)s, %(unit)s, %(instance)s; amounts in %(currency)s)."
        )
        % {k: head.get(k, "—") for k in ("country", "unit", "instance", "currency")},
        year=dates["voting_until"].year,
        amount=instance.budget,
        funding_source=funding_source,
        ballot_type=BallotType.KNAPSACK if knapsack else BallotType.APPROVAL,
        max_choices=None
        if knapsack
        else (int(max_length) if max_length.isdigit() else len(instance.project_ids)),
        rule=OutcomeRule.MES if "equalshares" in head.get("rule", "").lower() else OutcomeRule.GREEDY,
        allow_ballot_changes=False,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        is_imported=True,
        **dates,
    )


@transaction.atomic
def import_pb(
    *, actor, territory: Territory, data, funding_source: str = FundingSource.OWN_BUDGET
) -> Campaign:
    """A draft campaign in ``territory`` from a .pb file (bytes or text): its projects accepted at their
    costs, its ballots without voters. Nothing is stored when the file is refused."""
    if not isinstance(territory, Territory) or not territory.is_active:
        raise ValidationError({"territory": [_("Choose a rural district, a town or a settlement.")]})
    require_perm(actor, "initiative.manage", territory)
    if funding_source not in FundingSource.values:
        raise ValidationError({"funding_source": [_("Choose the funding source.")]})
    meta, instance = _parse(_text(data))
    _check(meta["meta"], instance)
    campaign = _campaign(actor, territory, meta, instance, funding_source)
    numbers = _numbers(instance.project_ids)
    extras = meta.get("projects") or [{} for _ in numbers]
    proposals = Proposal.objects.bulk_create(
        [
            Proposal(
                campaign=campaign,
                number=number,
                title=(extra.get("name") or f"{pid}")[:200],
                description="",
                place=(extra.get("district") or extra.get("place") or "")[:300],
                category=_category(extra),
                estimated_cost=cost,
                reviewed_cost=cost,
                status=ProposalStatus.ACCEPTED,
                channel=Channel.IMPORTED,
            )
            for pid, number, cost, extra in zip(
                instance.project_ids, numbers, instance.costs, extras, strict=True
            )
        ]
    )
    pk_of = dict(Proposal.objects.filter(campaign=campaign).values_list("number", "pk"))
    by_index = [pk_of[number] for number in numbers]
    for start in range(0, len(instance.ballots), BATCH):
        Ballot.objects.bulk_create(
            [
                Ballot(
                    token=secrets.token_hex(16),
                    campaign=campaign,
                    link=None,
                    choices=sorted(by_index[i] for i in ballot),
                )
                for ballot in instance.ballots[start : start + BATCH]
            ]
        )
    campaign.source_meta = {
        "meta": meta["meta"],
        "project_ids": {str(n): pid for n, pid in zip(numbers, instance.project_ids, strict=True)},
    }
    campaign.save(update_fields=["source_meta"])
    audit.record(
        actor=actor,
        action="initiatives.campaign_imported",
        obj=campaign,
        territory=territory,
        changes={
            "projects": len(proposals),
            "ballots": len(instance.ballots),
            "budget": instance.budget,
            "source": meta["meta"].get("description", "")[:200],
        },
    )
    return campaign
