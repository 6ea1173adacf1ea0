"""The demo: a finished Krasnoyarsky campaign with results and implementation, one in voting that the demo
resident has not voted in yet; a second run adds nothing."""

import pytest

from auyl.initiatives import phases
from auyl.initiatives.demo import load_initiatives_demo
from auyl.initiatives.models import Ballot, Campaign, Implementation, Result, Spending, Turnout
from auyl.territory.demo import RESIDENT_PHONE, load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_with_a_finished_and_a_running_campaign():
    load_demo()
    counts = load_initiatives_demo()
    assert counts == {"campaigns": 2, "proposals": 13, "ballots": 210}
    assert load_initiatives_demo() == {"campaigns": 0, "proposals": 0, "ballots": 0}
    past, current = Campaign.objects.order_by("year")
    assert phases.phase_on(past) == "implementation" and phases.phase_on(current) == "voting"
    result = Result.objects.get(campaign=past)
    assert result.spent <= past.amount and len(result.winners) == Implementation.objects.count() >= 2
    assert Spending.objects.filter(implementation__proposal__campaign=past).exists()
    assert not Result.objects.filter(campaign=current).exists()
    for campaign in (past, current):
        assert (
            Turnout.objects.filter(campaign=campaign).count()
            == Ballot.objects.filter(campaign=campaign).count()
        )
    assert {t.channel for t in Turnout.objects.filter(campaign=past)} == {"online", "polling_point"}
    assert not Turnout.objects.filter(campaign=current, resident__phone=RESIDENT_PHONE).exists()
    assert all(t.voted_at.year == 2025 for t in Turnout.objects.filter(campaign=past))
