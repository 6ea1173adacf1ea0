"""Every KPI definition on hand-built records with known answers (see test_support for the worked
figures), computed for both rural districts at once by the grouped queries."""

import pytest

from auyl.kpi import catalogue
from auyl.kpi.indicators import Units, run, window_for
from auyl.kpi.scoring import Period

from .test_support import AFTER_Q1, EXPECTED_A, build_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def q1(tree):
    build_all(tree)
    units = Units([tree["rd_a"], tree["rd_b"]], tree["district"].path)
    window = window_for(Period(2025, 1), AFTER_Q1)
    return run([i.code for i in catalogue.INDICATORS if i.code in EXPECTED_A], units, window)


@pytest.mark.parametrize("code", sorted(EXPECTED_A))
def test_each_indicator_of_rural_district_a(q1, tree, code):
    assert q1[code][tree["rd_a"].pk].value == EXPECTED_A[code]


def test_numerator_and_denominator_are_the_counts(q1, tree):
    a = tree["rd_a"].pk
    assert (
        q1["appeals_registered_on_time"][a].numerator,
        q1["appeals_registered_on_time"][a].denominator,
    ) == (4, 5)
    assert (q1["reporting_meetings_held"][a].numerator, q1["reporting_meetings_held"][a].denominator) == (
        1,
        3,
    )
    assert (q1["gatherings_attendance"][a].numerator, q1["gatherings_attendance"][a].denominator) == (15, 150)


def test_rural_district_b_counts_only_its_own_records(q1, tree):
    b = tree["rd_b"].pk
    assert q1["appeals_registered_on_time"][b].value == 100.0
    assert q1["appeals_positive"][b].value == 100.0
    assert q1["appeals_repeat"][b].value == 0.0


def test_nothing_to_count_is_missing_with_a_reason_never_zero(q1, tree):
    b = tree["rd_b"].pk
    for code in (
        "appeals_rating",
        "reporting_meetings_held",
        "reporting_promises_delivered",
        "gatherings_quorum",
        "civic_turnout",
    ):
        assert q1[code][b].value is None, code
        assert q1[code][b].missing_reason == catalogue.EMPTY
    assert q1["budget_own_revenue"][b].missing_reason == "no_budget"
    assert q1["council_sessions_held"][b].missing_reason == "no_council"
    assert q1["council_findings_answered"][b].value is None


def test_a_count_of_nothing_held_is_a_real_zero(q1, tree):
    assert q1["gatherings_held"][tree["rd_b"].pk].value == 0.0
