"""``manage.py surveys_demo``: the 001 resident survey of Krasnoyarsky with its 597 responses imported
(final, so the satisfaction indicator has it) and one survey open now; a second run adds nothing."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from auyl.surveys.indicators import satisfaction_distribution
from auyl.surveys.models import Phase, Response, Survey
from auyl.territory.models import Territory


def run() -> str:
    out = StringIO()
    call_command("surveys_demo", stdout=out)
    return out.getvalue()


def test_demo_loads_once(db, settings, clock):
    settings.DEMO_SHORTCUTS = True
    assert "2 added, 597 responses imported" in run()
    clock.shift(minutes=1)
    assert "0 added, 0 responses imported" in run()
    krasnoyar = Territory.objects.get(code="111033000")
    resident, opened = (
        Survey.objects.get(territory=krasnoyar, template_key=key)
        for key in ("resident-lsg-001", "attendance-004")
    )
    assert (
        resident.phase_at(clock.now) == Phase.FINAL
        and Response.objects.filter(survey=resident).count() == 597
    )
    assert opened.phase_at(clock.now) == Phase.OPEN and opened.audience == "open"
    satisfaction = satisfaction_distribution(krasnoyar)
    assert satisfaction.survey == resident and [r.count for r in satisfaction.rows] == [90, 42, 358, 107]


def test_demo_is_refused_in_production(db, settings):
    settings.DEMO_SHORTCUTS = False
    with pytest.raises(CommandError):
        run()
