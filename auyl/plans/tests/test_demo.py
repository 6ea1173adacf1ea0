"""The demo: the Krasnoyarsky plan with indicators in every state, linked to the other demos' needs and
promises when they are loaded; a second run adds nothing; refused outside demo mode."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from auyl.assemblies.selectors import priority_needs
from auyl.core.audit import verify_chain
from auyl.plans import selectors
from auyl.plans.models import Indicator, Plan, ProgressUpdate
from auyl.territory.models import Territory

EVERYTHING = (dt.date(2000, 1, 1), dt.date(2100, 1, 1))


@pytest.fixture
def demo_mode(db, settings):
    settings.DEMO_SHORTCUTS = True
    settings.NOTIFY_SEND_ON_COMMIT = False


def rows():
    rd = Territory.objects.get(code="111033000")
    return selectors.indicators_for(rd, date_from=EVERYTHING[0], date_to=EVERYTHING[1])


def test_the_demo_plan_shows_every_status_and_is_idempotent(demo_mode):
    call_command("plans_demo", verbosity=0)
    found = rows()
    assert len(found) == 8 and Plan.objects.get().is_published
    assert [r.status for r in found] == [
        "on_track",
        "late",
        "done",
        "at_risk",
        "on_track",
        "done",
        "at_risk",
        "on_track",
    ]
    assert found[7].is_decrease and all(r.url for r in found)
    assert not any(r.input_kind for r in found)  # the other demos are not loaded here
    counts = (Plan.objects.count(), Indicator.objects.count(), ProgressUpdate.objects.count())
    call_command("plans_demo", verbosity=0)
    assert (Plan.objects.count(), Indicator.objects.count(), ProgressUpdate.objects.count()) == counts
    assert verify_chain().ok


def test_the_demo_answers_the_needs_and_promises_of_the_other_demos(demo_mode):
    call_command("assemblies_demo", verbosity=0)
    call_command("reporting_demo", verbosity=0)
    call_command("plans_demo", verbosity=0)
    linked = {r.number: r.input_kind for r in rows()}
    assert linked == {1: "need", 2: "need", 3: "need", 4: "promise", 5: "promise", 6: "", 7: "", 8: ""}
    rd = Territory.objects.get(code="111033000")
    assert {n.status for n in priority_needs(rd)} == {"in_plan"}
    answered = [i for i in selectors.plan_inputs(rd) if i.indicators]
    assert len(answered) == 5


def test_the_demo_is_refused_outside_demo_mode(db, settings):
    settings.DEMO_SHORTCUTS = False
    with pytest.raises(CommandError):
        call_command("plans_demo", verbosity=0)
    assert not Plan.objects.exists()
