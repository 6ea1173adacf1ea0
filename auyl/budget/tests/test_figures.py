"""Totals are the exact sums of the lines; shares, execution and plan amounts are checked; the lines other
apps link to keep their key across amendments."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from auyl.budget import figures, selectors, services
from auyl.budget.execution import ActualEntry

from .conftest import EXPENDITURE, REVENUE, TODAY, YEAR

pytestmark = pytest.mark.usefixtures("english")


def test_totals_add_up_exactly_and_shares_follow(make_budget, staff):
    budget = make_budget(
        "executing",
        revenue={"land_tax": "0.10", "fees": "0.20", "transfers": "0.70"},
        expenditure={"roads": "0.33", "apparatus": "0.67"},
    )
    services.record_actuals(
        actor=staff["akim"],
        budget=budget,
        entries=[
            ActualEntry("revenue", "land_tax", 1, Decimal("0.05")),
            ActualEntry("revenue", "transfers", 1, Decimal("0.35")),
            ActualEntry("expenditure", "roads", 2, Decimal("0.11")),
        ],
    )
    computed = figures.compute(budget.versions.get())
    assert computed.revenue.plan == Decimal("1.00")  # 0.1 + 0.2 + 0.7, exact (no 0.9999999)
    assert computed.expenditure.plan == Decimal("1.00")
    assert computed.own_plan == Decimal("0.30") and computed.transfers_plan == Decimal("0.70")
    assert computed.own_share_plan == Decimal("30.0") and computed.transfer_dependence_plan == Decimal("70.0")
    assert computed.revenue.actual == Decimal("0.40") and computed.revenue.execution == Decimal("40.0")
    assert computed.own_share_actual == Decimal("12.5")
    assert computed.tax_plan == Decimal("0.10")
    assert [row.period for row in computed.periods] == [1, 2]
    assert computed.periods[0].revenue == Decimal("0.40") and computed.periods[1].expenditure == Decimal(
        "0.11"
    )
    assert computed.balance_plan == 0 and computed.deficit_plan == 0


def test_the_plan_as_the_akim_typed_it_is_checked_line_by_line(make_budget, staff):
    version = make_budget("draft").versions.get()
    with pytest.raises(ValidationError) as exc:
        services.save_plan(
            actor=staff["akim"],
            version=version,
            revenue={"land_tax": "-1", "fees": "1.234", "vehicle_tax": 0.1, "unknown": "5"},
            expenditure={"roads": "12abc", "no-such-programme": "1"},
        )
    errors = exc.value.message_dict
    assert "cannot be negative" in errors["revenue:land_tax"][0]
    assert "two decimal places" in errors["revenue:fees"][0]
    assert "must be a number" in errors["revenue:vehicle_tax"][0]  # a float is never taken as an amount
    assert "Unknown line" in errors["revenue:unknown"][0]
    assert "must be a number" in errors["expenditure:roads"][0]
    assert "Unknown line" in errors["expenditure:no-such-programme"][0]
    assert not version.lines.exists()


def test_empty_and_zero_amounts_leave_the_line_out(make_budget, staff):
    version = make_budget("draft").versions.get()
    services.save_plan(
        actor=staff["akim"],
        version=version,
        revenue={"land_tax": "", "fees": "0", "transfers": "5"},
        expenditure={"roads": "5"},
    )
    assert sorted(version.lines.values_list("code", flat=True)) == ["roads", "transfers"]


def test_a_retired_programme_is_not_offered_for_new_lines(make_budget, staff, programmes):
    programmes["sanitation"].is_active = False
    programmes["sanitation"].save()
    version = make_budget("draft").versions.get()
    with pytest.raises(ValidationError):
        services.save_plan(actor=staff["akim"], version=version, revenue={}, expenditure={"sanitation": "1"})


def test_lines_for_other_apps_keep_their_key_across_amendments(make_budget, staff, tree):
    budget = make_budget("executing")
    refs = selectors.lines_for(tree["village_a1"], YEAR)  # a settlement's campaign gets its district's lines
    roads = next(ref for ref in refs if ref.code == "roads")
    assert roads.key == f"111033000:{YEAR}:expenditure:roads" and roads.plan == Decimal("3000000.00")
    assert {ref.code for ref in refs} == set(EXPENDITURE)
    amendment = services.start_amendment(actor=staff["akim"], budget=budget, reason="Roads")
    services.save_plan(
        actor=staff["akim"],
        version=amendment,
        revenue=REVENUE,
        expenditure={**EXPENDITURE, "roads": "4000000"},
    )
    services.publish(actor=staff["akim"], version=amendment, published_on=TODAY)
    services.record_agreement(actor=staff["akim"], version=amendment, agreed_on=TODAY, number="2")
    services.record_approval(actor=staff["district"], version=amendment, approved_on=TODAY, number="3")
    again = selectors.line_by_key(roads.key)
    assert (
        again.plan == Decimal("4000000.00") and again.version_number == 2 and again.line_id != roads.line_id
    )
    assert selectors.line_by_key("garbage") is None
    assert selectors.line_by_key(f"111033000:{YEAR}:expenditure:nothing") is None


def test_no_lines_before_approval(make_budget, tree):
    make_budget("agreed")
    assert selectors.lines_for(tree["rd_a"], YEAR) == []
    assert selectors.lines_for(tree["rd_b"], YEAR) == []
