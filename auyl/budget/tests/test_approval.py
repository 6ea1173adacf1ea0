"""The approval path: each step in order, with its dates and numbers; every wrong step refused and audited
steps recorded."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from auyl.budget import services
from auyl.budget.models import BudgetStep, Status
from auyl.core.models import AuditEvent

from .conftest import DATES, TODAY, YEAR

pytestmark = pytest.mark.usefixtures("english")


def _messages(exc) -> str:
    return " ".join(exc.value.messages)


def test_the_whole_path_records_each_step_with_its_date_and_number(make_budget, staff):
    budget = make_budget("executing")
    version = budget.versions.get()
    assert version.status == Status.EXECUTING
    assert (version.published_on, version.agreed_on, version.approved_on, version.execution_started_on) == (
        DATES["published"],
        DATES["agreed"],
        DATES["approved"],
        DATES["started"],
    )
    assert (version.agreement_number, version.approval_number) == ("7", "41/3")
    steps = list(BudgetStep.objects.filter(version=version).values_list("status", "on", "number"))
    assert steps == [
        ("draft", DATES["drafted"], ""),
        ("published", DATES["published"], ""),
        ("agreed", DATES["agreed"], "7"),
        ("approved", DATES["approved"], "41/3"),
        ("executing", DATES["started"], ""),
    ]
    actions = set(
        AuditEvent.objects.filter(object_type="budget.budgetversion").values_list("action", flat=True)
    )
    assert {
        "budget.plan_saved",
        "budget.published",
        "budget.agreed",
        "budget.approved",
        "budget.execution_started",
    } <= actions


def test_closing_after_the_year_is_over(make_budget, staff, clock):
    budget = make_budget("executing")
    version = budget.versions.get()
    with pytest.raises(ValidationError) as exc:
        services.close(actor=staff["akim"], version=version, closed_on=TODAY)
    assert "once the year is over" in _messages(exc)
    clock.set(dt.date(YEAR + 1, 1, 25))
    services.close(actor=staff["akim"], version=version, closed_on=dt.date(YEAR + 1, 1, 20))
    version.refresh_from_db()
    assert version.status == Status.CLOSED and version.closed_on == dt.date(YEAR + 1, 1, 20)


def test_a_draft_without_lines_cannot_be_published(make_budget, staff):
    version = make_budget("draft").versions.get()
    with pytest.raises(ValidationError) as exc:
        services.publish(actor=staff["akim"], version=version, published_on=TODAY)
    assert "at least one revenue line and one expenditure line" in _messages(exc)
    version.refresh_from_db()
    assert version.status == Status.DRAFT and version.published_on is None


def test_the_maslikhat_cannot_approve_before_the_community_meeting_agrees(make_budget, staff):
    version = make_budget("published").versions.get()
    with pytest.raises(ValidationError) as exc:
        services.record_approval(actor=staff["district"], version=version, approved_on=TODAY, number="1")
    assert "community meeting must agree" in _messages(exc)
    version.refresh_from_db()
    assert version.status == Status.PUBLISHED and version.approved_on is None


def test_a_draft_cannot_be_agreed_or_executed(make_budget, staff):
    version = make_budget("planned").versions.get()
    with pytest.raises(ValidationError):
        services.record_agreement(actor=staff["akim"], version=version, agreed_on=TODAY, number="1")
    with pytest.raises(ValidationError):
        services.start_execution(actor=staff["akim"], version=version, started_on=TODAY)
    assert version.steps.count() == 1


@pytest.mark.parametrize(
    "day, message",
    [
        (TODAY + dt.timedelta(days=1), "cannot be in the future"),
        (DATES["published"] - dt.timedelta(days=1), "cannot be before the publication for discussion"),
        (None, "Give the date"),
        ("2030-01-01", "Give the date"),
    ],
)
def test_agreement_dates_are_checked(make_budget, staff, day, message):
    version = make_budget("published").versions.get()
    with pytest.raises(ValidationError) as exc:
        services.record_agreement(actor=staff["akim"], version=version, agreed_on=day, number="5")
    assert message in _messages(exc)
    version.refresh_from_db()
    assert version.status == Status.PUBLISHED and version.agreed_on is None


@pytest.mark.parametrize("number", ["", "   ", None, "x" * 51])
def test_the_decision_number_is_required_and_short(make_budget, staff, number):
    version = make_budget("agreed").versions.get()
    with pytest.raises(ValidationError):
        services.record_approval(actor=staff["district"], version=version, approved_on=TODAY, number=number)
    version.refresh_from_db()
    assert version.status == Status.AGREED


def test_approval_cannot_precede_the_agreement(make_budget, staff):
    version = make_budget("agreed").versions.get()
    with pytest.raises(ValidationError) as exc:
        services.record_approval(
            actor=staff["district"],
            version=version,
            approved_on=DATES["agreed"] - dt.timedelta(days=1),
            number="3",
        )
    assert "before the community meeting's agreement" in _messages(exc)


def test_execution_starts_in_the_budget_year(make_budget, staff):
    version = make_budget("approved").versions.get()
    with pytest.raises(ValidationError) as exc:
        services.start_execution(actor=staff["akim"], version=version, started_on=DATES["approved"])
    assert "is executed in 2030" in _messages(exc)


def test_publishing_before_the_draft_is_refused(make_budget, staff):
    version = make_budget("planned").versions.get()
    with pytest.raises(ValidationError) as exc:
        services.publish(
            actor=staff["akim"], version=version, published_on=DATES["drafted"] - dt.timedelta(days=1)
        )
    assert "before the draft" in _messages(exc)


def test_a_second_budget_for_the_same_year_is_refused(make_budget, staff, tree):
    make_budget("draft")
    with pytest.raises(ValidationError) as exc:
        services.create_budget(actor=staff["akim"], territory=tree["rd_a"], year=YEAR)
    assert "already exists" in _messages(exc)


@pytest.mark.parametrize("year", [2017, YEAR + 2, "2030", None])
def test_years_out_of_range_are_refused(staff, tree, programmes, year):
    with pytest.raises(ValidationError) as exc:
        services.create_budget(actor=staff["akim"], territory=tree["rd_a"], year=year)
    assert "Choose a year" in _messages(exc)


def test_a_budget_belongs_to_a_rural_district(staff, tree, programmes):
    with pytest.raises(ValidationError):
        services.create_budget(actor=staff["akim"], territory=tree["village_a1"], year=YEAR)
