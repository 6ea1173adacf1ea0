"""Results of an akim election: per-station protocols, the tally, and the winner computed from them.

The winner is never entered: :func:`finalize_results` computes it from the recorded protocols. A
candidate is elected with more votes than every other candidate and than the "against all" line
(introduced in 2021, 000:434); when "against all" is not beaten, or two leaders tie, no one is elected
(the law then calls a repeat election; auyl records it as a new election).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.core import audit
from auyl.core.permissions import require_perm

from .models import Candidate, CandidateStatus, Election, ElectionStatus, Outcome, StationResult, StationVotes

MAX_STATION_NUMBER = 99_999
MAX_COUNT = 5_000_000


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class CandidateTotal:
    candidate: Candidate
    votes: int
    percent: Decimal | None = None


@dataclass
class Tally:
    voters: int = 0
    ballots_issued: int = 0
    against_all: int = 0
    invalid: int = 0
    stations: int = 0
    candidates: list[CandidateTotal] = field(default_factory=list)  # most votes first
    against_all_percent: Decimal | None = None

    @property
    def turnout_percent(self) -> Decimal | None:
        return percent(self.ballots_issued, self.voters)

    @property
    def valid_votes(self) -> int:
        return sum(c.votes for c in self.candidates) + self.against_all


def tally(election: Election) -> Tally:
    """Totals over the recorded stations; shares are of the valid ballots (candidates + against all)."""
    sums = election.stations.aggregate(
        voters=Sum("voters"), issued=Sum("ballots_issued"), against=Sum("against_all"), invalid=Sum("invalid")
    )
    result = Tally(
        voters=sums["voters"] or 0,
        ballots_issued=sums["issued"] or 0,
        against_all=sums["against"] or 0,
        invalid=sums["invalid"] or 0,
        stations=election.stations.count(),
    )
    votes = dict(
        StationVotes.objects.filter(station__election=election)
        .values("candidate")
        .annotate(total=Sum("votes"))
        .values_list("candidate", "total")
    )
    registered = election.candidates.filter(status=CandidateStatus.REGISTERED)
    result.candidates = sorted(
        (CandidateTotal(c, votes.get(c.pk, 0)) for c in registered),
        key=lambda t: (-t.votes, t.candidate.full_name),
    )
    valid = result.valid_votes
    for total in result.candidates:
        total.percent = percent(total.votes, valid)
    result.against_all_percent = percent(result.against_all, valid)
    return result


def outcome_of(result: Tally) -> tuple[str, Candidate | None]:
    if not result.candidates:
        return Outcome.NO_CANDIDATES, None
    first = result.candidates[0]
    if first.votes <= result.against_all:
        return Outcome.AGAINST_ALL, None
    if len(result.candidates) > 1 and result.candidates[1].votes == first.votes:
        return Outcome.TIE, None
    return Outcome.ELECTED, first.candidate


def _count(value, field_name: str, errors: dict, label: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_COUNT:
        errors.setdefault(field_name, []).append(_("%(what)s: give a whole number from 0.") % {"what": label})
        return 0
    return value


def _clean_station(election: Election, number, voters, ballots_issued, against_all, invalid, votes) -> dict:
    errors: dict[str, list[str]] = {}
    if not isinstance(number, int) or not 1 <= number <= MAX_STATION_NUMBER:
        errors["number"] = [_("Give the polling station's number.")]
    voters = _count(voters, "voters", errors, _("Voters on the list"))
    issued = _count(ballots_issued, "ballots_issued", errors, _("Voters who took part"))
    against = _count(against_all, "against_all", errors, _("Against all"))
    invalid = _count(invalid, "invalid", errors, _("Invalid ballots"))
    registered = {c.pk: c for c in election.candidates.filter(status=CandidateStatus.REGISTERED)}
    unknown = set(votes) - set(registered)
    if unknown:
        errors["votes"] = [_("Votes can be recorded only for candidates registered in this election.")]
    missing = [registered[pk].full_name for pk in registered if pk not in votes]
    if missing:
        errors.setdefault("votes", []).append(
            _("Give the votes of every registered candidate: %(names)s.") % {"names": ", ".join(missing)}
        )
    counted = {pk: _count(n, "votes", errors, _("Votes")) for pk, n in votes.items() if pk in registered}
    if errors:
        raise ValidationError(errors)
    if voters < 1:
        raise ValidationError({"voters": [_("A polling station has at least one voter on its list.")]})
    if issued > voters:
        raise ValidationError(
            {
                "ballots_issued": [
                    _(
                        "%(issued)s voters took part but only %(voters)s are on the station's list: results cannot exceed "
                        "the number of voters."
                    )
                    % {"issued": issued, "voters": voters}
                ]
            }
        )
    cast = sum(counted.values()) + against + invalid
    if cast > issued:
        raise ValidationError(
            {
                "votes": [
                    _(
                        "The ballots counted (%(cast)s: candidates, against all and invalid) exceed the %(issued)s voters "
                        "who took part."
                    )
                    % {"cast": cast, "issued": issued}
                ]
            }
        )
    return {
        "number": number,
        "voters": voters,
        "ballots_issued": issued,
        "against_all": against,
        "invalid": invalid,
        "votes": counted,
    }


def _check_district_total(election: Election, station_number: int, issued: int) -> None:
    others = election.stations.exclude(number=station_number).aggregate(n=Sum("ballots_issued"))["n"] or 0
    if others + issued > election.voters:
        raise ValidationError(
            {
                "ballots_issued": [
                    _(
                        "With this station %(total)s voters took part, more than the %(voters)s voters of the district: "
                        "results cannot exceed the number of voters."
                    )
                    % {"total": others + issued, "voters": election.voters}
                ]
            }
        )


@transaction.atomic
def record_station_result(
    *,
    actor,
    election: Election,
    number: int,
    voters: int,
    ballots_issued: int,
    against_all: int,
    votes: dict[int, int],
    invalid: int = 0,
    name: str = "",
) -> StationResult:
    """Record (or correct, before the results are final) one station's protocol. ``votes``: {candidate id: n}."""
    require_perm(actor, "elections.manage", election.territory)
    election = Election.objects.select_for_update().get(pk=election.pk)
    if election.status != ElectionStatus.SCHEDULED:
        raise ValidationError(_("The results of this election are final: it can no longer be changed."))
    data = _clean_station(election, number, voters, ballots_issued, against_all, invalid, votes)
    _check_district_total(election, data["number"], data["ballots_issued"])
    station = election.stations.filter(number=data["number"]).first()
    before = None
    if station is not None:
        before = {
            "voters": station.voters,
            "ballots_issued": station.ballots_issued,
            "against_all": station.against_all,
            "invalid": station.invalid,
            "votes": {str(v.candidate_id): v.votes for v in station.votes.all()},
        }
        station.votes.all().delete()
    else:
        station = StationResult(election=election, number=data["number"])
    station.name = (name or "").strip()[:300]
    for key in ("voters", "ballots_issued", "against_all", "invalid"):
        setattr(station, key, data[key])
    station.save()
    StationVotes.objects.bulk_create(
        [StationVotes(station=station, candidate_id=pk, votes=n) for pk, n in data["votes"].items()]
    )
    after = {k: data[k] for k in ("voters", "ballots_issued", "against_all", "invalid")}
    after["votes"] = {str(pk): n for pk, n in data["votes"].items()}
    audit.record(
        actor=actor,
        action="elections.station_corrected" if before else "elections.station_recorded",
        obj=station,
        territory=election.territory,
        changes={"election_id": election.pk, "number": station.number, "before": before, "after": after},
    )
    return station


@transaction.atomic
def finalize_results(*, actor, election: Election) -> Election:
    """Close the count: compute the outcome and the winner from the stations' protocols."""
    require_perm(actor, "elections.manage", election.territory)
    election = Election.objects.select_for_update().get(pk=election.pk)
    if election.status != ElectionStatus.SCHEDULED:
        raise ValidationError(_("The results of this election are already final."))
    if not election.stations.exists():
        raise ValidationError(_("Record the results of at least one polling station first."))
    if election.candidates.filter(status=CandidateStatus.NOMINATED).exists():
        raise ValidationError(_("The commission has not decided on every nominated candidate yet."))
    result = tally(election)
    election.outcome, election.winner = outcome_of(result)
    election.status, election.finalized_at = ElectionStatus.FINAL, timezone.now()
    election.save(update_fields=["outcome", "winner", "status", "finalized_at", "updated_at"])
    audit.record(
        actor=actor,
        action="elections.results_final",
        obj=election,
        territory=election.territory,
        changes={
            "outcome": election.outcome,
            "winner_id": election.winner_id,
            "turnout_percent": result.turnout_percent,
            "against_all": result.against_all,
            "votes": {str(t.candidate.pk): t.votes for t in result.candidates},
        },
    )
    return election
