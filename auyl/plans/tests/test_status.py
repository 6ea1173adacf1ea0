"""The status rule with known answers: each status, its boundaries, decreases, corrections, the region's gap.

The indicator of most cases runs from 01.01.2026 to 31.12.2026 (364 days) from 100 to 200 homes; on
02.07.2026 182 days have passed, so exactly half of the way is expected, and with the default gap of 15
points "at risk" starts below 35 % achieved (below 135 homes).
"""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from auyl.core.models import TerritorySetting
from auyl.plans import selectors, services
from auyl.plans.status import Status, assess

D = Decimal
START, DEADLINE = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
HALF_TIME = dt.date(2026, 7, 2)


def status_of(history, day, *, baseline="100", target="200", start=START, deadline=DEADLINE, gap=15):
    return assess(
        baseline=D(baseline),
        target=D(target),
        starts_on=start,
        deadline=deadline,
        history=[(d, D(v)) for d, v in history],
        day=day,
        gap_points=gap,
    )


def test_half_of_the_time_expects_half_of_the_way():
    result = status_of([(dt.date(2026, 6, 30), "150")], HALF_TIME)
    assert result.expected == Fraction(1, 2) and result.achieved == Fraction(1, 2)
    assert result.status == Status.ON_TRACK
    assert (result.achieved_percent, result.expected_percent) == (50, 50)


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("135", Status.ON_TRACK),
        ("134.9999", Status.AT_RISK),
        ("100", Status.AT_RISK),
        ("199.9999", Status.ON_TRACK),
    ],
)
def test_at_risk_starts_just_below_the_gap(value, status):
    assert status_of([(dt.date(2026, 7, 1), value)], HALF_TIME).status == status


def test_nothing_measured_turns_at_risk_after_15_percent_of_the_time():
    assert status_of([], dt.date(2026, 2, 24)).status == Status.ON_TRACK  # 54/364 = 14.8 %
    assert status_of([], dt.date(2026, 2, 25)).status == Status.AT_RISK  # 55/364 = 15.1 %


def test_not_started_yet_is_on_track():
    result = status_of([], dt.date(2025, 12, 1))
    assert result.status == Status.ON_TRACK and result.expected == 0


def test_late_only_after_the_deadline_day():
    history = [(dt.date(2026, 12, 20), "199")]
    assert status_of(history, DEADLINE).status == Status.ON_TRACK  # 99 % of 100 % expected, within the gap
    assert status_of(history, DEADLINE + dt.timedelta(days=1)).status == Status.LATE
    assert status_of([(dt.date(2026, 12, 20), "184")], DEADLINE).status == Status.AT_RISK


def test_done_when_the_target_is_reached_even_late():
    on_time = status_of([(dt.date(2026, 6, 1), "200")], HALF_TIME)
    assert on_time.status == Status.DONE and on_time.done_on == dt.date(2026, 6, 1)
    late = status_of([(dt.date(2026, 6, 1), "180"), (dt.date(2027, 1, 10), "201")], dt.date(2027, 2, 1))
    assert (
        late.status == Status.DONE and late.done_on == dt.date(2027, 1, 10) and late.achieved_percent == 100
    )


def test_reached_then_fell_back_is_not_done():
    result = status_of([(dt.date(2026, 5, 1), "200"), (dt.date(2026, 6, 1), "190")], HALF_TIME)
    assert result.status == Status.ON_TRACK and result.done_on is None and result.latest_value == D("190")


def test_a_decrease_counts_the_way_down():
    """40 homes without piped water at the start, 10 by the deadline."""
    half = status_of([(dt.date(2026, 7, 1), "25")], HALF_TIME, baseline="40", target="10")
    assert half.achieved == Fraction(1, 2) and half.status == Status.ON_TRACK
    assert (
        status_of([(dt.date(2026, 7, 1), "10")], HALF_TIME, baseline="40", target="10").status == Status.DONE
    )
    assert (
        status_of([(dt.date(2026, 7, 1), "5")], HALF_TIME, baseline="40", target="10").status == Status.DONE
    )
    worse = status_of([(dt.date(2026, 7, 1), "45")], HALF_TIME, baseline="40", target="10")
    assert worse.status == Status.AT_RISK and worse.achieved_percent == 0


def test_measurements_after_the_day_are_ignored_and_a_correction_wins():
    history = [(dt.date(2026, 6, 1), "150"), (dt.date(2026, 6, 1), "120"), (dt.date(2026, 8, 1), "200")]
    result = status_of(history, HALF_TIME)
    assert result.latest_value == D("120") and result.status == Status.AT_RISK
    assert status_of(history, dt.date(2026, 8, 1)).status == Status.DONE


def test_a_one_day_indicator_expects_everything_on_its_day():
    day = dt.date(2026, 5, 9)
    assert status_of([], day - dt.timedelta(days=1), start=day, deadline=day).status == Status.ON_TRACK
    assert status_of([], day, start=day, deadline=day).status == Status.AT_RISK
    assert status_of([], day + dt.timedelta(days=1), start=day, deadline=day).status == Status.LATE


def test_the_gap_is_the_regions_rule(tree, people, make_plan, make_indicator):
    plan = make_plan()
    indicator = make_indicator(plan)
    services.record_progress(
        actor=people["executor"], indicator=indicator, value="148", measured_on=HALF_TIME
    )
    assert selectors.row_of(indicator, HALF_TIME).status == Status.ON_TRACK  # 48 % of 50 %, default gap 15
    TerritorySetting.objects.create(territory=tree["region"], key="plans.at_risk_gap", value=0)
    indicator.plan.territory.refresh_from_db()
    assert (
        selectors.row_of(selectors.indicator_for(people["akim"], indicator.pk), HALF_TIME).status
        == Status.AT_RISK
    )
    assert (
        selectors.row_of(selectors.indicator_for(people["akim"], indicator.pk), HALF_TIME).expected_percent
        == 50
    )
