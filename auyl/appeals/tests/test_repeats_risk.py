"""Repeat appeals suggested and confirmed, similar appeals grouped, and the risk map's colours."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from auyl.appeals import risk, selectors, services
from auyl.appeals.models import Appeal, Outcome
from auyl.core.models import TerritorySetting

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_english")]

FIRST = {"subject": "No water", "text": "There has been no cold water in the houses on Abai street for a week."}
AGAIN = {"subject": "Water again", "text": "Again no cold water on Abai street, houses without water for days."}


@pytest.fixture
def answered(register, people, resident, topics):
    """The resident's appeal about water, answered (explained)."""
    appeal, _code = register(resident=resident, applicant_phone="", topic=topics["water"], **FIRST)
    services.answer(actor=people["akim"], appeal=appeal, outcome=Outcome.EXPLAINED, text="The pump is repaired.")
    return appeal


def test_same_matter_after_an_answer_is_suggested_as_a_repeat(answered, register, resident, topics):
    again, _code = register(resident=resident, applicant_phone="", topic=topics["water"], **AGAIN)
    assert again.repeat_of == answered and again.repeat_confirmed is None
    assert "repeat" in again.risk_factors
    by_phone, _code = register(applicant_phone=resident.phone, topic=topics["water"], **AGAIN)
    assert by_phone.repeat_of == answered  # the same phone is the same applicant


@pytest.mark.parametrize("change", ["other_topic", "other_text", "other_person", "not_answered", "too_old"])
def test_what_is_not_a_repeat(register, people, resident, topics, change):
    first, _code = register(resident=resident, applicant_phone="", topic=topics["water"], **FIRST)
    if change != "not_answered":
        services.answer(actor=people["akim"], appeal=first, outcome=Outcome.EXPLAINED, text="Repaired.")
    if change == "too_old":
        Appeal.objects.filter(pk=first.pk).update(answered_at=timezone.now() - dt.timedelta(days=400))
    args = {"resident": resident, "applicant_phone": "", "topic": topics["water"], **AGAIN}
    if change == "other_topic":
        args["topic"] = topics["roads"]
    elif change == "other_text":
        args |= {"subject": "Street light", "text": "Please install a street lamp near the school."}
    elif change == "other_person":
        args |= {"resident": None, "applicant_phone": "87019998877"}
    again, _code = register(**args)
    assert again.repeat_of is None and "repeat" not in again.risk_factors


def test_the_repeat_window_is_a_regional_setting(answered, register, resident, topics, tree):
    Appeal.objects.filter(pk=answered.pk).update(answered_at=timezone.now() - dt.timedelta(days=62))
    TerritorySetting.objects.create(territory=tree["region"], key="appeals.repeat_window_months", value=1)
    again, _code = register(resident=resident, applicant_phone="", topic=topics["water"], **AGAIN)
    assert again.repeat_of is None


def test_staff_confirm_or_reject_a_suggested_repeat(answered, register, resident, topics, people):
    again, _code = register(resident=resident, applicant_phone="", topic=topics["water"], **AGAIN)
    with pytest.raises(ValidationError):
        services.confirm_repeat(actor=people["registrar"], appeal=again, is_repeat="yes")
    with pytest.raises(PermissionDenied):
        services.confirm_repeat(actor=people["executor"], appeal=again, is_repeat=True)
    services.confirm_repeat(actor=people["registrar"], appeal=again, is_repeat=False)
    assert again.repeat_confirmed is False and "repeat" not in again.risk_factors
    services.confirm_repeat(actor=people["akim"], appeal=again, is_repeat=True)
    assert again.repeat_confirmed is True and "repeat" in again.risk_factors
    assert list(again.steps.filter(is_public=False).values_list("kind", flat=True)) == [
        "repeat_rejected", "repeat_confirmed"]
    with pytest.raises(ValidationError):
        services.confirm_repeat(actor=people["akim"], appeal=answered, is_repeat=True)  # nothing suggested


@pytest.mark.parametrize(("points", "level"), [
    (0, "none"), (1, "yellow"), (2, "yellow"), (3, "orange"), (5, "orange"), (6, "red"), (10, "red"),
])
def test_levels_of_the_risk_map(points, level):
    assert risk.level_for(points) == level


def test_factors_add_up_to_a_colour_and_are_shown(register, topics, people, today):
    plain, _c = register()
    assert (plain.risk_points, risk.level(plain)) == (0, "none")
    collective, _c = register(is_collective=True)
    assert (collective.risk_points, risk.level(collective), collective.risk_factors) == (2, "yellow", ["collective"])
    complaint, _c = register(is_collective=True, topic=topics["official"])
    assert (complaint.risk_points, risk.level(complaint)) == (4, "orange")
    urgent, _c = register(is_collective=True, topic=topics["water"], subject="Heating",
                          text="The boiler house stopped.")
    services.extend_deadline(actor=people["akim"], appeal=urgent, reason="Waiting for parts")
    assert (urgent.risk_points, risk.level(urgent)) == (5, "orange")
    late = urgent.deadline + dt.timedelta(days=1)
    assert risk.score(urgent, today=late) == (8, ["collective", "overdue", "emergency_topic", "extended"])
    assert risk.breakdown(urgent) == {"level": "orange", "points": 5, "factors": [
        {"factor": "collective", "points": 2}, {"factor": "emergency_topic", "points": 2},
        {"factor": "extended", "points": 1}]}


def test_points_are_capped_at_ten_and_configurable_per_region(answered, register, resident, topics, tree):
    again, _code = register(resident=resident, applicant_phone="", topic=topics["water"], is_collective=True, **AGAIN)
    Appeal.objects.filter(pk=again.pk).update(extended_at=timezone.now())
    again.refresh_from_db()
    again.topic.is_official_complaint = True
    assert risk.score(again, today=again.deadline + dt.timedelta(days=1))[0] == 10  # 2+3+3+2+2+1 = 13
    TerritorySetting.objects.create(territory=tree["rd_a"], key="appeals.risk_points",
                                    value={"collective": 0, "repeat": 1})
    points, names = risk.score(again)
    assert points == 1 + 2 + 2 + 1 and "collective" not in names


def test_similar_appeals_of_other_applicants_are_suggested_and_grouped(register, people, resident, tree, topics):
    mine, _c = register(resident=resident, applicant_phone="", topic=topics["water"], **FIRST)
    neighbour, _c = register(applicant_phone="87019998877", topic=topics["water"], **AGAIN)
    register(applicant_phone="87019998878", topic=topics["water"], subject="Light", text="A lamp is broken.")
    register(applicant_phone=resident.phone, topic=topics["water"], **AGAIN)  # the same applicant: no
    other_district, _c = register(territory=tree["village_b1"], actor=people["akim_b"], topic=topics["water"],
                                  applicant_phone="87019998879", **AGAIN)
    assert selectors.similar_appeals(mine) == [neighbour]

    with pytest.raises(PermissionDenied):
        services.group_appeals(actor=people["executor"], appeals=[mine, neighbour], title="Water on Abai street")
    with pytest.raises(ValidationError):
        services.group_appeals(actor=people["akim"], appeals=[mine], title="Alone")
    with pytest.raises(ValidationError):
        services.group_appeals(actor=people["supervisor"], appeals=[mine, other_district], title="Two districts")
    with pytest.raises(ValidationError) as exc:
        services.group_appeals(actor=people["akim"], appeals=[mine, neighbour], title="")
    assert "title" in exc.value.message_dict
    group = services.group_appeals(actor=people["akim"], appeals=[mine, neighbour], title="Water on Abai street")
    assert set(group.appeals.all()) == {mine, neighbour} and group.territory == tree["rd_a"]
    with pytest.raises(ValidationError):
        services.group_appeals(actor=people["akim"], appeals=[mine, neighbour], title="Again")
