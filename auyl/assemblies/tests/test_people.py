"""Questions raised at a meeting become appeals; priority needs; community meeting members."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from auyl.appeals.models import Appeal, Topic
from auyl.assemblies import selectors, services
from auyl.assemblies.minutes import minutes_data
from auyl.assemblies.models import MeetingAppeal, PriorityNeed

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def topic(db):
    return Topic.objects.filter(is_active=True).first() or Topic.objects.create(
        code="t-roads", name_en="Roads", form_826=6, sector_7="roads", topic_10="roads", reception_16="other"
    )


def test_a_question_raised_at_a_gathering_becomes_an_appeal(tree, villagers, convene, staff, topic):
    meeting = convene(tree["village_a2"])
    asker = villagers["adults"][2]
    appeal, code = services.raise_question(
        actor=staff["registrar"],
        meeting=meeting,
        topic=topic,
        subject="Street lights",
        text="No light on Abai street.",
        resident=asker,
    )
    assert code
    assert (appeal.channel, appeal.source_type, appeal.source_id) == (
        "gathering",
        "assemblies.meeting",
        str(meeting.pk),
    )
    assert appeal.resident == asker and appeal.received_on == timezone.localdate()
    assert appeal.territory == tree["rd_a"]  # the appeal belongs to the rural district
    assert list(selectors.questions_of(meeting).values_list("appeal", flat=True)) == [appeal.pk]
    assert minutes_data(meeting)["questions"] == [{"number": appeal.number, "subject": "Street lights"}]


def test_a_bad_question_registers_nothing(tree, villagers, convene, staff, topic):
    meeting = convene(tree["village_a2"])
    with pytest.raises(ValidationError):
        services.raise_question(
            actor=staff["registrar"],
            meeting=meeting,
            topic=topic,
            subject="",
            text="x",
            resident=villagers["adults"][0],
        )
    with pytest.raises(ValidationError):  # nobody to answer to
        services.raise_question(
            actor=staff["registrar"],
            meeting=meeting,
            topic=topic,
            subject="Lights",
            text="x",
            applicant_name="Anonymous",
        )
    draft = convene(tree["village_a1"], today=False)
    with pytest.raises(ValidationError, match="in progress or held"):
        services.raise_question(
            actor=staff["registrar"],
            meeting=draft,
            topic=topic,
            subject="Lights",
            text="x",
            resident=villagers["adults"][0],
        )
    assert not Appeal.objects.exists() and not MeetingAppeal.objects.exists()


def test_priority_needs_are_kept_for_development_plans(tree, villagers, convene, staff):
    meeting = convene(tree["village_a2"])
    for person in villagers["adults"][:3]:
        services.check_in(actor=staff["registrar"], meeting=meeting, resident=person)
    item = meeting.items.get(number=1)
    with pytest.raises(ValidationError, match="adopted"):
        services.record_priority_needs(actor=staff["registrar"], item=item, needs=[{"title": "Water"}])
    services.record_vote(actor=staff["registrar"], item=item, votes_for=3, votes_against=0, abstained=0)
    with pytest.raises(ValidationError, match="Need 2: give its title"):
        services.record_priority_needs(actor=staff["registrar"], item=item, needs=[{"title": "Water"}, {}])
    services.record_priority_needs(
        actor=staff["registrar"],
        item=item,
        needs=[{"title": "Water pipe"}, {"title": "Road", "description": "2 km"}],
    )
    services.record_priority_needs(
        actor=staff["registrar"], item=item, needs=[{"title": "Road"}, {"title": "Water pipe"}]
    )  # re-ordered
    assert [(n.rank, n.title) for n in selectors.priority_needs(tree["rd_a"])] == [
        (1, "Road"),
        (2, "Water pipe"),
    ]
    assert not selectors.priority_needs(tree["rd_b"]).exists()
    assert PriorityNeed.objects.count() == 2


def test_members_have_a_category_and_term(tree, villagers, staff):
    rd, today = tree["rd_a"], timezone.localdate()
    person = villagers["adults"][0]
    term = {"term_start": today, "term_end": today + dt.timedelta(days=365 * 3)}
    with pytest.raises(ValidationError, match="category"):
        services.add_member(
            actor=staff["registrar"], territory=rd, resident=person, category="bosses", **term
        )
    with pytest.raises(ValidationError, match="not a registered resident"):
        services.add_member(
            actor=staff["registrar"],
            territory=rd,
            resident=villagers["other_district"],
            category="elders",
            **term,
        )
    with pytest.raises(ValidationError, match="at least 18"):
        services.add_member(
            actor=staff["registrar"],
            territory=rd,
            resident=villagers["minor"],
            category="youth_committee",
            **term,
        )
    with pytest.raises(ValidationError, match="end after"):
        services.add_member(
            actor=staff["registrar"],
            territory=rd,
            resident=person,
            category="elders",
            term_start=today,
            term_end=today,
        )
    member = services.add_member(
        actor=staff["registrar"], territory=rd, resident=person, category="women_committee", **term
    )
    with pytest.raises(ValidationError, match="already a member"):
        services.add_member(
            actor=staff["registrar"], territory=rd, resident=person, category="elders", **term
        )
    assert list(selectors.members_of(rd, today)) == [member]
    services.end_membership(
        actor=staff["registrar"], member=member, ended_on=today + dt.timedelta(days=30), reason="Moved away"
    )
    assert list(selectors.members_of(rd, today + dt.timedelta(days=31))) == []
    assert list(selectors.members_of(rd, today + dt.timedelta(days=29))) == [member]


def test_a_priority_need_enters_a_development_plan(tree, villagers, convene, staff):
    meeting = convene(tree["village_a2"])
    for person in villagers["adults"][:2]:
        services.check_in(actor=staff["registrar"], meeting=meeting, resident=person)
    item = meeting.items.get(number=1)
    services.record_vote(actor=staff["registrar"], item=item, votes_for=2, votes_against=0, abstained=0)
    (need,) = services.record_priority_needs(
        actor=staff["registrar"], item=item, needs=[{"title": "Water pipe"}]
    )
    with pytest.raises(ValidationError, match="Name the development plan"):
        services.mark_need(actor=staff["registrar"], need=need, status="in_plan")
    services.mark_need(actor=staff["akim"], need=need, status="in_plan", plan_reference="Plan 2027, item 4.2")
    need.refresh_from_db()
    assert (need.status, need.plan_reference) == ("in_plan", "Plan 2027, item 4.2")
