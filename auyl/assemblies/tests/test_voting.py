"""Votes per item: refused without quorum, after close, twice or above attendance; results computed."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from auyl.assemblies import services
from auyl.assemblies.models import Decision, DecisionStatus, Vote
from auyl.core.models import AuditEvent, TerritorySetting

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def gathering(tree, villagers, convene, staff):
    """An open gathering of Kyzyl Zhuldyz (20 adults: quorum 2) with five residents present."""
    meeting = convene(tree["village_a2"])
    for person in villagers["adults"][:5]:
        services.check_in(actor=staff["registrar"], meeting=meeting, resident=person)
    return meeting


def test_no_vote_without_quorum(tree, villagers, convene, staff):
    meeting = convene(tree["village_a2"])
    services.check_in(actor=staff["registrar"], meeting=meeting, resident=villagers["adults"][0])
    item = meeting.items.get(number=1)
    with pytest.raises(ValidationError, match="No quorum: 1 present of 2 required"):
        services.record_vote(actor=staff["registrar"], item=item, votes_for=1, votes_against=0, abstained=0)
    assert not Vote.objects.exists()


def test_no_vote_after_the_item_is_closed(gathering, staff):
    item = gathering.items.get(number=2)
    services.close_item(actor=staff["registrar"], item=item)
    with pytest.raises(ValidationError, match="Question 2 is closed"):
        services.record_vote(actor=staff["registrar"], item=item, votes_for=5, votes_against=0, abstained=0)
    assert not Vote.objects.filter(item=item).exists()


def test_counts_exceeding_those_present_are_refused(gathering, staff):
    item = gathering.items.get(number=1)
    with pytest.raises(ValidationError, match=r"The votes \(6\) exceed the participants present \(5\)"):
        services.record_vote(actor=staff["registrar"], item=item, votes_for=4, votes_against=1, abstained=1)
    for bad in (-1, "many", 2.5, None, True):
        with pytest.raises(ValidationError, match="whole number"):
            services.record_vote(
                actor=staff["registrar"], item=item, votes_for=bad, votes_against=0, abstained=0
            )
    assert not Vote.objects.exists()


def test_the_result_is_computed_from_the_majority_of_those_present(gathering, staff):
    first, second = gathering.items.order_by("number")
    vote = services.record_vote(
        actor=staff["registrar"], item=first, votes_for=3, votes_against=1, abstained=1
    )
    assert (vote.present, vote.votes_needed, vote.adopted) == (5, 3, True)
    with pytest.raises(ValidationError, match="already been recorded"):
        services.record_vote(actor=staff["registrar"], item=first, votes_for=0, votes_against=5, abstained=0)
    # Two of five for, three did not vote: not a majority of those present.
    vote = services.record_vote(
        actor=staff["registrar"], item=second, votes_for="2", votes_against=1, abstained=0
    )
    assert (vote.votes_needed, vote.adopted, vote.did_not_vote) == (3, False, 2)
    assert AuditEvent.objects.filter(action="assemblies.vote_recorded").count() == 2


def test_a_region_majority_rule_changes_the_result(tree, gathering, staff):
    TerritorySetting.objects.create(
        territory=tree["region"], key="assemblies.majority.gathering", value=">50% voting"
    )
    vote = services.record_vote(
        actor=staff["registrar"],
        item=gathering.items.get(number=1),
        votes_for=2,
        votes_against=1,
        abstained=0,
    )
    assert (vote.votes_needed, vote.adopted, vote.majority_rule) == (2, True, ">50% voting")


def test_closing_an_adopted_item_needs_the_decision_and_creates_its_follow_up(gathering, staff):
    item = gathering.items.get(number=2)  # no proposed decision text
    services.record_vote(actor=staff["registrar"], item=item, votes_for=5, votes_against=0, abstained=0)
    with pytest.raises(ValidationError, match="write the decision"):
        services.close_item(actor=staff["registrar"], item=item)
    services.close_item(actor=staff["registrar"], item=item, decision_text="Elect Omarov and Ivanova.")
    decision = Decision.objects.get(item=item)
    assert (decision.status, decision.text) == (DecisionStatus.NO_ACTION, "Elect Omarov and Ivanova.")
    first = gathering.items.get(number=1)
    services.record_vote(actor=staff["registrar"], item=first, votes_for=5, votes_against=0, abstained=0)
    services.close_meeting(actor=staff["registrar"], meeting=gathering)
    to_akim = Decision.objects.get(item=first)
    assert to_akim.status == DecisionStatus.AWAITING_RESPONSE
    assert to_akim.response_due >= timezone.localdate() + dt.timedelta(days=10)


def test_members_vote_by_name(tree, villagers, convene, staff):
    today = timezone.localdate()
    members = villagers["adults"][:4]
    for person in members:
        services.add_member(
            actor=staff["registrar"],
            territory=tree["rd_a"],
            resident=person,
            category="veterans",
            term_start=today - dt.timedelta(days=10),
            term_end=today + dt.timedelta(days=365),
        )
    meeting = convene(tree["rd_a"], kind="community_meeting")
    for person in members[:3]:
        services.check_in(actor=staff["registrar"], meeting=meeting, resident=person)
    with pytest.raises(ValidationError, match="not a member of this community meeting"):
        services.check_in(actor=staff["registrar"], meeting=meeting, resident=villagers["adults"][10])
    item = meeting.items.get(number=1)
    with pytest.raises(ValidationError, match="Only members checked in"):
        services.record_vote(actor=staff["registrar"], item=item, ballots={members[3].pk: "for"})
    vote = services.record_vote(
        actor=staff["registrar"],
        item=item,
        ballots={members[0].pk: "for", members[1].pk: "for", str(members[2].pk): "against"},
    )
    assert (vote.method, vote.votes_for, vote.votes_against, vote.adopted) == ("by_name", 2, 1, True)
    assert sorted(vote.ballots.values_list("choice", flat=True)) == ["against", "for", "for"]


def test_a_gathering_votes_by_counts_not_by_name(gathering, villagers, staff):
    with pytest.raises(ValidationError, match="entered as counts"):
        services.record_vote(
            actor=staff["registrar"],
            item=gathering.items.get(number=1),
            ballots={villagers["adults"][0].pk: "for"},
        )
