"""Reads of civic projects: public pages (published campaigns only) and staff pages (scoped to the reader's
territories). Ballots are read only as a whole, for counting (:mod:`.results`) — never next to a person.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from auyl.core.permissions import has_perm, scoped
from auyl.territory.models import PRIMARY_LEVELS, Territory

from . import phases, results, voting
from .models import (
    Ballot,
    Campaign,
    Implementation,
    Photo,
    PhotoStage,
    Proposal,
    ProposalStatus,
    Result,
    Turnout,
)


def published() -> QuerySet[Campaign]:
    return Campaign.objects.filter(published_at__isnull=False).select_related("territory")


def campaigns_of(territory: Territory) -> QuerySet[Campaign]:
    """Published campaigns of a rural district and its settlements, the newest first."""
    return published().filter(territory_path__startswith=territory.path).order_by("-proposals_from", "-pk")


def public_campaign(pk: int) -> Campaign:
    campaign = published().filter(pk=pk).first()
    if campaign is None:
        raise Http404("campaign not found")
    return campaign


BALLOT_FIELDS = (
    "id",
    "created_at",
    "territory_id",
    "territory_path",
    "title",
    "amount",
    "ballot_type",
    "max_choices",
    "allow_ballot_changes",
    "min_age",
    "published_at",
    "version",
    "proposals_from",
    *phases.DATE_FIELDS,
)


def _ballot_sql() -> str:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(Campaign._meta.get_field(name).column) for name in BALLOT_FIELDS)
    return (
        f"SELECT {columns} FROM {quote(Campaign._meta.db_table)} "
        f"WHERE {quote('id')} = %s AND {quote('published_at')} IS NOT NULL"
    )


def campaign_for_ballot(pk: int) -> Campaign:
    """A published campaign with only what casting a ballot reads, in one cheap query: no join, no sorting,
    no long texts, no query compilation (the path measured by ``bench/pb_ballots.py``; a third of the
    time of the ORM's ``filter().only().first()`` here)."""
    found = list(Campaign.objects.raw(_ballot_sql(), [pk]))
    if not found:
        raise Http404("campaign not found")
    return found[0]


def campaigns_visible_to(user, action: str = "initiative.view") -> QuerySet[Campaign]:
    return scoped(Campaign.objects.select_related("territory"), user, action, path_field="territory_path")


def campaign_for(user, pk: int, action: str = "initiative.view") -> Campaign:
    """A campaign within the user's territories for ``action`` (drafts included), else 404."""
    campaign = campaigns_visible_to(user, action).filter(pk=pk).first()
    if campaign is None:
        raise Http404("campaign not found")
    return campaign


def campaign_for_page(user, pk: int) -> Campaign:
    """A published campaign, or a draft to staff who may see it."""
    campaign = Campaign.objects.select_related("territory").filter(pk=pk).first()
    if campaign is None or (
        campaign.published_at is None and not has_perm(user, "initiative.view", campaign.territory)
    ):
        raise Http404("campaign not found")
    return campaign


def primary_unit(territory: Territory) -> Territory:
    if territory.level in PRIMARY_LEVELS:
        return territory
    unit = (
        Territory.objects.filter(code__in=territory.ancestor_codes(), level__in=PRIMARY_LEVELS)
        .order_by("-depth")
        .first()
    )
    return unit or territory


def proposal_of(campaign: Campaign, number: int) -> Proposal:
    proposal = (
        Proposal.objects.filter(campaign=campaign, number=number).select_related(
            "campaign__territory", "settlement"
        )
    ).first()
    if proposal is None:
        raise Http404("proposal not found")
    return proposal


def proposals_by_status(campaign: Campaign) -> dict[str, list[Proposal]]:
    grouped: dict[str, list[Proposal]] = {status: [] for status in ProposalStatus.values}
    for proposal in (
        Proposal.objects.filter(campaign=campaign).select_related("settlement").order_by("number")
    ):
        grouped[proposal.status].append(proposal)
    return grouped


def result_of(campaign: Campaign) -> Result | None:
    return Result.objects.filter(campaign=campaign).first()


@dataclass(frozen=True)
class Figures:
    proposals: int
    accepted: int
    rejected: int
    voters: int
    ballots: int
    adults: int | None  # adult population of the territory, when known (turnout share)

    @property
    def turnout_percent(self) -> float | None:
        return round(100 * self.voters / self.adults, 1) if self.adults else None


def figures(campaign: Campaign) -> Figures:
    counts = Proposal.objects.filter(campaign=campaign).aggregate(
        total=Count("pk"),
        accepted=Count("pk", filter=Q(status=ProposalStatus.ACCEPTED)),
        rejected=Count("pk", filter=Q(status=ProposalStatus.REJECTED)),
    )
    territory = campaign.territory
    adults = territory.adult_population
    if adults is None:
        adults = Territory.objects.filter(path__startswith=territory.path, level="settlement").aggregate(
            n=Sum("adult_population")
        )["n"]
    voters = Turnout.objects.filter(campaign=campaign).count()
    ballots = Ballot.objects.filter(campaign=campaign).count()
    return Figures(counts["total"], counts["accepted"], counts["rejected"], voters, ballots, adults or None)


def campaign_page(campaign: Campaign, user) -> dict:
    """Everything the public page of a campaign shows, by phase."""
    phase = phases.phase_on(campaign)
    result = result_of(campaign)
    return {
        "campaign": campaign,
        "phase": phase,
        "timeline": phases.timeline(campaign),
        "voting_opens": phases.voting_opens(campaign),
        "grouped": proposals_by_status(campaign),
        "figures": figures(campaign),
        "result": result,
        "winners": winners(campaign) if result else [],
        "unit": primary_unit(campaign.territory),
        "is_staff_viewer": has_perm(user, "initiative.view", campaign.territory),
    }


def winners(campaign: Campaign) -> list[Implementation]:
    return list(
        Implementation.objects.filter(proposal__campaign=campaign)
        .select_related("proposal")
        .annotate(spent=Sum("spending__amount"))
        .order_by("proposal__number")
    )


def results_page(campaign: Campaign) -> dict:
    result = result_of(campaign)
    if result is None:
        return {"campaign": campaign, "result": None}
    by_number = {str(p.number): p for p in Proposal.objects.filter(campaign=campaign)}
    lines = results.explanation(result, by_number)
    return {
        "campaign": campaign,
        "result": result,
        "lines": lines,
        "summary": results.rule_summary(result),
        "rejected": [p for p in by_number.values() if p.status == ProposalStatus.REJECTED],
        "left": result.budget - result.spent,
    }


def proposal_page(campaign: Campaign, number: int) -> dict:
    proposal = proposal_of(campaign, number)
    implementation = Implementation.objects.filter(proposal=proposal).first()
    photos = list(Photo.objects.filter(proposal=proposal))
    spending = list(implementation.spending.all()) if implementation else []
    return {
        "campaign": campaign,
        "proposal": proposal,
        "photos": [p for p in photos if p.stage == PhotoStage.PROPOSAL],
        "work_photos": [p for p in photos if p.stage == PhotoStage.IMPLEMENTATION],
        "implementation": implementation,
        "updates": list(implementation.updates.all()) if implementation else [],
        "spending": spending,
        "spent": sum(s.amount for s in spending),
        "step": _step_of(campaign, proposal),
    }


def _step_of(campaign: Campaign, proposal: Proposal) -> results.Line | None:
    result = result_of(campaign)
    if result is None:
        return None
    for line in results.explanation(result, {str(proposal.number): proposal}):
        if line.project_id == str(proposal.number):
            return line
    return None


def photo_of(campaign: Campaign, number: int, photo_pk: int) -> Photo:
    photo = Photo.objects.filter(pk=photo_pk, proposal__campaign=campaign, proposal__number=number).first()
    if photo is None or not photo.file:
        raise Http404("photo not found")
    return photo


# --- voting -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VoterState:
    """What the voting page tells a signed-in person: may they vote, have they, what did they choose."""

    resident_id: int | None
    problem: str | None  # why they cannot vote, in words
    turnout: Turnout | None
    choices: list[int] | None  # their own ballot, when the campaign lets them change it


def voter_state(campaign: Campaign, user) -> VoterState:
    resident = getattr(user, "resident", None) if getattr(user, "is_authenticated", False) else None
    if resident is None:
        return VoterState(None, None, None, None)
    turnout = Turnout.objects.filter(campaign=campaign, resident=resident).first()
    problem = None if turnout else voting.eligibility_error(campaign, resident)
    choices = voting.own_choices(campaign, resident.pk) if turnout else None
    return VoterState(resident.pk, problem, turnout, choices)


def ballot_projects(campaign: Campaign) -> list[Proposal]:
    return list(
        Proposal.objects.filter(campaign=campaign, status=ProposalStatus.ACCEPTED)
        .select_related("settlement")
        .order_by("number")
    )


def turnout_roll(user, campaign: Campaign) -> QuerySet[Turnout]:
    """Who voted, when, how and where — the roll never carries what anyone chose."""
    if not has_perm(user, "initiative.turnout", campaign.territory):
        raise Http404("campaign not found")
    return (
        Turnout.objects.filter(campaign=campaign)
        .select_related("resident__settlement", "recorded_by")
        .order_by("-voted_at", "-pk")
    )
