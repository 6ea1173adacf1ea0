"""Permission isolation: staff of another rural district neither see nor act on a meeting."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from auyl.assemblies import selectors, services
from auyl.assemblies.models import Attendance, Meeting, MeetingStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_a_registrar_of_another_rural_district_cannot_see_or_act(tree, villagers, convene, staff):
    meeting = convene(tree["village_a2"])
    outsider = staff["registrar_b"]
    assert meeting not in selectors.meetings_visible_to(outsider)
    assert meeting in selectors.meetings_visible_to(staff["registrar"])
    assert meeting in selectors.meetings_visible_to(staff["supervisor"])  # the district above sees it
    with pytest.raises(Http404):
        selectors.meeting_for(outsider, meeting.pk)
    with pytest.raises(PermissionDenied):
        selectors.checkin_search(outsider, meeting, "Жұмабаев")
    with pytest.raises(PermissionDenied):
        services.check_in(actor=outsider, meeting=meeting, resident=villagers["adults"][0])
    with pytest.raises(PermissionDenied):
        services.record_vote(
            actor=outsider, item=meeting.items.first(), votes_for=0, votes_against=0, abstained=0
        )
    with pytest.raises(PermissionDenied):
        services.close_meeting(actor=outsider, meeting=meeting)
    with pytest.raises(PermissionDenied):
        services.cancel_meeting(actor=outsider, meeting=meeting, reason="Mine now")
    assert not Attendance.objects.exists()
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.OPEN


def test_readers_cannot_conduct(tree, villagers, convene, staff):
    meeting = convene(tree["village_a2"])
    assert selectors.meeting_for(staff["executor"], meeting.pk) == meeting
    with pytest.raises(PermissionDenied):
        services.check_in(actor=staff["executor"], meeting=meeting, resident=villagers["adults"][0])
    with pytest.raises(PermissionDenied):
        services.check_in(actor=None, meeting=meeting, resident=villagers["adults"][0])


def test_public_reads_show_only_published_meetings(tree, villagers, convene, staff):
    published = convene(tree["village_a2"], today=False)
    draft = services.convene_meeting(
        actor=staff["registrar"],
        territory=tree["rd_a"],
        kind="gathering",
        title="Draft",
        starts_at=published.starts_at,
        venue="Club",
        agenda=[{"kind": "other", "title": "Anything"}],
    )
    assert selectors.public_meeting("111033000", published.pk) == published
    with pytest.raises(Http404):
        selectors.public_meeting("111033000", draft.pk)
    with pytest.raises(Http404):
        selectors.public_meeting("111035000", published.pk)  # not of that rural district
    with pytest.raises(Http404):
        selectors.public_meeting("bad", published.pk)
    calendar = selectors.public_calendar(tree["rd_a"])
    assert [row["object"] for row in calendar if row["source"] == "assemblies"] == [published]
