"""Amendments are new versions: nothing published is ever changed, every version stays readable."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from auyl.budget import selectors, services
from auyl.budget.execution import ActualEntry
from auyl.budget.models import BudgetLine, Status

from .conftest import EXPENDITURE, REVENUE, TODAY

pytestmark = pytest.mark.usefixtures("english")


def _lines(version) -> dict:
    return {(line.section, line.code): line.amount for line in version.lines.all()}


def _approve_amendment(staff, amendment, day=TODAY):
    services.publish(actor=staff["akim"], version=amendment, published_on=day)
    services.record_agreement(actor=staff["akim"], version=amendment, agreed_on=day, number="9")
    return services.record_approval(
        actor=staff["district"], version=amendment, approved_on=day, number="46/2"
    )


def test_an_amendment_is_a_new_version_and_the_old_one_is_kept_unchanged(make_budget, staff):
    budget = make_budget("executing")
    first = budget.versions.get(number=1)
    before = _lines(first)
    amendment = services.start_amendment(
        actor=staff["akim"], budget=budget, reason="Extra transfer for roads"
    )
    assert amendment.number == 2 and amendment.status == Status.DRAFT and amendment.amends == first
    assert _lines(amendment) == before
    services.save_plan(
        actor=staff["akim"],
        version=amendment,
        revenue={**REVENUE, "transfers": "18000000"},
        expenditure={**EXPENDITURE, "roads": "6000000"},
    )
    first.refresh_from_db()
    assert first.status == Status.EXECUTING and _lines(first) == before  # still in force while discussed
    _approve_amendment(staff, amendment)
    first.refresh_from_db()
    amendment.refresh_from_db()
    assert first.status == Status.SUPERSEDED and first.superseded_on == TODAY and _lines(first) == before
    assert (
        amendment.status == Status.EXECUTING
    )  # the budget was being executed: the amendment goes on with it
    assert amendment.execution_started_on == first.execution_started_on
    assert selectors.public_version(budget) == amendment
    changed = {(c.code, c.before, c.after) for c in selectors.changes(amendment)}
    assert changed == {
        ("transfers", Decimal("15000000.00"), Decimal("18000000.00")),
        ("roads", Decimal("3000000.00"), Decimal("6000000.00")),
    }


def test_a_published_version_cannot_be_edited(make_budget, staff):
    version = make_budget("published").versions.get()
    before = _lines(version)
    with pytest.raises(ValidationError) as exc:
        services.save_plan(actor=staff["akim"], version=version, revenue={"transfers": "1"}, expenditure={})
    assert "Only a draft can be changed" in " ".join(exc.value.messages)
    assert _lines(version) == before


def test_revising_a_plan_under_discussion_replaces_it_with_a_new_version(make_budget, staff):
    budget = make_budget("agreed")
    first = budget.versions.get(number=1)
    revision = services.start_amendment(
        actor=staff["akim"], budget=budget, reason="The meeting asked for lighting"
    )
    first.refresh_from_db()
    assert first.status == Status.SUPERSEDED and first.agreement_number == "7"  # its record stays
    assert revision.amends == first and revision.status == Status.DRAFT
    assert [s.status for s in first.steps.all()][-1] == Status.SUPERSEDED
    # residents still see what was discussed (marked as being revised) until the revision is published
    assert selectors.public_version(budget) == first
    assert [v.number for v in selectors.public_versions(budget)] == [1]


def test_the_public_page_of_a_plan_being_revised(make_budget, staff, client):
    budget = make_budget("published")
    services.start_amendment(actor=staff["akim"], budget=budget, reason="More lighting")
    response = client.get(f"/en/budget/d/111033000/{budget.year}/")
    assert response.status_code == 200 and b"being revised after the discussion" in response.content


def test_one_draft_at_a_time_and_a_reason_is_required(make_budget, staff):
    budget = make_budget("executing")
    with pytest.raises(ValidationError):
        services.start_amendment(actor=staff["akim"], budget=budget, reason="   ")
    services.start_amendment(actor=staff["akim"], budget=budget, reason="Roads")
    with pytest.raises(ValidationError) as exc:
        services.start_amendment(actor=staff["akim"], budget=budget, reason="Lighting")
    assert "A draft is already open" in " ".join(exc.value.messages)
    assert budget.versions.count() == 2


def test_a_closed_budget_cannot_be_amended_nor_closed_with_an_open_amendment(make_budget, staff, clock):
    budget = make_budget("executing")
    services.start_amendment(actor=staff["akim"], budget=budget, reason="Roads")
    clock.set(dt.date(2031, 2, 1))
    in_force = budget.versions.get(number=1)
    with pytest.raises(ValidationError) as exc:
        services.close(actor=staff["akim"], version=in_force, closed_on=dt.date(2031, 1, 20))
    assert "An amendment is still open" in " ".join(exc.value.messages)
    services.withdraw_amendment(
        actor=staff["akim"], version=budget.versions.get(number=2), reason="Not needed"
    )
    services.close(actor=staff["akim"], version=in_force, closed_on=dt.date(2031, 1, 20))
    with pytest.raises(ValidationError) as exc:
        services.start_amendment(actor=staff["akim"], budget=budget, reason="Late")
    assert "closed budget cannot be amended" in " ".join(exc.value.messages)


def test_the_first_plan_cannot_be_withdrawn(make_budget, staff):
    version = make_budget("published").versions.get()
    with pytest.raises(ValidationError):
        services.withdraw_amendment(actor=staff["akim"], version=version, reason="No")


def test_an_amendment_may_go_through_on_the_day_the_plan_was_approved(make_budget, staff):
    budget = make_budget("executing")
    amendment = services.start_amendment(
        actor=staff["akim"], budget=budget, reason="Roads", drafted_on=dt.date(2029, 12, 20)
    )
    with pytest.raises(ValidationError):
        services.start_amendment(actor=staff["akim"], budget=budget, reason="again")
    services.save_plan(actor=staff["akim"], version=amendment, revenue=REVENUE, expenditure=EXPENDITURE)
    services.publish(actor=staff["akim"], version=amendment, published_on=dt.date(2029, 12, 20))
    services.record_agreement(
        actor=staff["akim"], version=amendment, agreed_on=dt.date(2029, 12, 20), number="1"
    )
    services.record_approval(
        actor=staff["district"], version=amendment, approved_on=dt.date(2029, 12, 20), number="2"
    )  # the same day is allowed
    assert budget.versions.get(number=2).status == Status.EXECUTING


def test_an_amendment_cannot_be_dated_before_the_approval_it_amends(make_budget, staff):
    budget = make_budget("executing")
    with pytest.raises(ValidationError) as exc:
        services.start_amendment(
            actor=staff["akim"], budget=budget, reason="Roads", drafted_on=dt.date(2029, 12, 1)
        )
    assert "cannot be before the last step of version 1" in " ".join(exc.value.messages)


def test_a_line_with_actuals_stays_in_the_amendment_at_zero(make_budget, staff):
    budget = make_budget("executing")
    services.record_actuals(
        actor=staff["akim"],
        budget=budget,
        entries=[ActualEntry("expenditure", "roads", 1, Decimal("250000"))],
    )
    amendment = services.start_amendment(
        actor=staff["akim"], budget=budget, reason="Roads moved to next year"
    )
    services.save_plan(
        actor=staff["akim"],
        version=amendment,
        revenue=REVENUE,
        expenditure={k: v for k, v in EXPENDITURE.items() if k != "roads"},
    )
    assert BudgetLine.objects.get(version=amendment, code="roads").amount == Decimal("0.00")


def test_history_shows_every_published_version_in_order(make_budget, staff):
    budget = make_budget("executing")
    amendment = services.start_amendment(actor=staff["akim"], budget=budget, reason="Roads")
    public = [(e.version.number, e.step.status) for e in selectors.history(budget)]
    assert (2, "draft") not in public  # an unpublished draft is not public
    assert (2, "draft") in [
        (e.version.number, e.step.status) for e in selectors.history(budget, public=False)
    ]
    _approve_amendment(staff, amendment)
    public = [(e.version.number, e.step.status) for e in selectors.history(budget)]
    assert public[:5] == [(1, "draft"), (1, "published"), (1, "agreed"), (1, "approved"), (1, "executing")]
    assert {(2, "approved"), (1, "superseded"), (2, "published")} <= set(public)
