"""Deadlines watched by the periodic job (reminders, escalations, risk), the inbox and the dashboard."""

import datetime as dt

import pytest
from django.core.management import call_command

from auyl.appeals import selectors, services
from auyl.appeals.clocks import run_clocks
from auyl.appeals.models import Appeal, Outcome
from auyl.core import periodic
from auyl.core.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_english")]

ONE_DAY = dt.timedelta(days=1)


def bodies(recipient, word):
    return [b for b in Notification.objects.filter(recipient=recipient).values_list("body", flat=True) if word in b]


@pytest.fixture
def assigned(register, people):
    appeal, _code = register()
    return services.assign(actor=people["akim"], appeal=appeal, executor=people["executor"])


def test_the_executor_is_reminded_once_before_the_deadline(assigned, people):
    deadline = assigned.deadline
    assert run_clocks(today=deadline - dt.timedelta(days=5))["reminders"] == 0  # too early
    assert run_clocks(today=deadline - dt.timedelta(days=2))["reminders"] == 1
    assert run_clocks(today=deadline - dt.timedelta(days=2))["reminders"] == 0  # the same tick again
    assert run_clocks(today=deadline - ONE_DAY)["reminders"] == 0  # already reminded for this deadline
    assert len(bodies("executor@akimat.kz", "Reminder")) == 1

    services.extend_deadline(actor=people["akim"], appeal=assigned, reason="Expert opinion needed")
    assert run_clocks(today=assigned.deadline - ONE_DAY)["reminders"] == 1  # a new deadline, a new reminder


def test_overdue_appeals_go_to_the_akim_and_the_district_supervisor_once(assigned, people):
    late = assigned.deadline + ONE_DAY
    result = run_clocks(today=late)
    assert result["escalations"] == 2
    assert len(bodies("akim.a@akimat.kz", "Overdue")) == 1 and len(bodies("district@akimat.kz", "Overdue")) == 1
    assert bodies("akim.b@akimat.kz", "Overdue") == []  # the other rural district's akim is not bothered
    assert run_clocks(today=late)["escalations"] == 0
    assert run_clocks(today=late + ONE_DAY)["escalations"] == 0
    assigned.refresh_from_db()
    assert "overdue" in assigned.risk_factors and assigned.risk_points == 3


def test_a_promise_not_kept_is_escalated(assigned, people, today):
    promised = today + dt.timedelta(days=3)
    services.answer(actor=people["executor"], appeal=assigned, outcome=Outcome.SATISFIED, text="We will do it",
                    promised_action="Fill the potholes", promised_by=promised)
    assert run_clocks(today=promised)["execution_escalations"] == 0
    result = run_clocks(today=promised + ONE_DAY)
    assert result["execution_escalations"] == 3  # akim, district supervisor and the executor
    assert run_clocks(today=promised + ONE_DAY)["execution_escalations"] == 0
    assert selectors.clock(Appeal.objects.get(pk=assigned.pk), promised + ONE_DAY)["execution_overdue"] is True


def test_the_job_is_registered_for_manage_py_tick(assigned, capsys):
    assert periodic.JOBS["appeals.clocks"] is run_clocks
    call_command("tick", only=["appeals.clocks"])
    assert "appeals.clocks" in capsys.readouterr().out


def test_clock_of_an_answered_appeal(register, people, today):
    on_time, _c = register()
    services.answer(actor=people["akim"], appeal=on_time, outcome=Outcome.EXPLAINED, text="Explained")
    clock = selectors.clock(on_time)
    assert clock["answered_on_time"] is True and clock["days_left"] is None and clock["is_overdue"] is False
    late, _c = register(received_on=today - dt.timedelta(days=40))
    assert selectors.clock(late)["is_overdue"] is True and selectors.clock(late)["days_left"] < 0
    services.answer(actor=people["akim"], appeal=late, outcome=Outcome.EXPLAINED, text="Explained late")
    assert selectors.clock(late)["answered_on_time"] is False and "overdue" in late.risk_factors


def test_inbox_lists_the_executors_work_nearest_deadline_first(register, people, topics, today):
    executor = people["executor"]
    later, _c = register()
    overdue, _c = register(received_on=today - dt.timedelta(days=30), topic=topics["water"])
    executing, _c = register()
    someone_elses, _c = register()
    for appeal in (later, overdue, executing):
        services.assign(actor=people["akim"], appeal=appeal, executor=executor)
    services.assign(actor=people["akim"], appeal=someone_elses, executor=people["executor2"])
    services.answer(actor=executor, appeal=executing, outcome=Outcome.SATISFIED, text="Will do",
                    promised_action="Repair", promised_by=today + dt.timedelta(days=2))
    done, _c = register()
    services.answer(actor=people["akim"], appeal=done, outcome=Outcome.EXPLAINED, text="x")

    rows = list(selectors.inbox(executor, today=today))
    assert rows == [overdue, executing, later]
    assert [r.is_overdue for r in rows] == [True, False, False]
    assert rows[1].due == today + dt.timedelta(days=2)
    assert rows[0].risk_level == "orange"  # overdue (3) + water (2)
    assert list(selectors.inbox(people["akim_b"])) == []


def test_dashboard_counts_within_the_users_scope(register, people, tree, topics, today):
    a1, _c = register(topic=topics["water"])
    a2, _c = register(received_on=today - dt.timedelta(days=30), is_collective=True)
    register(territory=tree["village_b1"], actor=people["akim_b"])
    services.assign(actor=people["akim"], appeal=a1, executor=people["executor"])
    closed, _c = register()
    services.answer(actor=people["akim"], appeal=closed, outcome=Outcome.EXPLAINED, text="x")

    stats = selectors.dashboard(people["akim"], today=today)
    assert (stats["total"], stats["open"], stats["overdue"], stats["executing"]) == (3, 2, 1, 0)
    # water (2 points): yellow; collective (2) and registered already past its deadline (3): orange
    assert stats["by_risk"] == {"none": 0, "yellow": 1, "orange": 1, "red": 0}
    assert {row["topic"].code: row["count"] for row in stats["by_topic"]} == {"t-water": 1, "t-roads": 1}
    assert {(row["executor"], row["count"], row["overdue"]) for row in stats["by_executor"]} == {
        (people["executor"], 1, 0), (None, 1, 1)}

    district = selectors.dashboard(people["supervisor"], today=today)
    assert (district["open"], district["total"]) == (3, 4)
    assert selectors.dashboard(people["supervisor"], territory=tree["rd_b"], today=today)["open"] == 1
    assert selectors.dashboard(people["akim"], territory=tree["rd_b"], today=today)["open"] == 0


def test_reminders_speak_the_executors_language(assigned, people):
    executor = people["executor"]
    executor.preferred_language = "kk"
    executor.save()
    run_clocks(today=assigned.deadline - dt.timedelta(days=2))
    body = Notification.objects.filter(recipient=executor.email).values_list("body", flat=True).last()
    assert body and assigned.number in body and "Reminder" not in body
