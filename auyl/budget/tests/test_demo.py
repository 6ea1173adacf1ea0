"""The demo: the Krasnoyarsky budgets of the previous and the current year, loaded once."""

import datetime as dt

import pytest
from django.core.management import call_command

from auyl.budget.incentive import incentive_for
from auyl.budget.models import Budget, Status
from auyl.core.audit import verify_chain

from .conftest import TODAY


@pytest.fixture
def demo(db, settings, programmes):
    settings.DEMO_SHORTCUTS = True
    call_command("budget_demo", verbosity=0)


def test_the_demo_loads_both_years_once(demo, client):
    budgets = {b.year: b for b in Budget.objects.filter(territory__code="111033000")}
    assert set(budgets) == {TODAY.year - 1, TODAY.year}
    previous, current = budgets[TODAY.year - 1], budgets[TODAY.year]
    assert list(previous.versions.values_list("status", flat=True)) == [Status.SUPERSEDED, Status.CLOSED]
    assert list(current.versions.values_list("status", flat=True)) == [Status.EXECUTING, Status.PUBLISHED]
    assert previous.actuals.values("period").distinct().count() == 12
    assert current.actuals.values("period").distinct().count() == TODAY.month - 1
    counts = (Budget.objects.count(), sum(b.actuals.count() for b in budgets.values()))
    call_command("budget_demo", verbosity=0)
    assert (Budget.objects.count(), sum(b.actuals.count() for b in budgets.values())) == counts
    assert verify_chain().ok
    incentive = incentive_for(current.territory, TODAY.year)
    assert incentive.available and incentive.preliminary and incentive.amount > 0
    response = client.get(f"/ru/budget/d/111033000/{TODAY.year}/")
    assert response.status_code == 200


def test_the_demo_runs_in_january_too(db, settings, programmes, clock):
    clock.set(dt.date(2030, 1, 10))
    settings.DEMO_SHORTCUTS = True
    call_command("budget_demo", verbosity=0)
    current = Budget.objects.get(territory__code="111033000", year=2030)
    assert not current.actuals.exists()
    assert (
        Budget.objects.get(territory__code="111033000", year=2029)
        .versions.filter(status=Status.CLOSED)
        .exists()
    )
