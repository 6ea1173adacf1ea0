"""Quorum per region: gatherings (share of adult residents), community meetings (share of members)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from auyl.assemblies import selectors, services
from auyl.assemblies.models import Meeting
from auyl.assemblies.quorum import parse_share, quorum_needed, votes_needed
from auyl.core.models import TerritorySetting

from .conftest import make_resident

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.mark.parametrize(
    ("rule", "roll", "needed"),
    [
        (">=10%", 20, 2),
        (">=10%", 21, 3),
        (">=10%", 44, 5),
        (">=10%", 3, 1),
        (">50%", 10, 6),
        (">50%", 9, 5),
        (">50%", 1, 1),
        (">=66.67%", 3, 3),
        (">=50%", 10, 5),
        (">=10%", 0, 1),
    ],
)
def test_quorum_arithmetic_is_exact(rule, roll, needed):
    assert quorum_needed(rule, roll) == needed


def test_majority_bases():
    assert votes_needed(">50% present", present=10, voting=7, roll_size=30) == 6
    assert votes_needed(">50% voting", present=10, voting=7, roll_size=30) == 4
    assert votes_needed(">=66.67% roll", present=10, voting=7, roll_size=30) == 21
    with pytest.raises(ValidationError, match="not understood"):
        parse_share("half")
    with pytest.raises(ValidationError):
        parse_share(">120%")


def test_gathering_quorum_is_ten_percent_of_adult_residents_and_shown_n_of_n(tree, villagers, convene, staff):
    meeting = convene(tree["village_a2"])
    q = selectors.quorum(meeting)
    assert (q.present, q.required, q.roll_size, q.reached) == (
        0,
        2,
        20,
        False,
    )  # 20 adults, the minor not counted
    services.check_in(actor=staff["registrar"], meeting=meeting, resident=villagers["adults"][0])
    services.check_in(actor=staff["registrar"], meeting=meeting, kind="guest", guest_name="Journalist")
    services.check_in(
        actor=staff["registrar"],
        meeting=meeting,
        kind="official",
        guest_name="Omarov",
        position="District akimat",
    )
    assert selectors.quorum(meeting).present == 1  # guests and officials do not count
    services.check_in(actor=staff["registrar"], meeting=meeting, resident=villagers["adults"][1])
    assert selectors.quorum(meeting) == selectors.Quorum(present=2, required=2, roll_size=20, reached=True)


def test_a_region_overrides_the_gathering_quorum(tree, villagers, convene):
    TerritorySetting.objects.create(territory=tree["region"], key="assemblies.quorum.gathering", value=">50%")
    meeting = convene(tree["village_a2"])
    assert (meeting.roll_size, meeting.quorum_required, meeting.quorum_rule) == (20, 11, ">50%")
    # A nearer unit's rule wins over the region's.
    TerritorySetting.objects.create(territory=tree["rd_a"], key="assemblies.quorum.gathering", value=">=25%")
    assert selectors.quorum(convene(tree["village_a2"], open_it=False)).required == 5


def test_the_roll_is_fixed_when_the_meeting_opens(tree, villagers, convene):
    meeting = convene(tree["village_a2"])
    for i in range(15):
        make_resident(tree["village_a2"], f"Жаңа{i}", "Адам")
    assert selectors.quorum(meeting).roll_size == 20
    assert selectors.quorum(convene(tree["village_a2"], open_it=False)).roll_size == 35


def test_age_is_judged_on_the_meeting_date(tree, convene, staff):
    meeting = convene(tree["village_a2"], open_it=False)
    day = timezone.localdate()
    birth = day.replace(year=day.year - 18)
    eighteen_today = make_resident(tree["village_a2"], "Туған", "Күн", age=18)
    eighteen_today.birth_date = birth
    eighteen_today.save()
    tomorrow = make_resident(tree["village_a2"], "Ертең", "Туады", age=18)
    tomorrow.birth_date = birth + dt.timedelta(days=1)
    tomorrow.save()
    meeting = services.open_meeting(actor=staff["registrar"], meeting=meeting)
    assert meeting.roll_size == 1
    with pytest.raises(ValidationError, match="under 18"):
        services.check_in(actor=staff["registrar"], meeting=meeting, resident=tomorrow)


def test_community_meeting_quorum_is_more_than_half_of_members_on_the_date(tree, villagers, convene, staff):
    rd, today = tree["rd_a"], timezone.localdate()
    for person in villagers["adults"][:9]:
        services.add_member(
            actor=staff["registrar"],
            territory=rd,
            resident=person,
            category="elders",
            term_start=today - dt.timedelta(days=100),
            term_end=today + dt.timedelta(days=1000),
        )
    services.add_member(
        actor=staff["registrar"],
        territory=rd,
        resident=villagers["neighbour"],
        category="youth_committee",
        term_start=today - dt.timedelta(days=2000),
        term_end=today - dt.timedelta(days=1),
    )  # term over
    meeting = convene(rd, kind="community_meeting")
    assert (meeting.roll_size, meeting.quorum_required) == (9, 5)
    TerritorySetting.objects.create(territory=rd, key="assemblies.quorum.community_meeting", value=">=75%")
    assert selectors.quorum(convene(rd, kind="community_meeting", open_it=False)).required == 7


def test_a_meeting_with_nobody_on_the_roll_cannot_open(tree, convene, staff):
    meeting = convene(tree["rd_a"], kind="community_meeting", open_it=False)
    with pytest.raises(ValidationError, match="nobody is on its roll"):
        services.open_meeting(actor=staff["registrar"], meeting=meeting)


def test_a_meeting_opens_on_its_day_not_before(tree, villagers, convene, staff):
    meeting = convene(tree["village_a2"], today=False)
    with pytest.raises(ValidationError, match="can be opened on that day"):
        services.open_meeting(actor=staff["registrar"], meeting=meeting)
    assert Meeting.objects.get(pk=meeting.pk).roll_size is None
