"""The "1+1" incentive: growth of actual tax revenue over the previous year × the coefficient, never negative."""

import datetime as dt
from decimal import Decimal

import pytest

from auyl.budget import services
from auyl.budget.execution import ActualEntry
from auyl.budget.incentive import coefficient, incentive_for
from auyl.core.models import TerritorySetting

pytestmark = pytest.mark.usefixtures("english")


def _record(staff, budget, amounts: dict, months=range(1, 13)):
    entries = [
        ActualEntry("revenue", code, month, Decimal(amount))
        for code, amount in amounts.items()
        for month in months
    ]
    services.record_actuals(actor=staff["akim"], budget=budget, entries=entries)


@pytest.fixture
def two_years(make_budget, staff, clock):
    """2029 executed in full, 2030 executed in full and closed (the clock in February 2031)."""
    clock.set(dt.date(2031, 2, 10))
    previous = make_budget("executing", year=2029, shift_years=1)
    current = make_budget("executing", year=2030)
    return previous, current


def _close(staff, budget, day=dt.date(2031, 1, 20)):
    services.close(actor=staff["akim"], version=budget.versions.get(), closed_on=day)


def test_growth_times_the_coefficient_with_every_figure_shown(two_years, staff, tree):
    previous, current = two_years
    _record(
        staff, previous, {"land_tax": "100.00", "vehicle_tax": "200.00", "fees": "999", "transfers": "5000"}
    )
    _record(staff, current, {"land_tax": "110.00", "vehicle_tax": "230.50", "fees": "1", "transfers": "1"})
    _close(staff, current)
    TerritorySetting.objects.create(territory=tree["region"], key="budget.potential_coefficient", value="0.8")
    result = incentive_for(tree["rd_a"], 2030)
    assert result.available and not result.preliminary and result.is_full_year
    assert result.previous_total == Decimal(
        "3600.00"
    )  # taxes only: 12 × (100 + 200); fees and transfers excluded
    assert result.current_total == Decimal("4086.00")  # 12 × (110 + 230.50)
    assert result.growth == Decimal("486.00")
    assert result.coefficient == Decimal("0.8")
    assert result.amount == Decimal("388.80")
    rows = {row.code: (row.previous, row.current) for row in result.rows}
    assert rows["land_tax"] == (Decimal("1200.00"), Decimal("1320.00"))
    assert "fees" not in rows and "transfers" not in rows


def test_negative_growth_gives_zero(two_years, staff, tree):
    previous, current = two_years
    _record(staff, previous, {"land_tax": "300"})
    _record(staff, current, {"land_tax": "250"})
    _close(staff, current)
    result = incentive_for(tree["rd_a"], 2030)
    assert result.growth == Decimal("-600.00")
    assert result.adjusted == Decimal("-600.00")
    assert result.amount == Decimal("0.00")


def test_a_year_not_over_compares_the_same_months(make_budget, staff, tree, clock):
    previous = make_budget("executing", year=2029, shift_years=1)
    current = make_budget("executing", year=2030)
    _record(staff, previous, {"income_tax": "100"})  # the whole of 2029
    _record(staff, current, {"income_tax": "120"}, months=range(1, 6))  # January to May 2030
    result = incentive_for(tree["rd_a"], 2030)
    assert result.available and result.preliminary
    assert result.months == [1, 2, 3, 4, 5]
    assert (result.previous_total, result.current_total, result.amount) == (
        Decimal("500.00"),
        Decimal("600.00"),
        Decimal("100.00"),
    )


def test_periods_that_do_not_line_up_are_not_compared(make_budget, staff, tree):
    previous = make_budget("executing", year=2029, shift_years=1, period_kind="quarter")
    current = make_budget("executing", year=2030)
    _record(staff, previous, {"income_tax": "100"}, months=range(1, 5))  # four quarters
    _record(staff, current, {"income_tax": "50"}, months=range(1, 6))  # five months: Q2 only partly
    result = incentive_for(tree["rd_a"], 2030)
    assert not result.available and "do not cover the same months" in result.reason


def test_without_the_previous_year_there_is_no_figure(make_budget, staff, tree):
    current = make_budget("executing")
    _record(staff, current, {"income_tax": "50"}, months=range(1, 3))
    result = incentive_for(tree["rd_a"], 2030)
    assert not result.available and "2029" in result.reason
    assert result.amount == Decimal("0.00")


@pytest.mark.parametrize(
    "value, expected",
    [("1", "1"), ("0.8", "0.8"), ("1,25", "1.25"), ("-2", "1"), ("many", "1"), ("NaN", "1")],
)
def test_the_coefficient_setting_is_read_exactly_and_bad_values_fall_back(tree, value, expected):
    TerritorySetting.objects.create(
        territory=tree["district"], key="budget.potential_coefficient", value=value
    )
    assert coefficient(tree["rd_a"]) == Decimal(expected)


def test_a_closed_year_with_months_missing_gives_no_final_figure(two_years, staff, tree):
    previous, current = two_years
    _record(staff, previous, {"land_tax": "100"})
    _record(staff, current, {"land_tax": "100"}, months=range(1, 11))  # November and December missing
    _close(staff, current)
    result = incentive_for(tree["rd_a"], 2030)
    assert not result.available and "all twelve months" in result.reason
    assert result.amount == Decimal("0.00")
