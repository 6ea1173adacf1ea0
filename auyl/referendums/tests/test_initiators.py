"""Questions initiated by the council or the community meeting, and initiatives to dismiss the akim."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from auyl.assemblies.models import Decision, Meeting
from auyl.core.models import Notification
from auyl.referendums import services
from auyl.referendums.models import Referendum, Status

from .conftest import scheduled


def _meeting(territory, kind, *, status="closed", dismissal=None):
    """A meeting as the meeting engine leaves it (test data only; the engine's own tests cover how)."""
    from auyl.assemblies.models import AgendaItem, Meeting, Vote

    meeting = Meeting.objects.create(
        territory=territory,
        territory_path=territory.path,
        kind=kind,
        title="Session",
        starts_at=timezone.now() - dt.timedelta(days=3),
        venue="Hall",
        status=status,
        notice_published_at=timezone.now() - dt.timedelta(days=20),
    )
    if dismissal is not None:
        item = AgendaItem.objects.create(meeting=meeting, number=1, kind="akim_dismissal", title="Dismiss")
        Vote.objects.create(
            item=item,
            votes_for=10 if dismissal else 2,
            votes_against=2 if dismissal else 10,
            abstained=0,
            present=12,
            quorum_required=7,
            majority_rule="simple",
            votes_needed=7,
            adopted=dismissal,
        )
    return meeting


def test_a_council_question_is_registered_without_signatures(tree, staff, people):
    council = _meeting(tree["district"], "council_session")
    referendum = services.create_question(
        actor=staff["akim"],
        territory=tree["rd_a"],
        kind="referendum",
        initiator="council",
        question="Q?",
        meeting_id=council.pk,
    )
    assert referendum.status == Status.REGISTERED and referendum.initiating_meeting == council
    with pytest.raises(ValidationError, match="not being collected"):
        services.sign(actor=people["aliya"], referendum=referendum)


@pytest.mark.parametrize(
    ("initiator", "kind", "status", "where"),
    [
        ("council", "community_meeting", "closed", "rd_a"),  # wrong body
        ("community_meeting", "community_meeting", "open", "rd_a"),  # not closed yet
        ("community_meeting", "community_meeting", "closed", "rd_b"),  # another rural district
    ],
)
def test_the_initiating_meeting_must_fit(tree, staff, initiator, kind, status, where):
    meeting = _meeting(tree[where], kind, status=status)
    with pytest.raises(ValidationError, match="closed meeting of that body"):
        services.create_question(
            actor=staff["district_akim"],
            territory=tree["rd_a"],
            kind="referendum",
            initiator=initiator,
            question="Q?",
            meeting_id=meeting.pk,
        )
    with pytest.raises(ValidationError, match="Choose the meeting"):
        services.create_question(
            actor=staff["akim"],
            territory=tree["rd_a"],
            kind="referendum",
            initiator="council",
            question="Q?",
            meeting_id="999x",
        )
    assert not Referendum.objects.exists()


def test_an_unpublished_meeting_of_another_district_cannot_be_cited(tree, staff):
    meeting = _meeting(tree["rd_b"], "community_meeting")
    Meeting.objects.filter(pk=meeting.pk).update(notice_published_at=None)
    with pytest.raises(ValidationError, match="Choose the meeting"):
        services.create_question(
            actor=staff["akim"],
            territory=tree["rd_a"],
            kind="referendum",
            initiator="community_meeting",
            question="Q?",
            meeting_id=meeting.pk,
        )


def test_a_recall_by_the_community_meeting_needs_its_adopted_dismissal_initiative(tree, staff):
    rejected = _meeting(tree["rd_a"], "community_meeting", dismissal=False)
    with pytest.raises(ValidationError, match="did not adopt an initiative to dismiss"):
        services.create_question(
            actor=staff["district_akim"],
            territory=tree["rd_a"],
            kind="recall",
            initiator="community_meeting",
            question="Dismiss the akim?",
            meeting_id=rejected.pk,
        )
    adopted = _meeting(tree["rd_a"], "community_meeting", dismissal=True)
    recall = services.create_question(
        actor=staff["district_akim"],
        territory=tree["rd_a"],
        kind="recall",
        initiator="community_meeting",
        question="Dismiss the akim?",
        meeting_id=adopted.pk,
        binding=False,
    )
    assert recall.status == Status.REGISTERED and recall.binding is True  # a recall is always binding
    assert recall.majority == "absolute"


def test_a_supported_recall_goes_to_the_district_akim(tree, staff, people, clock):
    staff["district_akim"].email = "district@example.kz"
    staff["district_akim"].save()
    staff["akim"].email = "akim@example.kz"
    staff["akim"].save()
    recall = services.create_question(
        actor=staff["district_akim"],
        territory=tree["rd_a"],
        kind="recall",
        initiator="residents",
        question="Dismiss the akim?",
    )
    services.sign(actor=people["aliya"], referendum=recall)
    recall = services.schedule_vote(
        actor=staff["district_akim"],
        referendum=recall,
        voting_from=clock.now.date() + dt.timedelta(days=3),
        voting_until=clock.now.date() + dt.timedelta(days=3),
    )
    clock.set(recall.voting_from)
    for name in ("aliya", "marat"):
        services.cast_ballot(actor=people[name], referendum=recall, choice="yes")
    clock.set(recall.voting_until + dt.timedelta(days=1))
    result = services.declare_result(actor=staff["district_akim"], referendum=recall)
    assert result.adopted is True  # 2 of 3 registered voters: an absolute majority
    assert Notification.objects.filter(recipient="district@example.kz").count() == 1
    assert not Notification.objects.filter(recipient="akim@example.kz").exists()
    decision = Decision.objects.get()
    assert (decision.source, decision.addressee) == (result, "district_akim")


def test_the_same_question_flow_works_for_a_council_referendum(tree, staff, people, clock):
    council = _meeting(tree["district"], "council_session")
    referendum = services.create_question(
        actor=staff["akim"],
        territory=tree["rd_a"],
        kind="referendum",
        initiator="council",
        question="Q?",
        meeting_id=council.pk,
    )
    referendum = scheduled(staff, clock, referendum)
    services.cast_ballot(actor=people["aliya"], referendum=referendum, choice="no")
    services.cast_ballot(actor=people["dana"], referendum=referendum, choice="no")
    clock.set(referendum.voting_until + dt.timedelta(days=1))
    result = services.declare_result(actor=staff["akim"], referendum=referendum)
    assert result.turnout_reached is True and result.adopted is False
