"""Council sessions through the assemblies engine: the roll is the council's members on the day, the
quorum is more than half of them, only members are checked in, adopted acts reach the council page."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from auyl.assemblies import selectors as assemblies_selectors
from auyl.assemblies import services as assemblies
from auyl.assemblies.models import MeetingKind
from auyl.council import services

from .conftest import TERM_START

ALMATY = ZoneInfo("Asia/Almaty")
SESSION_DAY = dt.date(2030, 3, 20)


@pytest.fixture
def seated(registrar, council, person):
    """Five members, and a sixth who left before the session."""
    members = [
        services.add_member(
            actor=registrar, council=council, resident=person("village_a1", f"Мүше{i}"), start_date=TERM_START
        )
        for i in range(4)
    ]
    members.append(
        services.add_member(
            actor=registrar, council=council, resident=person("village_a2", "Жұлдыз"), start_date=TERM_START
        )
    )
    gone = services.add_member(
        actor=registrar, council=council, resident=person("village_a1", "Кеткен"), start_date=TERM_START
    )
    services.end_membership(actor=registrar, member=gone, end_date=dt.date(2030, 3, 15), reason="Resigned")
    return members, gone


@pytest.fixture
def session(tree, registrar, seated, clock):
    meeting = assemblies.convene_meeting(
        actor=registrar,
        territory=tree["rd_a"],
        kind=MeetingKind.COUNCIL_SESSION,
        title="Second session",
        starts_at=dt.datetime.combine(SESSION_DAY, dt.time(11), tzinfo=ALMATY),
        venue="Akimat hall",
        agenda=[{"kind": "local_question", "title": "Street lighting", "decision_text": "Install 4 lights."}],
    )
    assemblies.publish_notice(actor=registrar, meeting=meeting)
    clock.set(SESSION_DAY, dt.time(11, 5))
    return assemblies.open_meeting(actor=registrar, meeting=meeting)


def test_quorum_of_a_session_is_more_than_half_of_the_members_on_the_day(registrar, seated, session):
    members, gone = seated
    quorum = assemblies_selectors.quorum(session)
    assert (quorum.roll_size, quorum.required, quorum.present, quorum.reached) == (5, 3, 0, False)
    for member in members[:2]:
        assemblies.check_in(actor=registrar, meeting=session, resident=member.resident)
    assert not assemblies_selectors.quorum(session).reached
    assemblies.check_in(actor=registrar, meeting=session, resident=members[2].resident)
    assert assemblies_selectors.quorum(session) == assemblies_selectors.Quorum(3, 3, 5, True)
    with pytest.raises(ValidationError):  # left the council before the session: not on the roll
        assemblies.check_in(actor=registrar, meeting=session, resident=gone.resident)


def test_adopted_act_of_a_session_is_published_on_the_council_page(client, tree, registrar, seated, session):
    members, _gone = seated
    for member in members[:3]:
        assemblies.check_in(actor=registrar, meeting=session, resident=member.resident)
    item = session.items.get(number=1)
    assemblies.record_vote(actor=registrar, item=item, votes_for=3, votes_against=0, abstained=0)
    assemblies.close_item(actor=registrar, item=item)
    with translation.override("ru"):
        page = client.get(reverse("council:public", args=[tree["rd_a"].code])).content.decode()
    assert "Second session" in page and "Install 4 lights." in page
    assert (
        reverse("assemblies:public_detail", args=[tree["rd_a"].code, session.pk]).replace("/en/", "/ru/")
        in page
    )
