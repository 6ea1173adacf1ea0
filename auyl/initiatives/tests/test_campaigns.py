"""Campaigns: who may create them where, what is checked, the phases their dates make, and that their
rules freeze once voting opens."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from auyl.core.models import AuditEvent, TerritorySetting
from auyl.initiatives import phases, services
from auyl.initiatives.models import Campaign

from .conftest import DATES, MIDDLE, campaign_data

pytestmark = pytest.mark.django_db


def test_akim_creates_a_draft_campaign_with_the_territory_defaults(tree, staff):
    campaign = services.create_campaign(actor=staff["akim"], territory=tree["rd_a"], **campaign_data())
    assert campaign.published_at is None
    assert campaign.min_age == 18 and campaign.allow_ballot_changes is True
    assert campaign.territory_path == tree["rd_a"].path
    assert AuditEvent.objects.filter(
        action="initiatives.campaign_created", object_id=str(campaign.pk)
    ).exists()


def test_the_territory_rules_set_minimum_age_and_ballot_changes(tree, staff):
    TerritorySetting.objects.create(territory=tree["region"], key="initiatives.min_voter_age", value=16)
    TerritorySetting.objects.create(
        territory=tree["rd_a"], key="initiatives.ballot_changes_allowed", value=False
    )
    campaign = services.create_campaign(actor=staff["akim"], territory=tree["village_a1"], **campaign_data())
    assert campaign.min_age == 16
    assert campaign.allow_ballot_changes is False


@pytest.mark.parametrize("who", ["registrar", "akim_b", "deputy"])
def test_only_a_manager_of_the_territory_creates_campaigns(tree, staff, who):
    with pytest.raises(PermissionDenied):
        services.create_campaign(actor=staff[who], territory=tree["rd_a"], **campaign_data())
    assert not Campaign.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": " "}, "title"),
        ({"amount": 0}, "amount"),
        ({"amount": -5}, "amount"),
        ({"amount": "a lot"}, "amount"),
        ({"funding_source": "lottery"}, "funding_source"),
        ({"ballot_type": "ranked"}, "ballot_type"),
        ({"max_choices": None}, "max_choices"),
        ({"max_choices": 0}, "max_choices"),
        ({"rule": "random"}, "rule"),
        ({"title": "x" * 201}, "title"),
        ({"review_until": DATES["proposals_until"]}, "review_until"),
        ({"voting_until": DATES["discussion_until"] - dt.timedelta(days=3)}, "voting_until"),
        ({"proposals_until": DATES["proposals_from"] - dt.timedelta(days=1)}, "proposals_until"),
        ({"min_age": 5}, "min_age"),
    ],
)
def test_bad_campaign_input_is_refused_with_a_message_and_nothing_stored(tree, staff, change, field):
    with pytest.raises(ValidationError) as caught:
        services.create_campaign(actor=staff["akim"], territory=tree["rd_a"], **campaign_data(**change))
    assert field in caught.value.message_dict
    assert not Campaign.objects.exists()


def test_a_campaign_that_would_take_proposals_in_the_past_is_refused(tree, staff, clock):
    clock.to("review")
    with pytest.raises(ValidationError) as caught:
        services.create_campaign(actor=staff["akim"], territory=tree["rd_a"], **campaign_data())
    assert "proposals_until" in caught.value.message_dict


def test_a_campaign_runs_in_a_rural_district_or_a_settlement_only(tree, staff):
    with pytest.raises(ValidationError):
        services.create_campaign(actor=staff["akim"], territory=tree["district"], **campaign_data())


def test_knapsack_ballots_ignore_a_number_of_choices(tree, staff):
    campaign = services.create_campaign(
        actor=staff["akim"], territory=tree["rd_a"], **campaign_data(ballot_type="knapsack", max_choices=3)
    )
    assert campaign.max_choices is None


def test_phases_follow_the_dates(make_campaign):
    campaign = make_campaign()
    for phase, day in MIDDLE.items():
        assert phases.phase_on(campaign, day) == phase
    assert phases.phase_on(campaign, DATES["voting_until"]) == "voting"
    assert phases.phase_on(campaign, DATES["voting_until"] + dt.timedelta(days=1)) == "results"
    spans = phases.timeline(campaign, MIDDLE["voting"])
    assert [s.state for s in spans] == ["done", "done", "done", "current", "next", "next"]
    assert spans[3].start == DATES["discussion_until"] + dt.timedelta(days=1)


def test_rules_and_dates_can_change_until_voting_opens_and_never_after(make_campaign, staff, clock):
    campaign = make_campaign()
    clock.to("discussion")
    services.update_campaign(actor=staff["akim"], campaign=campaign, amount=12_000_000)
    campaign.refresh_from_db()
    assert campaign.amount == 12_000_000
    clock.to("voting")
    with pytest.raises(ValidationError, match="Voting has opened"):
        services.update_campaign(actor=staff["akim"], campaign=campaign, amount=20_000_000)
    campaign.refresh_from_db()
    assert campaign.amount == 12_000_000


def test_publishing_is_audited_once(make_campaign, staff):
    campaign = make_campaign(publish=False)
    services.publish_campaign(actor=staff["akim"], campaign=campaign)
    services.publish_campaign(actor=staff["akim"], campaign=campaign)
    assert AuditEvent.objects.filter(action="initiatives.campaign_published").count() == 1
