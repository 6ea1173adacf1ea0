"""Station results, the tally and the computed winner; results that exceed the voters are refused."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from auyl.core.models import AuditEvent
from auyl.elections import services
from auyl.elections.models import Outcome, StationResult
from auyl.elections.results import tally

pytestmark = pytest.mark.django_db


def record(actor, election, number, voters, issued, against, votes, invalid=0):
    return services.record_station_result(
        actor=actor,
        election=election,
        number=number,
        voters=voters,
        ballots_issued=issued,
        against_all=against,
        votes=votes,
        invalid=invalid,
    )


def test_winner_is_computed_from_the_stations(election, recorder, two_registered):
    first, second = two_registered
    record(recorder, election, 101, 600, 400, 30, {first.pk: 150, second.pk: 210}, invalid=10)
    record(recorder, election, 102, 400, 300, 20, {first.pk: 120, second.pk: 155}, invalid=5)
    result = tally(election)
    assert (result.voters, result.ballots_issued, result.against_all) == (1000, 700, 50)
    assert str(result.turnout_percent) == "70.00"
    assert [(t.candidate, t.votes) for t in result.candidates] == [(second, 365), (first, 270)]
    assert str(result.candidates[0].percent) == "53.28"  # 365 of 685 valid (candidates + against all)
    election = services.finalize_results(actor=recorder, election=election)
    assert election.outcome == Outcome.ELECTED and election.winner == second
    event = AuditEvent.objects.get(action="elections.results_final")
    assert event.changes["winner_id"] == second.pk


def test_against_all_prevailing_elects_no_one(election, recorder, two_registered):
    first, second = two_registered
    record(recorder, election, 1, 500, 400, 200, {first.pk: 150, second.pk: 50})
    election = services.finalize_results(actor=recorder, election=election)
    assert election.outcome == Outcome.AGAINST_ALL and election.winner is None


def test_a_tie_elects_no_one(election, recorder, two_registered):
    first, second = two_registered
    record(recorder, election, 1, 500, 400, 10, {first.pk: 190, second.pk: 190})
    election = services.finalize_results(actor=recorder, election=election)
    assert election.outcome == Outcome.TIE and election.winner is None


def test_turnout_above_the_station_list_is_refused(election, recorder, two_registered):
    first, second = two_registered
    with pytest.raises(
        ValidationError,
        match="501 voters took part but only 500 are on the station's list: "
        "results cannot exceed the number of voters",
    ):
        record(recorder, election, 1, 500, 501, 10, {first.pk: 100, second.pk: 100})
    assert not StationResult.objects.exists()


def test_ballots_counted_above_turnout_are_refused(election, recorder, two_registered):
    first, second = two_registered
    with pytest.raises(ValidationError, match=r"ballots counted \(401"):
        record(recorder, election, 1, 500, 400, 1, {first.pk: 200, second.pk: 200})
    assert not StationResult.objects.exists()


def test_turnout_above_the_district_voters_is_refused(election, recorder, two_registered):
    first, second = two_registered
    record(recorder, election, 1, 800, 700, 0, {first.pk: 300, second.pk: 400})
    with pytest.raises(ValidationError, match="more than the 1000 voters of the district"):
        record(recorder, election, 2, 400, 301, 0, {first.pk: 1, second.pk: 1})
    assert StationResult.objects.count() == 1


@pytest.mark.parametrize("votes_of", ["unknown", "missing", "negative"])
def test_votes_must_cover_exactly_the_registered_candidates(election, recorder, two_registered, votes_of):
    first, second = two_registered
    votes = {
        "unknown": {first.pk: 1, second.pk: 1, 99999: 1},
        "missing": {first.pk: 1},
        "negative": {first.pk: -1, second.pk: 1},
    }[votes_of]
    with pytest.raises(ValidationError):
        record(recorder, election, 1, 500, 100, 0, votes)
    assert not StationResult.objects.exists()


def test_a_correction_replaces_the_station_and_keeps_the_old_figures_in_the_log(
    election, recorder, two_registered
):
    first, second = two_registered
    record(recorder, election, 1, 500, 300, 10, {first.pk: 100, second.pk: 150})
    record(recorder, election, 1, 500, 300, 10, {first.pk: 150, second.pk: 100})
    assert StationResult.objects.count() == 1
    event = AuditEvent.objects.get(action="elections.station_corrected")
    assert event.changes["before"]["votes"][str(first.pk)] == 100
    assert tally(election).candidates[0].candidate == first


def test_nothing_changes_after_the_results_are_final(election, recorder, two_registered):
    first, second = two_registered
    record(recorder, election, 1, 500, 300, 10, {first.pk: 100, second.pk: 150})
    services.finalize_results(actor=recorder, election=election)
    with pytest.raises(ValidationError, match="final"):
        record(recorder, election, 1, 500, 300, 10, {first.pk: 150, second.pk: 100})
    with pytest.raises(ValidationError, match="final"):
        services.finalize_results(actor=recorder, election=election)
    assert tally(election).candidates[0].candidate == second


def test_finalizing_needs_stations_and_decisions(election, recorder, two_registered):
    with pytest.raises(ValidationError, match="at least one polling station"):
        services.finalize_results(actor=recorder, election=election)


def test_outsider_cannot_record_results(election, outsider, two_registered):
    first, second = two_registered
    with pytest.raises(PermissionDenied):
        record(outsider, election, 1, 500, 300, 10, {first.pk: 100, second.pk: 150})
    assert not StationResult.objects.exists()
