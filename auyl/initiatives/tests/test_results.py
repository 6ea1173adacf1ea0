"""Results: the campaign's rule over its ballots once voting has closed, stored once, explained for every
project in words (votes, cost, money left at its turn), with winners opening their implementation."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from auyl.core.models import AuditEvent
from auyl.initiatives import results, services
from auyl.initiatives.models import Implementation, Result

from .conftest import build_ballot

pytestmark = pytest.mark.django_db


def _vote(campaign, staff, people, offline, projects):
    """Four voters: p1 gets 2 votes, p2 2 votes, p3 3 votes (costs 4, 3 and 5 million of 10)."""
    p1, p2, p3 = projects
    services.cast_ballot(actor=people["aliya"], campaign=campaign, choices=[p1.pk, p2.pk])
    services.cast_ballot(actor=people["marat"], campaign=campaign, choices=[p1.pk, p3.pk])
    services.cast_ballot(actor=people["dana"], campaign=campaign, choices=[p3.pk])
    services.record_polling_ballot(
        actor=staff["registrar"],
        campaign=campaign,
        resident=offline,
        choices=[p3.pk, p2.pk],
        polling_point="Клуб",
    )


@pytest.fixture
def voted(make_campaign, staff, people, offline, clock):
    def _voted(**overrides):
        campaign, projects = build_ballot(make_campaign, staff, people, clock, **overrides)
        _vote(campaign, staff, people, offline, projects)
        clock.to("results")
        return campaign, projects

    return _voted


def test_greedy_funds_by_votes_breaks_ties_by_cost_and_explains_every_project(voted, staff):
    campaign, (p1, p2, p3) = voted()
    result = services.compute_results(actor=staff["akim"], campaign=campaign)
    assert result.winners == [str(p3.number), str(p2.number)]
    assert result.spent == 8_000_000 and result.voters == 4 and result.ballots == 4
    lines = results.explanation(result, {str(p.number): p for p in (p1, p2, p3)})
    assert [(line.proposal, line.selected, line.reason) for line in lines] == [
        (p3, True, "selected"),
        (p2, True, "selected"),
        (p1, False, "over_budget"),
    ]
    assert lines[2].text == (
        "Not funded. With 2 votes it was number 3 in the order of votes, but at its turn only 2\u00a0000\u00a0000\u00a0₸ "
        "were left, less than its cost of 4\u00a0000\u00a0000\u00a0₸."
    )
    assert (
        lines[0].remaining_before == 10_000_000
        and "10\u00a0000\u00a0000\u00a0₸ were still free" in lines[0].text
    )
    assert set(Implementation.objects.values_list("proposal_id", flat=True)) == {p2.pk, p3.pk}
    event = AuditEvent.objects.get(action="initiatives.results_computed")
    assert event.changes["winners"] == result.winners


def test_equal_shares_explains_what_supporters_could_pay(voted, staff):
    campaign, (p1, p2, p3) = voted(rule="mes")
    result = services.compute_results(actor=staff["akim"], campaign=campaign)
    assert result.winners == [str(p3.number), str(p2.number)]
    lines = {
        line.proposal: line for line in results.explanation(result, {str(p.number): p for p in (p1, p2, p3)})
    }
    assert lines[p1].reason == "mes_unaffordable"
    assert "its 2 supporters had only 3\u00a0333\u00a0333\u00a0₸ left together" in lines[p1].text.lower()
    assert "about 1\u00a0666\u00a0667\u00a0₸ each" in lines[p3].text
    assert "Method of Equal Shares" in results.rule_summary(result)


def test_results_wait_for_voting_to_close_and_are_counted_once(voted, staff, clock):
    campaign, _projects = voted()
    clock.to("voting")
    with pytest.raises(ValidationError, match="after voting closes"):
        services.compute_results(actor=staff["akim"], campaign=campaign)
    clock.to("results")
    services.compute_results(actor=staff["akim"], campaign=campaign)
    with pytest.raises(ValidationError, match="already counted"):
        services.compute_results(actor=staff["akim"], campaign=campaign)
    assert Result.objects.count() == 1


@pytest.mark.parametrize("who", ["registrar", "executor", "akim_b", "auditor"])
def test_only_a_manager_of_the_territory_counts(voted, staff, who):
    campaign, _projects = voted()
    with pytest.raises(PermissionDenied):
        services.compute_results(actor=staff[who], campaign=campaign)
    assert not Result.objects.exists()


def test_a_campaign_without_accepted_projects_has_nothing_to_count(make_campaign, staff, clock):
    campaign = make_campaign()
    clock.to("results")
    with pytest.raises(ValidationError, match="nothing to count"):
        services.compute_results(actor=staff["akim"], campaign=campaign)


def test_a_project_nobody_chose_is_explained_too(make_campaign, staff, people, clock):
    campaign, (p1, p2, p3) = build_ballot(make_campaign, staff, people, clock)
    services.cast_ballot(actor=people["aliya"], campaign=campaign, choices=[p1.pk])
    clock.to("results")
    result = services.compute_results(actor=staff["akim"], campaign=campaign)
    texts = {
        line.proposal: line.text
        for line in results.explanation(result, {str(p.number): p for p in (p1, p2, p3)})
    }
    assert texts[p1].startswith("Funded. With 1 vote it was number 1")
    assert texts[p2].startswith("Funded although nobody voted for it")
    assert texts[p3].startswith("Not funded. With 0 votes")
