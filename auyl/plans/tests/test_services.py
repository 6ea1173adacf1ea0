"""The services: drawing up a plan, adding indicators, recording progress — bad input refused with a
clear message and nothing stored, every change in the audit log."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from auyl.core.audit import verify_chain
from auyl.core.models import AuditEvent
from auyl.plans import selectors, services
from auyl.plans.models import Indicator, Plan, ProgressUpdate
from auyl.plans.services_progress import Entry

from .conftest import INDICATOR, TODAY

pytestmark = pytest.mark.usefixtures("english")


def errors_of(call) -> dict:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def test_a_plan_with_indicators_and_exact_money(people, make_plan, make_indicator):
    plan = make_plan(basis="Решение №12")
    first = make_indicator(plan)
    second = make_indicator(plan, title="Жарықтандыру", amount="3 840 000,50", baseline="0", target="8")
    assert (first.number, second.number) == (1, 2)
    second.refresh_from_db()
    assert second.amount == Decimal("3840000.50") and second.target == Decimal("8")
    total = selectors.plans_visible_to(people["akim"]).get().total_amount
    assert total == Decimal("16340001.00")  # 12 500 000,50 + 3 840 000,50, not a float


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"target": Decimal("100")}, "target"),  # equal to the baseline
        ({"deadline": dt.date(2025, 12, 31)}, "deadline"),  # before the start
        ({"deadline": dt.date(2029, 1, 1)}, "deadline"),  # after the plan's end
        ({"starts_on": dt.date(2025, 6, 1)}, "deadline"),  # before the plan's start
        ({"amount": Decimal("-1")}, "amount"),
        ({"amount": "12,345"}, "amount"),  # a third decimal of tenge
        ({"amount": 1.5}, "amount"),  # a float is not exact
        ({"amount": "1e30"}, "amount"),
        ({"amount": "NaN"}, "amount"),
        ({"funding_source": "none"}, "amount"),  # no funding needed, yet an amount
        ({"funding_source": "local", "amount": Decimal("0")}, "amount"),
        ({"funding_source": "lottery"}, "funding_source"),
        ({"baseline": "много"}, "baseline"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 301}, "title"),
        ({"unit": ""}, "unit"),
        ({"executor": ""}, "executor"),
    ],
)
def test_bad_indicators_are_refused_and_nothing_is_stored(
    people, make_plan, make_indicator, overrides, field
):
    plan = make_plan()
    events = AuditEvent.objects.count()
    assert field in errors_of(lambda: make_indicator(plan, **overrides))
    assert Indicator.objects.count() == 0 and AuditEvent.objects.count() == events


def test_a_duplicate_indicator_is_refused(make_plan, make_indicator):
    plan = make_plan()
    make_indicator(plan)
    assert "title" in errors_of(lambda: make_indicator(plan, title=INDICATOR["title"].upper()))
    assert Indicator.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"period_end": dt.date(2025, 12, 31)}, "period_end"),
        ({"period_end": dt.date(2026, 1, 1)}, "period_end"),  # ends the day it starts
        ({"period_end": dt.date(2040, 1, 1)}, "period_end"),  # longer than the region's 10 years
        ({"period_start": dt.date(1990, 1, 1)}, "period_start"),
        ({"period_start": None}, "period_start"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_plans_are_refused(make_plan, overrides, field):
    assert field in errors_of(lambda: make_plan(**overrides))
    assert Plan.objects.count() == 0


def test_a_plan_is_for_a_rural_district_or_its_settlement(tree, people, make_plan):
    assert make_plan(territory=tree["village_a2"]).territory_path == tree["village_a2"].path
    admin = people["admin"]
    assert "territory" in errors_of(lambda: make_plan(actor=admin, territory=tree["district"], title="Аудан"))


def test_the_period_cannot_shrink_below_its_indicators(people, make_plan, make_indicator):
    plan = make_plan()
    make_indicator(plan, deadline=dt.date(2027, 6, 30))
    assert "period_start" in errors_of(
        lambda: services.update_plan(actor=people["akim"], plan=plan, period_end=dt.date(2027, 1, 1))
    )
    services.update_plan(actor=people["akim"], plan=plan, period_end=dt.date(2027, 12, 31), title="Жаңа атау")
    plan.refresh_from_db()
    assert plan.period_end == dt.date(2027, 12, 31) and plan.title == "Жаңа атау"
    event = AuditEvent.objects.filter(action="plans.plan_updated").get()
    assert event.changes["period_end"] == ["2028-12-31", "2027-12-31"]


def test_publishing_needs_an_indicator_and_happens_once(people, make_plan, make_indicator):
    plan = make_plan()
    with pytest.raises(ValidationError):
        services.publish_plan(actor=people["akim"], plan=plan)
    make_indicator(plan)
    services.publish_plan(actor=people["akim"], plan=plan)
    with pytest.raises(ValidationError):
        services.publish_plan(actor=people["akim"], plan=plan)
    assert AuditEvent.objects.filter(action="plans.plan_published").count() == 1


def test_progress_keeps_its_history_and_the_latest_by_date(people, make_plan, make_indicator):
    indicator = make_indicator(make_plan())
    executor = people["executor"]
    services.record_progress(
        actor=executor, indicator=indicator, value="150", measured_on=dt.date(2026, 9, 1)
    )
    services.record_progress(
        actor=executor, indicator=indicator, value="120", measured_on=dt.date(2026, 6, 1)
    )
    indicator.refresh_from_db()
    assert indicator.latest_value == Decimal("150") and indicator.latest_on == dt.date(2026, 9, 1)
    services.record_progress(
        actor=executor, indicator=indicator, value="145", measured_on=dt.date(2026, 9, 1), note="Түзету"
    )
    indicator.refresh_from_db()
    assert indicator.latest_value == Decimal("145")
    assert [u.value for u in selectors.history_of(indicator)] == [
        Decimal("145"),
        Decimal("150"),
        Decimal("120"),
    ]


@pytest.mark.parametrize(
    ("value", "day", "field"),
    [
        ("150", TODAY + dt.timedelta(days=1), "measured_on"),  # in the future
        ("150", dt.date(2025, 12, 31), "measured_on"),  # before the indicator's start
        ("сто", TODAY, "value"),
        ("1" * 20, TODAY, "value"),
        ("1.00001", TODAY, "value"),
        ("150", None, "measured_on"),
    ],
)
def test_bad_progress_is_refused(people, make_plan, make_indicator, value, day, field):
    indicator = make_indicator(make_plan())
    assert field in errors_of(
        lambda: services.record_progress(
            actor=people["executor"], indicator=indicator, value=value, measured_on=day
        )
    )
    assert ProgressUpdate.objects.count() == 0
    indicator.refresh_from_db()
    assert indicator.latest_value is None


def test_the_same_value_twice_is_a_form_sent_twice(people, make_plan, make_indicator):
    indicator = make_indicator(make_plan())
    services.record_progress(actor=people["executor"], indicator=indicator, value="150", measured_on=TODAY)
    assert "value" in errors_of(
        lambda: services.record_progress(
            actor=people["executor"], indicator=indicator, value="150.0", measured_on=TODAY
        )
    )
    assert ProgressUpdate.objects.count() == 1


def test_a_table_of_progress_is_saved_whole_or_not_at_all(people, make_plan, make_indicator):
    plan = make_plan()
    first, second = make_indicator(plan), make_indicator(plan, title="Екінші")
    with pytest.raises(ValidationError) as caught:
        services.record_progress_many(
            actor=people["executor"], entries=[Entry(first, "150", TODAY), Entry(second, "abc", TODAY)]
        )
    assert list(caught.value.message_dict) == [str(second.pk)]
    assert ProgressUpdate.objects.count() == 0
    saved = services.record_progress_many(
        actor=people["executor"], entries=[Entry(first, "150", TODAY), Entry(second, "110", TODAY, "ескерту")]
    )
    assert len(saved) == 2 and ProgressUpdate.objects.count() == 2


def test_every_change_is_audited_with_the_status_it_caused(people, make_plan, make_indicator):
    plan = make_plan()
    indicator = make_indicator(plan, starts_on=dt.date(2026, 1, 1), deadline=dt.date(2026, 12, 31))
    services.update_indicator(actor=people["akim"], indicator=indicator, executor="Жаңа орындаушы")
    services.publish_plan(actor=people["akim"], plan=plan)
    services.record_progress(actor=people["executor"], indicator=indicator, value="200", measured_on=TODAY)
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))
    assert actions == [
        "plans.plan_created",
        "plans.indicator_added",
        "plans.indicator_updated",
        "plans.plan_published",
        "plans.progress_recorded",
    ]
    added = AuditEvent.objects.get(action="plans.indicator_added")
    assert added.changes["amount"] == "12500000.50" and added.territory_code == "111033000"
    progress = AuditEvent.objects.get(action="plans.progress_recorded")
    assert progress.changes["status"] == ["at_risk", "done"] and progress.actor == people["executor"]
    assert AuditEvent.objects.get(action="plans.indicator_updated").changes == {
        "executor": [INDICATOR["executor"], "Жаңа орындаушы"]
    }
    assert verify_chain().ok


def test_an_indicator_cannot_start_after_its_recorded_progress(people, make_plan, make_indicator):
    indicator = make_indicator(make_plan())
    services.record_progress(
        actor=people["executor"], indicator=indicator, value="120", measured_on=dt.date(2026, 3, 1)
    )
    assert "starts_on" in errors_of(
        lambda: services.update_indicator(
            actor=people["akim"], indicator=indicator, starts_on=dt.date(2026, 4, 1)
        )
    )
