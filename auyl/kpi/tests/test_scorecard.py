"""Scorecards of one unit: scores against the region's targets, weights, missing data, the trend."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from auyl.core.models import TerritorySetting
from auyl.core.roles import Role
from auyl.kpi import catalogue, selectors, services
from auyl.kpi.scoring import Period
from auyl.kpi.selectors_compute import compute

from .test_support import AFTER_Q1, Q1, build_all

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Texts are asserted in English (the Kazakh and Russian catalogues are filled separately)."""
    from django.utils import translation

    with translation.override("en"):
        yield


# Scores of rural district A in Q1 2025 with the default targets and floors (value -> score).
SCORES_A = {
    "appeals_registered_on_time": 0.0,  # 80 at the floor 80
    "appeals_answered_on_time": 33.3,  # (80 - 70) / (100 - 70)
    "appeals_positive": 75.0,  # (50 - 20) / (60 - 20)
    "appeals_repeat": 0.0,  # 20 at the floor 20
    "appeals_collective": 0.0,  # 20 beyond the floor 10
    "appeals_rating": 60.0,  # (3.5 - 2) / (4.5 - 2)
    "reporting_meetings_held": 33.3,
    "reporting_questions_on_time": 0.0,  # 50 at the floor 50
    "reporting_promises_delivered": 0.0,  # 33.33 below the floor 40
    "gatherings_held": 100.0,  # 2 beyond the target 1
    "gatherings_quorum": 33.3,  # (66.67 - 50) / 50
    "gatherings_attendance": 40.0,  # 10 of the target 25
    "gathering_decisions_answered": 0.0,
    "civic_turnout": 5.0,  # 1 of the target 20
    "civic_winners_implemented": 50.0,
    "budget_own_revenue": 83.3,  # 25 of the target 30
    "budget_execution": 50.0,  # (75 - 50) / (100 - 50)
}


@pytest.fixture
def data(tree):
    return build_all(tree)


@pytest.fixture
def regional(tree, make_staff):
    return make_staff(Role.REGIONAL_SUPERVISOR, tree["region"])


def test_every_score_and_the_composite_of_rural_district_a(data, tree):
    card = selectors.scorecard(None, tree["rd_a"], Q1, today=AFTER_Q1)
    assert {r.code: r.score for r in card.results if r.score is not None} == SCORES_A
    assert card.composite == round(sum(SCORES_A.values()) / len(SCORES_A), 1)
    assert card.coverage == round(len(SCORES_A) / len(catalogue.indicators(catalogue.AKIM)), 4)
    assert card.provisional  # not closed yet


def test_missing_indicators_say_why_and_carry_no_weight(data, tree):
    card = selectors.scorecard(None, tree["rd_a"], Q1, today=AFTER_Q1)
    plans = card.result("plan_indicators_on_time")
    assert (plans.value, plans.score, plans.effective_weight) == (None, None, 0.0)
    assert plans.missing_reason == "No plan indicator was due in this quarter."
    assert card.result("residents_satisfaction").missing_reason.startswith("No survey")


def test_the_council_scorecard_is_separate(data, tree):
    card = selectors.council_scorecard(None, tree["rd_a"], Q1, today=AFTER_Q1)
    assert [r.code for r in card.results] == [i.code for i in catalogue.indicators(catalogue.COUNCIL)]
    assert {r.code: r.value for r in card.results} == {
        "council_sessions_held": 1.0,
        "council_decisions_executed": 50.0,
        "council_findings_answered": 50.0,
        "council_commissions_reported": 50.0,
    }
    assert card.composite == round((100 + 50 + 50 + 50) / 4, 1)


def test_a_unit_without_a_council_has_no_council_score_not_a_zero(data, tree):
    card = selectors.council_scorecard(None, tree["rd_b"], Q1, today=AFTER_Q1)
    assert card.composite is None and card.coverage == 0.0
    assert card.missing_reason == "No indicator of this scorecard has data for the quarter."
    assert {r.missing_reason for r in card.results} == {"No council served in this unit during the quarter."}


def test_too_little_data_is_not_scored(data, tree):
    card = selectors.scorecard(None, tree["rd_b"], Q1, today=AFTER_Q1)
    assert card.composite is None
    assert 0 < card.coverage < 0.5
    assert card.missing_reason.startswith("Too little data to score")


def test_the_regions_targets_and_floors_move_the_score(data, tree, regional):
    services.set_yardstick(
        actor=regional,
        region=tree["region"],
        targets={"appeals_repeat": 5},
        floors={"appeals_registered_on_time": 50},
    )
    card = selectors.scorecard(None, tree["rd_a"], Q1, today=AFTER_Q1)
    registered = card.result("appeals_registered_on_time")
    assert (registered.floor, registered.score) == (50.0, 60.0)  # (80 - 50) / (100 - 50)
    assert card.result("appeals_repeat").target == 5.0


def test_weights_are_equal_by_default_and_set_per_region(data, tree, regional):
    before = selectors.scorecard(None, tree["rd_a"], Q1, today=AFTER_Q1)
    assert {r.weight for r in before.results} == {1.0}
    services.set_yardstick(actor=regional, region=tree["region"], weights={"gatherings_held": 17})
    after = selectors.scorecard(None, tree["rd_a"], Q1, today=AFTER_Q1)
    # gatherings_held (100) now weighs as much as the other sixteen available indicators together.
    others = [s for code, s in SCORES_A.items() if code != "gatherings_held"]
    assert after.composite == round((100 * 17 + sum(others)) / (17 + len(others)), 1)
    assert after.result("gatherings_held").effective_weight == round(17 / 33, 4)


def test_trend_against_the_previous_quarter(data, tree):
    TerritorySetting.objects.create(territory=tree["region"], key="kpi.min_coverage", value=0.0)
    card = selectors.scorecard(None, tree["rd_a"], Q1, today=AFTER_Q1)
    before = compute([tree["rd_a"]], Period(2024, 4), catalogue.AKIM, today=AFTER_Q1)[tree["rd_a"].pk]
    assert before.composite is not None
    assert card.previous_composite == before.composite
    assert card.trend == round(card.composite - before.composite, 1)


def test_a_running_quarter_counts_what_was_due_by_yesterday(data, tree):
    # On 20 January 2025 only A5 (due 4 January) is due: answered on time.
    card = selectors.scorecard(None, tree["rd_a"], Q1, today=dt.date(2025, 1, 20))
    assert card.provisional
    answered = card.result("appeals_answered_on_time")
    assert (answered.numerator, answered.denominator) == (1, 1)


@pytest.mark.parametrize("period", ["2099-Q1", "nonsense", ""])
def test_future_or_malformed_quarters_are_refused(data, tree, period):
    with pytest.raises(ValidationError):
        selectors.scorecard(None, tree["rd_a"], period, today=AFTER_Q1)


def test_scorecards_exist_for_primary_units_only(data, tree):
    with pytest.raises(ValidationError):
        selectors.scorecard(None, tree["district"], Q1, today=AFTER_Q1)
    with pytest.raises(ValidationError):
        selectors.scorecard(None, tree["village_a1"], Q1, today=AFTER_Q1)
