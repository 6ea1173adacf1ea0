"""Convening: the minimum notice period per region, only local questions, the notice and its SMS, iCalendar."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from icalendar import Calendar

from auyl.assemblies import ical, selectors, services
from auyl.assemblies.models import AgendaItem, Meeting, MeetingStatus
from auyl.core.models import AuditEvent, Notification, TerritorySetting

from .conftest import AGENDA, in_days

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _convene(staff, territory, **extra):
    args = {
        "actor": staff["registrar"],
        "territory": territory,
        "kind": "gathering",
        "title": "Roads",
        "starts_at": in_days(10),
        "venue": "School hall",
        "agenda": AGENDA,
    } | extra
    return services.convene_meeting(**args)


def test_convening_earlier_than_the_notice_period_is_refused_with_the_earliest_date(tree, staff):
    with pytest.raises(ValidationError) as error:
        _convene(staff, tree["village_a2"], starts_at=in_days(6))
    earliest = in_days(7).date()
    assert "at least 7 days" in error.value.message_dict["starts_at"][0]
    assert f"{earliest:%d.%m.%Y}" in error.value.message_dict["starts_at"][0]
    assert not Meeting.objects.exists()
    assert _convene(staff, tree["village_a2"], starts_at=in_days(7)).status == MeetingStatus.DRAFT


def test_a_region_sets_its_own_notice_period(tree, staff):
    TerritorySetting.objects.create(territory=tree["region"], key="assemblies.notice_days", value=14)
    with pytest.raises(ValidationError, match="at least 14 days"):
        _convene(staff, tree["village_a2"], starts_at=in_days(10))
    assert _convene(staff, tree["village_a2"], starts_at=in_days(14)).pk


def test_publishing_late_is_refused_even_for_an_early_draft(tree, staff):
    meeting = _convene(staff, tree["village_a2"])
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=in_days(3))
    with pytest.raises(ValidationError, match="at least 7 days"):
        services.publish_notice(actor=staff["registrar"], meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DRAFT and meeting.notice_published_at is None


def test_only_local_questions_of_the_listed_types(tree, staff):
    with pytest.raises(ValidationError, match="only local questions"):
        _convene(staff, tree["village_a2"], agenda=[{"kind": "national_defence", "title": "Army"}])
    with pytest.raises(ValidationError, match="Question 1: write the question"):
        _convene(staff, tree["village_a2"], agenda=[{"kind": "other", "title": "  "}])
    with pytest.raises(ValidationError, match="too long"):
        _convene(staff, tree["village_a2"], agenda=[{"kind": "other", "title": "x" * 501}])
    with pytest.raises(ValidationError):
        _convene(staff, tree["village_a2"], agenda=[])
    assert not Meeting.objects.exists()


def test_bad_place_kind_and_time(tree, staff):
    with pytest.raises(ValidationError, match="rural district or a town"):
        _convene(staff, tree["village_a2"], kind="community_meeting")
    with pytest.raises(ValidationError, match="Unknown kind"):
        _convene(staff, tree["rd_a"], kind="referendum")
    with pytest.raises(ValidationError):
        _convene(staff, tree["rd_a"], starts_at=dt.datetime(2030, 1, 1, 10))  # naive
    with pytest.raises(ValidationError, match="title"):
        _convene(staff, tree["rd_a"], title="")


def test_notice_published_sends_one_sms_per_adult_resident_once(tree, staff, villagers):
    meeting = _convene(staff, tree["village_a2"])
    services.publish_notice(actor=staff["registrar"], meeting=meeting)
    services.publish_notice(actor=staff["registrar"], meeting=meeting)  # a double click
    recipients = set(
        Notification.objects.filter(object_id=str(meeting.pk)).values_list("recipient", flat=True)
    )
    assert recipients == {p.phone for p in villagers["adults"]}  # not the minor, not the neighbours
    assert Notification.objects.filter(object_id=str(meeting.pk)).count() == 20
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CONVENED
    assert meeting in selectors.public_meetings(tree["rd_a"])
    assert AuditEvent.objects.filter(action="assemblies.notice_published", object_id=str(meeting.pk)).exists()


def test_drafts_are_not_public_and_can_be_edited_until_published(tree, staff):
    meeting = _convene(staff, tree["village_a2"])
    assert meeting not in selectors.public_meetings(tree["rd_a"])
    services.update_meeting(
        actor=staff["registrar"],
        meeting=meeting,
        venue="Club",
        agenda=[{"kind": "akim_report", "title": "Report of the akim"}],
    )
    assert list(AgendaItem.objects.filter(meeting=meeting).values_list("kind", flat=True)) == ["akim_report"]
    services.publish_notice(actor=staff["registrar"], meeting=meeting)
    with pytest.raises(ValidationError, match="no longer be changed"):
        services.update_meeting(actor=staff["registrar"], meeting=meeting, venue="Elsewhere")


def test_cancelling_tells_those_notified(tree, staff, villagers):
    meeting = _convene(staff, tree["village_a2"])
    services.publish_notice(actor=staff["registrar"], meeting=meeting)
    with pytest.raises(ValidationError):
        services.cancel_meeting(actor=staff["registrar"], meeting=meeting, reason="")
    services.cancel_meeting(actor=staff["registrar"], meeting=meeting, reason="Flood")
    cancelled = Notification.objects.filter(dedupe_key__startswith=f"assemblies-cancelled:{meeting.pk}:")
    assert cancelled.count() == 20 and "Flood" in cancelled.first().body


def test_ical_file_and_feed(tree, staff):
    meeting = _convene(staff, tree["village_a2"])
    services.publish_notice(actor=staff["registrar"], meeting=meeting)
    event = Calendar.from_ical(ical.meeting_ics(meeting, url="https://auyl.kz/m/1")).walk("VEVENT")[0]
    assert str(event["location"]) == "School hall"
    assert event.decoded("dtstart") == meeting.starts_at
    assert "Repair of the road" in str(event["description"])
    draft = _convene(staff, tree["village_a1"])
    feed = Calendar.from_ical(ical.territory_feed(tree["rd_a"])).walk("VEVENT")
    assert [str(e["uid"]).split("@")[0] for e in feed] == [f"assemblies-{meeting.pk}"]  # not the draft
    assert draft.pk != meeting.pk


def test_convening_needs_a_grant_on_the_territory(tree, staff):
    with pytest.raises(PermissionDenied):
        _convene(staff, tree["village_a2"], actor=staff["registrar_b"])
    with pytest.raises(PermissionDenied):
        _convene(staff, tree["village_a2"], actor=staff["executor"])
