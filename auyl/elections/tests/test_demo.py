"""The demo loads through the services and a second run adds nothing."""

import pytest

from auyl.core.models import AuditEvent
from auyl.elections.demo import load_elections_demo
from auyl.elections.models import Election, Outcome
from auyl.elections.reports import election_report
from auyl.territory.demo import load_demo

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_computes_the_winner():
    load_demo()
    assert load_elections_demo() == {"campaigns": 1, "elections": 2}
    events = AuditEvent.objects.count()
    assert load_elections_demo() == {"campaigns": 0, "elections": 0}
    assert AuditEvent.objects.count() == events
    first = Election.objects.get(election_date__year=2021)
    assert first.outcome == Outcome.ELECTED and first.winner.full_name == "Серікбаев Ержан Қайратұлы"
    report = election_report(2021)
    assert report.totals["akims"] == 730 and len(report.issues) == 8  # Akmola's published row, not the recorded one
