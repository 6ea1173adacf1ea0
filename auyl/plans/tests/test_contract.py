"""The contract other apps read: ``indicators_for(territory, *, date_from, date_to)`` and ``plan_inputs``.

The KPI computes "plan indicators on time" from these rows, so they must carry deadline, target, latest
value, status as of the period's end, and a link to the records behind them; a past period must not
change when progress is recorded later.
"""

import datetime as dt
from decimal import Decimal

import pytest

from auyl.plans import selectors, services

YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


@pytest.fixture
def published(people, make_plan, make_indicator):
    plan = make_plan()
    water = make_indicator(plan)  # 2026, 100 -> 200
    lights = make_indicator(
        plan,
        title="Шамдар",
        baseline="0",
        target="8",
        starts_on=dt.date(2027, 1, 1),
        deadline=dt.date(2027, 6, 30),
    )
    services.publish_plan(actor=people["akim"], plan=plan)
    return {"plan": plan, "water": water, "lights": lights}


def test_rows_carry_what_the_kpi_reads(tree, people, published, clock):
    water = published["water"]
    services.record_progress(
        actor=people["executor"], indicator=water, value="200", measured_on=dt.date(2026, 10, 1)
    )
    (row,) = selectors.indicators_for(tree["rd_a"], date_from=YEAR[0], date_to=YEAR[1])
    assert row.pk == water.pk and row.deadline == dt.date(2026, 12, 31) and row.target == Decimal("200")
    assert row.latest_value == Decimal("200") and row.status == "done" and row.done_on_time
    assert row.as_of == dt.date(2026, 11, 19)  # the period's end is ahead: today
    assert row.url == f"/kk/plans/d/111033000/i/{water.pk}/"
    assert row.territory == tree["rd_a"] and row.amount == Decimal("12500000.50")


def test_only_published_plans_of_the_subtree_and_the_period(
    tree, people, published, make_plan, make_indicator
):
    draft = make_plan(title="Жоба")
    make_indicator(draft)
    both_years = selectors.indicators_for(tree["district"], date_from=YEAR[0], date_to=dt.date(2027, 12, 31))
    assert [r.title for r in both_years] == [published["water"].title, "Шамдар"]
    assert selectors.indicators_for(tree["rd_b"], date_from=YEAR[0], date_to=dt.date(2027, 12, 31)) == []
    q1_2027 = selectors.indicators_for(
        tree["rd_a"], date_from=dt.date(2027, 1, 1), date_to=dt.date(2027, 3, 31)
    )
    assert [r.title for r in q1_2027] == ["Шамдар"]


def test_a_past_quarter_keeps_its_figures(tree, people, published, clock):
    water = published["water"]
    q3 = (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    services.record_progress(
        actor=people["executor"], indicator=water, value="160", measured_on=dt.date(2026, 9, 20)
    )
    before = selectors.indicators_for(tree["rd_a"], date_from=q3[0], date_to=q3[1])[0]
    assert (before.latest_value, before.status, before.as_of) == (Decimal("160"), "on_track", q3[1])
    services.record_progress(
        actor=people["executor"], indicator=water, value="200", measured_on=dt.date(2026, 11, 1)
    )
    after = selectors.indicators_for(tree["rd_a"], date_from=q3[0], date_to=q3[1])[0]
    assert (after.latest_value, after.status) == (Decimal("160"), "on_track")
    # A figure entered later but dated within the quarter changes it (see the next test for the cure).
    services.record_progress(
        actor=people["executor"], indicator=water, value="110", measured_on=dt.date(2026, 9, 25)
    )
    assert selectors.indicators_for(tree["rd_a"], date_from=q3[0], date_to=q3[1])[0].status == "at_risk"


def test_recorded_by_keeps_what_was_known(tree, people, make_plan, make_indicator, clock):
    """Asked with ``recorded_by`` = the quarter's end, a quarter reads as it was known then: a later entry
    dated within it, and a plan published after it, are left out."""
    clock.set(dt.date(2026, 9, 1))
    plan = make_plan()
    water = make_indicator(plan)
    services.publish_plan(actor=people["akim"], plan=plan)
    clock.set(dt.date(2026, 9, 21))
    services.record_progress(
        actor=people["executor"], indicator=water, value="160", measured_on=dt.date(2026, 9, 20)
    )
    clock.set(dt.date(2026, 11, 19))
    services.record_progress(
        actor=people["executor"], indicator=water, value="110", measured_on=dt.date(2026, 9, 25)
    )
    late_plan = make_plan(title="Кейін жарияланған")
    make_indicator(late_plan)
    services.publish_plan(actor=people["akim"], plan=late_plan)
    q3 = (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    known = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
    (row,) = selectors.indicators_for(tree["rd_a"], date_from=q3[0], date_to=q3[1], recorded_by=known)
    assert (row.pk, row.latest_value, row.status) == (water.pk, Decimal("160"), "on_track")
    now = selectors.indicators_for(tree["rd_a"], date_from=q3[0], date_to=q3[1])
    assert [(r.latest_value, r.status) for r in now] == [(Decimal("110"), "at_risk"), (None, "at_risk")]
