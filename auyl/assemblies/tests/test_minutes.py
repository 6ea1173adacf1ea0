"""Minutes: signed when final, corrections are new versions with a reason, every version kept."""

import pytest
from django.core.exceptions import ValidationError

from auyl.assemblies import selectors, services
from auyl.assemblies.models import Decision, MinutesVersion

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def held(tree, villagers, convene, staff):
    meeting = convene(tree["village_a2"])
    for person in villagers["adults"][:6]:
        services.check_in(actor=staff["registrar"], meeting=meeting, resident=person)
    services.check_in(
        actor=staff["registrar"],
        meeting=meeting,
        kind="official",
        guest_name="Omarov B.",
        position="District akimat",
    )
    first, second = meeting.items.order_by("number")
    services.record_vote(actor=staff["registrar"], item=first, votes_for=5, votes_against=1, abstained=0)
    services.record_vote(actor=staff["registrar"], item=second, votes_for=1, votes_against=4, abstained=1)
    return services.close_meeting(actor=staff["registrar"], meeting=meeting)


def test_minutes_hold_everything_the_protocol_needs(held, staff):
    version = services.finalize_minutes(actor=staff["registrar"], meeting=held)
    data = version.data
    assert (version.number, version.is_final, version.reason) == (1, True, "")
    assert data["territory"]["name_ru"] == "Қызыл Жұлдыз" and data["unit"]["code"] == "111033000"
    assert data["meeting"]["venue"] == "House of culture" and data["convened_by"] == "registrar_a"
    assert data["attendance"] | {"guests": [], "officials": []} == {
        "roll_size": 20,
        "present": 6,
        "quorum_required": 2,
        "quorum_rule": ">=10%",
        "quorum_reached": True,
        "participants": [],
        "guests": [],
        "officials": [],
    }
    assert data["attendance"]["officials"] == [{"name": "Omarov B.", "position": "District akimat"}]
    first, second = data["items"]
    assert first["vote"] | {"ballots": []} == {
        "method": "counts",
        "for": 5,
        "against": 1,
        "abstained": 0,
        "present": 6,
        "did_not_vote": 0,
        "votes_needed": 4,
        "majority_rule": ">50% present",
        "adopted": True,
        "ballots": [],
    }
    assert first["decision_text"] == "Ask the akim to repair the road before September."
    assert second["vote"]["adopted"] is False
    assert (data["chair_name"], data["secretary_name"]) == ("Серікбаев Е.", "Ахметова Г.")


def test_signing_needs_a_closed_meeting_and_names(tree, villagers, convene, staff):
    meeting = convene(tree["village_a2"])
    with pytest.raises(ValidationError, match="after the meeting is closed"):
        services.finalize_minutes(actor=staff["registrar"], meeting=meeting)
    services.close_meeting(actor=staff["registrar"], meeting=meeting)
    with pytest.raises(ValidationError) as error:
        services.finalize_minutes(
            actor=staff["registrar"], meeting=meeting, chair_name="", secretary_name=" "
        )
    assert set(error.value.message_dict) == {"chair_name", "secretary_name"}
    assert not MinutesVersion.objects.exists()


def test_a_correction_is_a_new_version_and_both_are_kept(held, staff):
    services.finalize_minutes(actor=staff["registrar"], meeting=held)
    with pytest.raises(ValidationError, match="already signed"):
        services.finalize_minutes(actor=staff["registrar"], meeting=held)
    with pytest.raises(ValidationError, match="reason"):
        services.correct_minutes(actor=staff["registrar"], meeting=held, reason="", secretary_name="Другой")
    with pytest.raises(ValidationError, match="Nothing was changed"):
        services.correct_minutes(actor=staff["registrar"], meeting=held, reason="Typo")
    corrected = services.correct_minutes(
        actor=staff["registrar"],
        meeting=held,
        reason="The date of the repair was misheard",
        items={1: {"decision_text": "Ask the akim to repair the road before August."}},
    )
    versions = list(selectors.minutes_versions(held))
    assert [v.number for v in versions] == [2, 1]
    assert versions[1].data["items"][0]["decision_text"].endswith("September.")
    assert corrected.data["items"][0]["decision_text"].endswith("August.")
    assert corrected.reason == "The date of the repair was misheard"
    assert selectors.current_minutes(held) == corrected
    assert Decision.objects.get(item__meeting=held, item__number=1).text.endswith("August.")
    # The vote itself is never corrected.
    assert corrected.data["items"][0]["vote"] == versions[1].data["items"][0]["vote"]


def test_corrections_refuse_bad_input(held, staff):
    services.finalize_minutes(actor=staff["registrar"], meeting=held)
    with pytest.raises(ValidationError, match="Unknown agenda item"):
        services.correct_minutes(
            actor=staff["registrar"], meeting=held, reason="x", items={9: {"discussion": "a"}}
        )
    with pytest.raises(ValidationError, match="cannot be empty"):
        services.correct_minutes(
            actor=staff["registrar"], meeting=held, reason="x", items={1: {"decision_text": ""}}
        )
    with pytest.raises(ValidationError, match="too long"):
        services.correct_minutes(actor=staff["registrar"], meeting=held, reason="x" * 2001, notes="n")
    assert MinutesVersion.objects.filter(meeting=held).count() == 1
    assert held.items.get(number=1).decision_text.endswith("September.")


def test_every_state_change_is_an_audit_event(held, staff):
    from auyl.core.audit import verify_chain
    from auyl.core.models import AuditEvent

    services.finalize_minutes(actor=staff["registrar"], meeting=held)
    services.correct_minutes(
        actor=staff["registrar"], meeting=held, reason="Name", chair_name="Серікбаев Ержан"
    )
    actions = list(
        AuditEvent.objects.filter(territory_code=held.territory.code)
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "assemblies.meeting_convened",
        "assemblies.notice_published",
        "assemblies.meeting_opened",
        *["assemblies.checked_in"] * 7,
        "assemblies.vote_recorded",
        "assemblies.vote_recorded",
        "assemblies.decision_created",
        "assemblies.item_closed",
        "assemblies.item_closed",
        "assemblies.meeting_closed",
        "assemblies.minutes_signed",
        "assemblies.minutes_corrected",
    ]
    assert verify_chain().ok
