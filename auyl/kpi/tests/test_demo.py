"""The demo: scorecards computed from the other apps' demo data show real numbers; closing the demo
region's finished quarters is idempotent; refused outside demo mode."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from auyl.core.audit import verify_chain
from auyl.kpi import selectors
from auyl.kpi.models import QuarterClose, ScorecardSnapshot
from auyl.kpi.scoring import Period
from auyl.territory.models import Territory

DEMOS = (
    "appeals_demo",
    "demo",
    "assemblies_demo",
    "council_demo",
    "reporting_demo",
    "budget_demo",
    "initiatives_demo",
    "surveys_demo",
    "plans_demo",
)


@pytest.fixture
def demo_mode(db, settings):
    settings.DEMO_SHORTCUTS = True
    settings.NOTIFY_SEND_ON_COMMIT = False


def test_the_scorecards_show_the_other_demos_figures(demo_mode):
    for command in DEMOS:
        call_command(command, stdout=io.StringIO())
    out = io.StringIO()
    call_command("kpi_demo", stdout=out)
    krasnoyar = Territory.objects.get(code="111033000")
    card = selectors.scorecard(None, krasnoyar, Period.containing(timezone.localdate()))
    figures = {r.code: r.value for r in card.results if r.value is not None}
    # Appeals, reporting meetings, gatherings, budget and the 001 survey all feed this quarter's card.
    assert {
        "appeals_registered_on_time",
        "reporting_meetings_held",
        "gatherings_quorum",
        "budget_own_revenue",
        "residents_satisfaction",
    } <= set(figures)
    assert figures["residents_satisfaction"] == 22.11  # 132 of the 597 respondents (001:773)
    assert card.composite is not None and card.coverage >= 0.5
    assert str(card.composite) in out.getvalue()
    assert QuarterClose.objects.count() == 4
    closed = ScorecardSnapshot.objects.count()
    call_command("kpi_demo", stdout=io.StringIO())
    assert ScorecardSnapshot.objects.count() == closed  # a second run closes nothing again
    assert verify_chain().ok


def test_demo_is_refused_in_production(db, settings):
    settings.DEMO_SHORTCUTS = False
    with pytest.raises(CommandError):
        call_command("kpi_demo")
