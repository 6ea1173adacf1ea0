"""Residents' satisfaction from the latest final survey (the 597 responses of 001:773-798) and plan
indicators on time (from the plans app's selector)."""

import datetime as dt

import pytest
from django.utils import timezone

from auyl.core.models import TerritorySetting
from auyl.core.roles import Role
from auyl.kpi import selectors
from auyl.kpi.scoring import Period

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def final_001(tree, make_staff):
    """The 001 resident survey of rural district A, closed 20 days ago, 597 responses imported, results
    made final now."""
    from auyl.surveys import services
    from auyl.surveys.demo import resident_survey_csv
    from auyl.surveys.library import load_templates

    load_templates()
    registrar = make_staff(Role.REGISTRAR, tree["rd_a"])
    now = timezone.now()
    survey = services.create_from_template(
        actor=registrar,
        template_key="resident-lsg-001",
        territory=tree["rd_a"],
        opens_at=now - dt.timedelta(days=60),
        closes_at=now - dt.timedelta(days=20),
    )
    survey = services.publish_survey(actor=registrar, survey=survey)
    services.import_responses(actor=registrar, survey=survey, data=resident_survey_csv(), file_name="001.csv")
    return services.finalise_results(actor=registrar, survey=survey)


def _now_quarter():
    today = timezone.localdate()
    return Period.containing(today), today + dt.timedelta(days=1)


def test_satisfaction_is_the_favourable_share_of_the_latest_final_survey(final_001, tree):
    period, today = _now_quarter()
    card = selectors.scorecard(None, tree["rd_a"], period, today=today)
    satisfaction = card.result("residents_satisfaction")
    assert (satisfaction.value, satisfaction.numerator, satisfaction.denominator) == (
        22.11,
        132,
        597,
    )  # 001:773
    assert satisfaction.score == round(22.11 / 50 * 100, 1)
    drill = selectors.drilldown(None, tree["rd_a"], period, "residents_satisfaction", today=today)
    assert [r.weight for r in drill.records] == [90, 42, 358, 107]
    assert drill.recount() == 22.11
    assert all(r.url.endswith(f"/surveys/{final_001.pk}/results/") for r in drill.records)


def test_a_survey_not_final_by_the_quarters_end_does_not_count(final_001, tree):
    previous = Period.containing(timezone.localdate()).previous()
    card = selectors.scorecard(None, tree["rd_a"], previous)
    assert card.result("residents_satisfaction").value is None
    assert (
        selectors.scorecard(None, tree["rd_b"], *_now_quarter()[:1], today=_now_quarter()[1])
        .result("residents_satisfaction")
        .missing_reason.startswith("No survey")
    )


def test_too_few_respondents_is_missing_with_that_reason(final_001, tree):
    TerritorySetting.objects.create(territory=tree["rd_a"], key="surveys.min_group_size", value=1000)
    period, today = _now_quarter()
    result = selectors.scorecard(None, tree["rd_a"], period, today=today).result("residents_satisfaction")
    assert result.value is None and result.missing_reason.startswith("Too few respondents")


@pytest.fixture
def plan(tree):
    """A published plan of A with indicators due in Q1 2025 (0 -> 10 each): reached on 20 January (on
    time, deadline 1 February); still at 4 by its deadline of 1 March (late); reached on 20 March after
    its deadline of 10 March; and one due in May (not this quarter)."""
    from auyl.plans.models import Indicator, Plan, ProgressUpdate

    a = tree["rd_a"]
    plan = Plan.objects.create(
        territory=a,
        territory_path=a.path,
        title="Жоспар",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2026, 12, 31),
        published_at=timezone.make_aware(dt.datetime(2024, 12, 20, 10)),
    )
    specs = [
        ("Су құбыры", "2025-02-01", [("2025-01-20", 10)]),
        ("Жол", "2025-03-01", [("2025-02-20", 4)]),
        ("Жарық", "2025-03-10", [("2025-03-20", 10)]),
        ("Саябақ", "2025-05-10", []),
    ]
    for number, (title, deadline, updates) in enumerate(specs, start=1):
        indicator = Indicator.objects.create(
            plan=plan,
            number=number,
            title=title,
            unit="%",
            baseline=0,
            target=10,
            starts_on=dt.date(2025, 1, 1),
            deadline=dt.date.fromisoformat(deadline),
            executor="Аппарат",
            funding_source="local",
            amount=0,
        )
        Indicator.objects.filter(pk=indicator.pk).update(created_at=plan.published_at)  # entered back then
        for day, value in updates:
            ProgressUpdate.objects.create(
                indicator=indicator,
                value=value,
                measured_on=dt.date.fromisoformat(day),
                recorded_at=timezone.make_aware(dt.datetime.fromisoformat(day + "T12:00")),
            )
    return plan


def test_plan_indicators_on_time_counts_those_due_in_the_quarter(plan, tree):
    card = selectors.scorecard(None, tree["rd_a"], "2025-Q1", today=dt.date(2025, 5, 1))
    result = card.result("plan_indicators_on_time")
    assert (result.value, result.numerator, result.denominator) == (33.33, 1, 3)
    drill = selectors.drilldown(
        None, tree["rd_a"], "2025-Q1", "plan_indicators_on_time", today=dt.date(2025, 5, 1)
    )
    assert [(r.label, r.counted) for r in drill.records] == [
        ("Су құбыры", True),
        ("Жол", False),
        ("Жарық", False),
    ]
    assert all(r.url for r in drill.records)  # the plans app's public page of each indicator
    assert drill.recount() == 33.33
    other = selectors.scorecard(None, tree["rd_b"], "2025-Q1", today=dt.date(2025, 5, 1))
    assert other.result("plan_indicators_on_time").value is None


def test_progress_recorded_after_the_quarter_does_not_change_it(plan, tree):
    """Plans history is dated and append-only: a measurement recorded later (even dated within the
    quarter) is not what was known at its end."""
    from auyl.plans.models import ProgressUpdate

    road = plan.indicators.get(title="Жол")
    ProgressUpdate.objects.create(
        indicator=road,
        value=10,
        measured_on=dt.date(2025, 2, 25),
        recorded_at=timezone.make_aware(dt.datetime(2025, 6, 1, 12)),
    )
    card = selectors.scorecard(None, tree["rd_a"], "2025-Q1", today=dt.date(2025, 7, 1))
    assert card.result("plan_indicators_on_time").numerator == 1
