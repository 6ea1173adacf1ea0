"""The demo: a held gathering with everything recorded, an announced one, a community meeting; idempotent."""

import pytest
from django.test.utils import override_settings

from auyl.assemblies import selectors
from auyl.assemblies.demo import load_assemblies_demo
from auyl.assemblies.models import Decision, MeetingStatus, MinutesVersion
from auyl.territory.models import Territory

pytestmark = pytest.mark.django_db


@override_settings(
    PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"], NOTIFY_SEND_ON_COMMIT=False
)
def test_the_demo_holds_a_gathering_announces_meetings_and_runs_twice_without_change():
    from auyl.territory.demo import load_demo

    load_demo()
    assert load_assemblies_demo() == {"members": 9, "past": 1, "upcoming": 1, "community": 1}
    assert load_assemblies_demo() == {"members": 0, "past": 0, "upcoming": 0, "community": 0}
    krasnoyar = Territory.objects.get(code="111033000")
    meetings = {m.kind + m.status: m for m in selectors.public_meetings(krasnoyar)}
    held = meetings["gathering" + MeetingStatus.CLOSED]
    q = selectors.quorum(held)
    assert q.reached and q.present == 11 and held.territory.code == "111033200"
    assert MinutesVersion.objects.get(meeting=held).data["items"][0]["vote"]["adopted"]
    assert Decision.objects.get(meeting=held, addressed_to_akim=True).response == "accepted"
    assert selectors.questions_of(held).count() == 1 and selectors.priority_needs(krasnoyar).count() == 3
    assert {"gathering" + MeetingStatus.CONVENED, "community_meeting" + MeetingStatus.CONVENED} <= set(
        meetings
    )
    assert selectors.quorum(meetings["community_meeting" + MeetingStatus.CONVENED]).roll_size == 9
