"""The seam to auyl.assemblies: the agreement may name the community meeting's decision that agreed it."""

import datetime as dt
import sys

import pytest
from django.core.exceptions import ValidationError

from auyl.budget import assembly_link, selectors, services
from auyl.budget.models import Status

from .conftest import ALMATY, DATES

pytestmark = pytest.mark.usefixtures("english")


def _meeting(
    territory,
    *,
    kind="community_meeting",
    day=DATES["agreed"],
    item_kind="budget_agreement",
    adopted=True,
    published=True,
):
    """A held meeting with one agenda item (written directly: its own workflow is the assemblies app's)."""
    from auyl.assemblies.models import AgendaItem, Decision, Meeting

    meeting = Meeting.objects.create(
        territory=territory,
        territory_path=territory.path,
        kind=kind,
        title="Жергілікті қоғамдастық жиналысы",
        starts_at=dt.datetime.combine(day, dt.time(15, 0), tzinfo=ALMATY),
        venue="Клуб",
        status="closed",
        notice_published_at=dt.datetime.combine(day - dt.timedelta(days=10), dt.time(9), tzinfo=ALMATY)
        if published
        else None,
    )
    item = AgendaItem.objects.create(
        meeting=meeting,
        number=2,
        kind=item_kind,
        title="2030 жылғы бюджетті келісу",
        status="closed",
        decision_text="Келісілсін.",
    )
    if adopted:
        Decision.objects.create(
            item=item,
            meeting=meeting,
            territory=territory,
            territory_path=territory.path,
            text="Келісілсін.",
            status="no_action",
        )
    return meeting


def _agree(staff, version, meeting_id, item_number, day=DATES["agreed"]):
    return services.record_agreement(
        actor=staff["akim"],
        version=version,
        agreed_on=day,
        number="7",
        meeting_id=meeting_id,
        item_number=item_number,
    )


def test_the_agreement_links_to_the_meetings_decision(make_budget, staff, tree):
    budget = make_budget("published")
    meeting = _meeting(tree["rd_a"])
    version = _agree(staff, budget.versions.get(), meeting.pk, 2)
    assert (version.agreement_meeting_id, version.agreement_item_number) == (meeting.pk, 2)
    entry = next(e for e in selectors.history(budget) if e.step.status == Status.AGREED)
    assert entry.meeting.url == f"/en/meetings/d/111033000/{meeting.pk}/"
    assert entry.meeting.title == "2030 жылғы бюджетті келісу"


@pytest.mark.parametrize(
    "setup, item, message",
    [
        ({"item_kind": "local_question"}, 2, "is not the agreement of the budget"),
        ({"adopted": False}, 2, "adopted no decision"),
        ({}, 5, "has no agenda item 5"),
        ({"day": DATES["agreed"] - dt.timedelta(days=1)}, 2, "The meeting was held on 30.11.2029"),
        ({"published": False}, 2, "no published meeting"),
    ],
)
def test_a_wrong_meeting_is_refused_and_nothing_is_recorded(make_budget, staff, tree, setup, item, message):
    version = make_budget("published").versions.get()
    meeting = _meeting(tree["rd_a"], **setup)
    with pytest.raises(ValidationError) as exc:
        _agree(staff, version, meeting.pk, item)
    assert message in " ".join(exc.value.messages)
    version.refresh_from_db()
    assert version.status == Status.PUBLISHED and version.agreement_meeting_id is None


def test_a_meeting_of_another_rural_district_is_refused(make_budget, staff, tree):
    version = make_budget("published").versions.get()
    meeting = _meeting(tree["rd_b"])
    with pytest.raises(ValidationError):
        _agree(staff, version, meeting.pk, 2)


def test_only_one_of_meeting_and_item_is_refused(make_budget, staff, tree):
    version = make_budget("published").versions.get()
    with pytest.raises(ValidationError) as exc:
        _agree(staff, version, _meeting(tree["rd_a"]).pk, None)
    assert "both the meeting and the agenda item" in " ".join(exc.value.messages)


def test_without_the_assemblies_app_the_number_and_date_are_enough(make_budget, staff, tree, monkeypatch):
    budget = make_budget("published")
    meeting = _meeting(tree["rd_a"])
    monkeypatch.setitem(sys.modules, "auyl.assemblies.selectors", None)  # the import now fails
    with pytest.raises(ValidationError) as exc:
        _agree(staff, budget.versions.get(), meeting.pk, 2)
    assert "Meetings are not kept here" in " ".join(exc.value.messages)
    assert assembly_link.meeting_choices(tree["rd_a"]) == []
    version = _agree(staff, budget.versions.get(), None, None)
    assert version.status == Status.AGREED and version.agreement_number == "7"
    version.agreement_meeting_id = meeting.pk
    assert assembly_link.describe(version) is None


def test_the_form_offers_the_districts_community_meetings(tree):
    meeting = _meeting(tree["rd_a"])
    _meeting(tree["rd_a"], kind="gathering")
    _meeting(tree["rd_b"])
    assert [pk for pk, _label in assembly_link.meeting_choices(tree["rd_a"])] == [meeting.pk]
