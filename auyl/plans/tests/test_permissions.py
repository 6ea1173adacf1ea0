"""Who may do what: each rural district's staff act on their own plans only; supervisors and deputies
read; executors record progress; nobody reaches another district's plan, not even by its id."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from auyl.plans import selectors, services
from auyl.plans.models import Indicator, Plan, ProgressUpdate

from .conftest import INDICATOR, TODAY


@pytest.fixture
def plan(make_plan, make_indicator):
    plan = make_plan()
    make_indicator(plan)
    return plan


def test_another_districts_staff_cannot_touch_the_plan(tree, people, plan):
    indicator = plan.indicators.get()
    with pytest.raises(PermissionDenied):
        services.create_plan(
            actor=people["akim_b"],
            territory=tree["rd_a"],
            title="Бөтен жоспар",
            period_start=dt.date(2026, 1, 1),
            period_end=dt.date(2027, 1, 1),
        )
    with pytest.raises(PermissionDenied):
        services.add_indicator(actor=people["akim_b"], plan=plan, **{**INDICATOR, "title": "Бөтен"})
    with pytest.raises(PermissionDenied):
        services.publish_plan(actor=people["akim_b"], plan=plan)
    with pytest.raises(PermissionDenied):
        services.update_plan(actor=people["akim_b"], plan=plan, title="Басқа")
    for who in ("akim_b", "executor_b"):
        with pytest.raises(PermissionDenied):
            services.record_progress(actor=people[who], indicator=indicator, value="150", measured_on=TODAY)
    assert (
        Plan.objects.count() == 1 and Indicator.objects.count() == 1 and not ProgressUpdate.objects.exists()
    )
    plan.refresh_from_db()
    assert plan.title != "Басқа" and plan.published_at is None


def test_reads_are_scoped(people, plan):
    indicator = plan.indicators.get()
    assert list(selectors.plans_visible_to(people["akim_b"])) == []
    for who in ("akim_b", "executor_b"):
        with pytest.raises(Http404):
            selectors.plan_for(people[who], plan.pk)
        with pytest.raises(Http404):
            selectors.indicator_for(people[who], indicator.pk)
    for who in ("akim", "deputy", "supervisor", "admin", "executor"):
        assert selectors.plan_for(people[who], plan.pk) == plan


def test_readers_read_and_executors_record(people, plan):
    indicator = plan.indicators.get()
    for who in ("deputy", "supervisor"):
        with pytest.raises(PermissionDenied):
            services.add_indicator(actor=people[who], plan=plan, **{**INDICATOR, "title": "Тағы"})
        with pytest.raises(PermissionDenied):
            services.record_progress(actor=people[who], indicator=indicator, value="150", measured_on=TODAY)
    with pytest.raises(PermissionDenied):
        services.add_indicator(actor=people["executor"], plan=plan, **{**INDICATOR, "title": "Тағы"})
    services.record_progress(actor=people["executor"], indicator=indicator, value="150", measured_on=TODAY)
    services.record_progress(actor=people["admin"], indicator=indicator, value="160", measured_on=TODAY)
    assert ProgressUpdate.objects.count() == 2


def test_units_offered_for_a_new_plan_are_the_users_own(tree, people):
    codes = [u.code for u in selectors.units_for(people["akim"])]
    assert codes == ["111033000", "111033100", "111033200"]
    assert selectors.units_for(people["executor"]) == []
