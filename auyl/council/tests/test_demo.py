"""``manage.py council_demo``: the Krasnoyarsky council with 8 + 1 seats, a chair, a commission with
findings, an answered recommendation and an announced session; a second run adds nothing."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from auyl.assemblies.models import Meeting
from auyl.core.models import AuditEvent
from auyl.council import selectors
from auyl.council.models import Council


def run() -> str:
    out = StringIO()
    call_command("council_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(db, settings, clock):
    settings.DEMO_SHORTCUTS = True
    return run()


def test_demo_council_of_krasnoyarsky(demo):
    council = Council.objects.get(territory__code="111033000")
    assert {
        s.settlement.code: (s.population, s.seats) for s in council.seats.select_related("settlement")
    } == {"111033100": (12361, 8), "111033200": (44, 1)}
    serving = list(selectors.members_on(council, selectors.page_day(council)))
    assert len(serving) == 9 and all(m.resident.settlement_id == m.settlement_id for m in serving)
    assert selectors.chair_of(council) is not None
    assert council.members.filter(end_date__isnull=False).count() == 1
    assert council.commissions.get().is_finished
    assert council.recommendations.get().status == "accepted"
    assert Meeting.objects.filter(kind="council_session", notice_published_at__isnull=False).count() == 1
    assert "1 council, 10 members" in demo


def test_demo_twice_changes_nothing(demo):
    events = AuditEvent.objects.count()
    assert "0 council, 0 members, 0 commissions, 0 recommendations, 0 sessions" in run()
    assert AuditEvent.objects.count() == events


def test_demo_refused_without_demo_shortcuts(db, settings):
    settings.DEMO_SHORTCUTS = False
    with pytest.raises(CommandError):
        run()
    assert not Council.objects.exists()
