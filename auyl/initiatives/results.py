"""Counting a campaign: the election as an :class:`~.outcomes.Instance`, the campaign's rule, the stored
:class:`~.models.Result`, and its explanation in plain words for every project.

Tie-breaking (documented on the results page): when two projects are equal for the rule, the cheaper
one goes first, and between equal costs the one proposed earlier (the lower number).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from auyl.core import audit
from auyl.core.permissions import require_perm

from . import outcomes, phases
from .models import Ballot, Campaign, Implementation, OutcomeRule, Proposal, ProposalStatus, Result, Turnout

BALLOT_CHUNK = 5000


def build_instance(campaign: Campaign) -> tuple[outcomes.Instance, list[Proposal]]:
    """The accepted projects (ids: their numbers; costs: the reviewed costs) and every ballot, in the order
    of their random tokens (never the order they were cast in)."""
    proposals = list(
        Proposal.objects.filter(campaign=campaign, status=ProposalStatus.ACCEPTED).order_by("number")
    )
    index = {p.pk: i for i, p in enumerate(proposals)}
    ballots = [
        [index[pk] for pk in choices if pk in index]
        for choices in Ballot.objects.filter(campaign=campaign)
        .order_by("token")
        .values_list("choices", flat=True)
        .iterator(chunk_size=BALLOT_CHUNK)
    ]
    costs = [p.reviewed_cost for p in proposals]
    tie_order = sorted(range(len(proposals)), key=lambda i: (costs[i], proposals[i].number))
    instance = outcomes.Instance(
        budget=campaign.amount,
        project_ids=[str(p.number) for p in proposals],
        costs=costs,
        ballots=ballots,
        tie_order=tie_order,
    )
    return instance, proposals


def run_rule(campaign: Campaign, instance: outcomes.Instance) -> outcomes.Outcome:
    return outcomes.mes(instance) if campaign.rule == OutcomeRule.MES else outcomes.greedy(instance)


@transaction.atomic
def compute_results(*, actor, campaign: Campaign) -> Result:
    """Count the ballots with the campaign's rule once voting has closed, store the outcome with its
    explanation, and open an implementation record for every winner."""
    require_perm(actor, "initiative.manage", campaign.territory)
    campaign = Campaign.objects.select_for_update().select_related("territory").get(pk=campaign.pk)
    if not campaign.is_imported:
        phases.require_voting_closed(campaign)
    if Result.objects.filter(campaign=campaign).exists():
        raise ValidationError(_("The results of this campaign are already counted."))
    instance, proposals = build_instance(campaign)
    if not proposals:
        raise ValidationError(_("No project was accepted for the vote: there is nothing to count."))
    outcome = run_rule(campaign, instance)
    try:
        with transaction.atomic():
            result = Result.objects.create(
                campaign=campaign,
                rule=campaign.rule,
                budget=campaign.amount,
                winners=list(outcome.winners),
                spent=outcome.spent,
                steps=[dataclasses.asdict(step) for step in outcome.steps],
                voters=Turnout.objects.filter(campaign=campaign).count()
                if not campaign.is_imported
                else len(instance.ballots),
                ballots=len(instance.ballots),
                computed_at=timezone.now(),
                computed_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError:  # counted at the same moment by someone else
        raise ValidationError(_("The results of this campaign are already counted.")) from None
    by_number = {str(p.number): p for p in proposals}
    Implementation.objects.bulk_create([Implementation(proposal=by_number[w]) for w in outcome.winners])
    audit.record(
        actor=actor,
        action="initiatives.results_computed",
        obj=result,
        territory=campaign.territory,
        changes={
            "campaign": campaign.pk,
            "rule": campaign.rule,
            "winners": list(outcome.winners),
            "spent": outcome.spent,
            "ballots": result.ballots,
            "voters": result.voters,
        },
    )
    return result


# --- the explanation ------------------------------------------------------------------------------


def tenge(amount) -> str:
    """4 500 000 ₸ (no-break spaces between thousands)."""
    return f"{int(amount):,}\u00a0₸".replace(",", "\u00a0")


@dataclass(frozen=True)
class Line:
    """One project of the results page: its step of the rule and the sentence that explains it."""

    proposal: Proposal | None
    project_id: str
    position: int  # 1-based, in the order the rule considered the projects
    votes: int
    cost: int
    remaining_before: int
    selected: bool
    reason: str
    text: str


def _votes(votes: int) -> str:
    return ngettext("%(n)s vote", "%(n)s votes", votes) % {"n": votes}


def _supporters(votes: int) -> str:
    return ngettext("its %(n)s supporter", "its %(n)s supporters", votes) % {"n": votes}


def sentence(step: dict, position: int) -> str:
    """Why this project won or lost, in words a resident reads on a phone."""
    reason = step["reason"]
    values = {
        "votes": _votes(step["votes"]),
        "cost": tenge(step["cost"]),
        "pos": position,
        "left": tenge(step["remaining_before"]),
    }
    if reason == outcomes.SELECTED and step.get("share_per_voter") is not None:
        values |= {"supporters": _supporters(step["votes"]), "share": tenge(step["share_per_voter"])}
        return (
            _(
                "Funded. %(supporters)s paid its cost of %(cost)s from their equal shares of the amount, about "
                "%(share)s each; %(left)s were still unassigned at its turn."
            )
            % values
        )
    if reason == outcomes.SELECTED:
        return (
            _(
                "Funded. With %(votes)s it was number %(pos)s in the order of votes; it costs %(cost)s and "
                "%(left)s were still free at its turn, so it fitted."
            )
            % values
        )
    if reason == outcomes.SELECTED_WITHOUT_VOTES:
        return (
            _(
                "Funded although nobody voted for it: at its turn %(left)s were still free, enough for its cost "
                "of %(cost)s, and the rule funds every project that still fits."
            )
            % values
        )
    if reason == outcomes.OVER_BUDGET:
        return (
            _(
                "Not funded. With %(votes)s it was number %(pos)s in the order of votes, but at its turn only "
                "%(left)s were left, less than its cost of %(cost)s."
            )
            % values
        )
    if reason == outcomes.MES_UNAFFORDABLE:
        values |= {
            "supporters": _supporters(step["votes"]),
            "funds": tenge(step.get("supporters_funds") or 0),
        }
        return (
            _(
                "Not funded. %(supporters)s had only %(funds)s left together of their equal shares, less than its "
                "cost of %(cost)s."
            )
            % values
        )
    if reason == outcomes.NO_SUPPORT:
        return _("Not funded: nobody voted for it.")
    if reason == outcomes.ZERO_COST:
        return _("Not counted: it costs nothing, so the rule does not consider it.")
    return _("Funded.") if step.get("selected") else _("Not funded.")


def explanation(result: Result, proposals: dict[str, Proposal]) -> list[Line]:
    """Every project of the vote in the order the rule considered it, each with its sentence."""
    lines = []
    for position, step in enumerate(result.steps, start=1):
        lines.append(
            Line(
                proposals.get(step["project_id"]),
                step["project_id"],
                position,
                step["votes"],
                step["cost"],
                step["remaining_before"],
                step["selected"],
                step["reason"],
                sentence(step, position),
            )
        )
    return lines


def rule_summary(result: Result) -> str:
    """How the rule works, with this campaign's figures."""
    values = {
        "amount": tenge(result.budget),
        "spent": tenge(result.spent),
        "left": tenge(result.budget - result.spent),
    }
    if result.rule == OutcomeRule.MES:
        share = result.budget // result.ballots if result.ballots else 0
        values |= {"share": tenge(share), "ballots": result.ballots}
        return (
            _(
                "Method of Equal Shares: the amount of %(amount)s was divided equally among the %(ballots)s "
                "ballots (about %(share)s each). Round by round, the project its supporters could pay for at the "
                "lowest price per tenge of its cost was funded, its supporters sharing the cost equally; "
                "projects their supporters could no longer afford were dropped. %(spent)s were assigned, "
                "%(left)s stay unassigned."
            )
            % values
        )
    return (
        _(
            "Most votes first: projects were taken in order of votes, and each was funded if its cost fitted in "
            "the money still left of %(amount)s. %(spent)s were assigned, %(left)s stay unassigned."
        )
        % values
    )
