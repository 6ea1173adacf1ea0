"""Reproducibility: a closed quarter's scorecards and drill-downs do not move when data changes later;
closing is permission-checked, refused for a running quarter, idempotent and audited; the periodic
job closes the previous quarter once the region's grace days have passed."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from auyl.core.models import AuditEvent
from auyl.core.roles import Role
from auyl.kpi import catalogue, selectors, services
from auyl.kpi.models import QuarterClose, ScorecardSnapshot
from auyl.kpi.scoring import Period
from auyl.kpi.selectors_compute import compute

from .test_support import AFTER_Q1, Q1, appeal, build_all, d

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(tree):
    return build_all(tree)


@pytest.fixture
def regional(tree, make_staff):
    return make_staff(Role.REGIONAL_SUPERVISOR, tree["region"])


def _figures(card):
    return [(r.code, r.value, r.numerator, r.denominator, r.score, r.weight, r.target) for r in card.results]


def _change_everything_after_the_quarter(tree, data, regional):
    """Edits people make later: a late appeal back-dated into Q1, an answer re-dated, a promise marked
    done with a back date, a budget amended, and the region's targets changed."""
    from auyl.budget.models import Actual
    from auyl.reporting.models import Promise

    appeal(tree["rd_a"], "LATE", "2025-02-10", registered="2025-06-01", deadline="2025-02-25")
    a2 = data["appeals"]["A2"]
    a2.answered_at = a2.answered_at.replace(month=1, day=25)
    a2.save()
    Promise.objects.filter(status="open", due_on=d("2025-03-15")).update(
        status="done", done_on=d("2025-03-10")
    )
    Actual.objects.filter(section="expenditure", code="kpi-roads", period=2).update(amount=Decimal(400))
    services.set_yardstick(actor=regional, region=tree["region"], targets={"appeals_positive": 90})


def test_a_closed_quarter_does_not_move_when_data_changes(data, tree, regional):
    services.close_quarter(actor=regional, territory=tree["region"], period=Q1, today=AFTER_Q1)
    akim = selectors.scorecard(None, tree["rd_a"], Q1, today=AFTER_Q1)
    council = selectors.council_scorecard(None, tree["rd_a"], Q1, today=AFTER_Q1)
    drill = selectors.drilldown(None, tree["rd_a"], Q1, "appeals_answered_on_time", today=AFTER_Q1)
    assert not akim.provisional

    _change_everything_after_the_quarter(tree, data, regional)

    live = compute([tree["rd_a"]], Period(2025, 1), catalogue.AKIM, today=AFTER_Q1)[tree["rd_a"].pk]
    assert _figures(live) != _figures(akim)  # recomputing from live data would move it...
    again = selectors.scorecard(None, tree["rd_a"], Q1, today=dt.date(2026, 1, 1))
    assert _figures(again) == _figures(akim)  # ...the closed quarter does not
    assert again.composite == akim.composite and again.coverage == akim.coverage
    assert _figures(selectors.council_scorecard(None, tree["rd_a"], Q1)) == _figures(council)
    after = selectors.drilldown(None, tree["rd_a"], Q1, "appeals_answered_on_time", today=AFTER_Q1)
    assert [(r.label, r.counted) for r in after.records] == [(r.label, r.counted) for r in drill.records]
    assert after.recount() == drill.result.value


def test_the_ranking_of_a_closed_quarter_does_not_move(data, tree, regional):
    services.close_quarter(actor=regional, territory=tree["region"], period=Q1, today=AFTER_Q1)
    before = selectors.ranking(regional, tree["district"], Q1, today=AFTER_Q1)
    _change_everything_after_the_quarter(tree, data, regional)
    after = selectors.ranking(regional, tree["district"], Q1, today=AFTER_Q1)
    assert [(r.territory, r.composite, r.rank) for r in after.rows] == [
        (r.territory, r.composite, r.rank) for r in before.rows
    ]
    assert not after.provisional


def test_a_running_quarter_cannot_be_closed(data, tree, regional):
    with pytest.raises(ValidationError):
        services.close_quarter(actor=regional, territory=tree["region"], period="2025-Q2", today=AFTER_Q1)
    assert not ScorecardSnapshot.objects.exists()


@pytest.mark.parametrize("role", [Role.AKIM, Role.DISTRICT_SUPERVISOR, Role.DEPUTY])
def test_only_the_region_closes_a_quarter(data, tree, make_staff, role):
    user = make_staff(role, tree["region"] if role != Role.AKIM else tree["rd_a"])
    with pytest.raises(PermissionDenied):
        services.close_quarter(actor=user, territory=tree["region"], period=Q1, today=AFTER_Q1)
    assert not QuarterClose.objects.exists()


def test_closing_twice_changes_nothing_and_is_audited_once(data, tree, regional):
    closing = services.close_quarter(actor=regional, territory=tree["region"], period=Q1, today=AFTER_Q1)
    assert closing.units == 2
    assert ScorecardSnapshot.objects.count() == 4  # two units x (akim, council)
    assert services.close_quarter(actor=regional, territory=tree["region"], period=Q1, today=AFTER_Q1) is None
    assert ScorecardSnapshot.objects.count() == 4
    assert AuditEvent.objects.filter(action="kpi.quarter_closed").count() == 1


def test_the_periodic_job_closes_the_previous_quarter_after_the_grace_days(data, tree):
    assert services.close_due_quarters(today=dt.date(2025, 4, 10)) == {"period": "2025-Q1", "closed": []}
    assert services.close_due_quarters(today=dt.date(2025, 4, 20)) == {
        "period": "2025-Q1",
        "closed": [tree["region"].code],
    }
    assert ScorecardSnapshot.objects.filter(year=2025, quarter=1).count() == 4
    assert services.close_due_quarters(today=dt.date(2025, 4, 21))["closed"] == []  # idempotent


def test_the_job_is_registered_with_tick():
    from auyl.core import periodic

    assert "kpi.close_quarters" in periodic.JOBS
