"""Proposals: residents propose online while the phase is open, staff enter them for residents without
internet, photos are checked by their bytes; the technical review accepts with a cost or rejects with
reasons, and stops when its phase ends."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from auyl.core.models import AuditEvent
from auyl.initiatives import services
from auyl.initiatives.models import Campaign, Photo, Proposal

pytestmark = pytest.mark.django_db

IDEA = {
    "title": "Балалар алаңы",
    "description": "Абай көшесінде балалар ойнайтын орын жоқ.",
    "place": "Абай көшесі, 12 үйдің жанында",
    "category": "playground",
    "estimated_cost": 4_500_000,
}


def png(size=(40, 30), name="place.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 120, 60)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def open_campaign(make_campaign, clock):
    campaign = make_campaign()
    clock.to("proposals")
    return campaign


def test_a_resident_proposes_a_project_online(open_campaign, people, tree):
    proposal = services.submit_proposal(
        actor=people["aliya"], campaign=open_campaign, settlement=tree["village_a1"], photos=[png()], **IDEA
    )
    assert proposal.number == 1 and proposal.status == "submitted" and proposal.channel == "online"
    assert proposal.author == people["aliya"].resident
    assert proposal.photos.get().content_type == "image/png"
    second = services.submit_proposal(actor=people["marat"], campaign=open_campaign, **IDEA)
    assert second.number == 2
    assert AuditEvent.objects.filter(action="initiatives.proposal_submitted").count() == 2


@pytest.mark.parametrize("phase", ["announced", "review", "voting"])
def test_proposals_outside_their_phase_are_refused(make_campaign, people, clock, phase):
    campaign = make_campaign()
    clock.to(phase)
    with pytest.raises(ValidationError) as caught:
        services.submit_proposal(actor=people["aliya"], campaign=campaign, **IDEA)
    assert ("accepted from" if phase == "announced" else "this phase is closed") in caught.value.messages[0]
    assert not Proposal.objects.exists()


def test_a_resident_of_another_rural_district_cannot_propose_here(open_campaign, people):
    with pytest.raises(ValidationError, match="Only residents registered in"):
        services.submit_proposal(actor=people["outsider"], campaign=open_campaign, **IDEA)


def test_an_unpublished_campaign_takes_no_proposals(make_campaign, people, clock):
    campaign = make_campaign(publish=False)
    clock.to("proposals")
    with pytest.raises(ValidationError, match="not announced"):
        services.submit_proposal(actor=people["aliya"], campaign=campaign, **IDEA)


def test_an_anonymous_visitor_or_a_stranger_cannot_propose_for_someone(open_campaign, people, offline):
    with pytest.raises(PermissionDenied):
        services.submit_proposal(actor=None, campaign=open_campaign, **IDEA)
    with pytest.raises(PermissionDenied):  # a resident cannot file in another resident's name
        services.submit_proposal(actor=people["aliya"], campaign=open_campaign, resident=offline, **IDEA)


def test_staff_enter_a_proposal_for_a_resident_without_internet(open_campaign, staff, offline, people):
    proposal = services.submit_proposal(
        actor=staff["registrar"], campaign=open_campaign, resident=offline, **IDEA
    )
    assert proposal.author == offline and proposal.channel == "staff"
    with pytest.raises(ValidationError, match="not registered"):
        services.submit_proposal(
            actor=staff["registrar"], campaign=open_campaign, resident=people["outsider"].resident, **IDEA
        )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": ""}, "title"),
        ({"description": "   "}, "description"),
        ({"place": ""}, "place"),
        ({"category": "casino"}, "category"),
        ({"estimated_cost": 0}, "estimated_cost"),
        ({"estimated_cost": "4,5 mln"}, "estimated_cost"),
        ({"description": "ы" * 10_001}, "description"),
    ],
)
def test_bad_proposals_are_refused_with_a_message(open_campaign, people, change, field):
    with pytest.raises(ValidationError) as caught:
        services.submit_proposal(actor=people["aliya"], campaign=open_campaign, **(IDEA | change))
    assert field in caught.value.message_dict
    assert not Proposal.objects.exists()


def test_a_settlement_of_another_district_is_refused(open_campaign, people, tree):
    with pytest.raises(ValidationError) as caught:
        services.submit_proposal(
            actor=people["aliya"], campaign=open_campaign, settlement=tree["village_b1"], **IDEA
        )
    assert "settlement" in caught.value.message_dict


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("photo.jpg", b"<html>not a photo</html>"), "is not a photo"),
        (SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64), "is not a photo"),
        (SimpleUploadedFile("report.pdf", b""), "is empty"),
    ],
)
def test_a_bad_photo_refuses_the_whole_proposal(open_campaign, people, upload, message):
    with pytest.raises(ValidationError, match=message):
        services.submit_proposal(actor=people["aliya"], campaign=open_campaign, photos=[upload], **IDEA)
    assert not Proposal.objects.exists() and not Photo.objects.exists()


def test_a_disguised_or_oversized_photo_is_refused(open_campaign, people, tree):
    from auyl.core.models import TerritorySetting

    with pytest.raises(ValidationError, match="does not match its name"):
        services.submit_proposal(
            actor=people["aliya"], campaign=open_campaign, photos=[png(name="x.pdf")], **IDEA
        )
    TerritorySetting.objects.create(territory=tree["rd_a"], key="initiatives.max_photo_mb", value=0.001)
    with pytest.raises(ValidationError, match="too large"):
        services.submit_proposal(
            actor=people["aliya"], campaign=open_campaign, photos=[png(size=(600, 600))], **IDEA
        )
    assert not Proposal.objects.exists()


# --- the technical review ---------------------------------------------------------------------------


@pytest.fixture
def submitted(open_campaign, people):
    return services.submit_proposal(actor=people["aliya"], campaign=open_campaign, **IDEA)


def test_review_accepts_with_the_reviewed_cost_and_bumps_the_ballot_version(submitted, staff, clock):
    clock.to("review")
    version = Campaign.objects.get().version
    proposal = services.review_proposal(
        actor=staff["executor"], proposal=submitted, decision="accepted", reviewed_cost=4_200_000
    )
    assert (
        proposal.status == "accepted" and proposal.reviewed_cost == 4_200_000 and proposal.cost == 4_200_000
    )
    assert Campaign.objects.get().version == version + 1
    event = AuditEvent.objects.get(action="initiatives.proposal_reviewed")
    assert event.changes["status"] == ["submitted", "accepted"]


def test_review_rejects_with_reasons_and_may_be_revised_within_the_phase(submitted, staff, clock):
    clock.to("review")
    services.review_proposal(
        actor=staff["akim"], proposal=submitted, decision="rejected", reasons=["duplicate"], note="№3 сияқты"
    )
    proposal = services.review_proposal(
        actor=staff["akim"], proposal=submitted, decision="accepted", reviewed_cost=4_000_000
    )
    assert proposal.rejection_reasons == [] and proposal.status == "accepted"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"decision": "accepted"}, "reviewed_cost"),
        ({"decision": "accepted", "reviewed_cost": 0}, "reviewed_cost"),
        ({"decision": "accepted", "reviewed_cost": 10_000_001}, "reviewed_cost"),
        ({"decision": "rejected"}, "reasons"),
        ({"decision": "rejected", "reasons": ["bad mood"]}, "reasons"),
        ({"decision": "rejected", "reasons": ["other"]}, "note"),
        ({"decision": "maybe"}, "decision"),
    ],
)
def test_incomplete_reviews_are_refused(submitted, staff, clock, kwargs, field):
    clock.to("review")
    with pytest.raises(ValidationError) as caught:
        services.review_proposal(actor=staff["executor"], proposal=submitted, **kwargs)
    assert field in caught.value.message_dict
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_review_closes_with_its_phase(submitted, staff, clock):
    clock.to("discussion")
    with pytest.raises(ValidationError, match="review ended"):
        services.review_proposal(
            actor=staff["executor"], proposal=submitted, decision="accepted", reviewed_cost=1
        )


@pytest.mark.parametrize("who", ["registrar", "akim_b", "deputy", "auditor"])
def test_only_reviewers_of_the_territory_review(submitted, staff, clock, who):
    clock.to("review")
    with pytest.raises(PermissionDenied):
        services.review_proposal(actor=staff[who], proposal=submitted, decision="accepted", reviewed_cost=100)
