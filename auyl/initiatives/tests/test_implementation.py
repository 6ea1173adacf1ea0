"""Implementation of winners: status and progress as public history, payments charged to lines of the
rural district's budget through the one seam with the budget app, photos of the work."""

import datetime as dt
import sys
import types

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

import auyl.budget
from auyl.initiatives import budget_link, services
from auyl.initiatives.models import ImplementationStatus, ProgressUpdate, Spending

from .conftest import build_ballot
from .test_proposals import png

pytestmark = pytest.mark.django_db


@pytest.fixture
def winner(make_campaign, staff, people, clock):
    campaign, (p1, p2, _p3) = build_ballot(make_campaign, staff, people, clock)
    services.cast_ballot(actor=people["aliya"], campaign=campaign, choices=[p1.pk])
    clock.to("implementation")
    services.compute_results(actor=staff["akim"], campaign=campaign)
    p1.refresh_from_db()
    return p1


@pytest.fixture
def budget_lines(monkeypatch):
    """The budget app's selector as the contract describes it: lines of a territory and year."""
    from decimal import Decimal

    from auyl.budget.selectors import LineRef

    calls = []

    def line(code: str, name: str) -> LineRef:
        return LineRef(
            f"111033000:2030:expenditure:{code}",
            "111033000",
            2030,
            "expenditure",
            code,
            name,
            Decimal(5_000_000),
            Decimal(0),
            1,
            100 + len(code),
        )

    def lines_for(territory, year):
        calls.append((territory.code, year))
        return [
            line("01.451", "Абаттандыру / Благоустройство"),
            line("01.452", "Көше жарығы / Освещение улиц"),
        ]

    fake = types.SimpleNamespace(lines_for=lines_for)
    monkeypatch.setitem(sys.modules, "auyl.budget.selectors", fake)
    monkeypatch.setattr(auyl.budget, "selectors", fake, raising=False)
    return calls


def test_progress_reports_become_public_history(winner, staff):
    services.add_progress(
        actor=staff["executor"], proposal=winner, status="contracting", progress=10, note="Тендер"
    )
    implementation = services.add_progress(
        actor=staff["akim"], proposal=winner, status="completed", progress=100
    )
    assert implementation.status == ImplementationStatus.COMPLETED
    assert list(ProgressUpdate.objects.values_list("progress", flat=True)) == [100, 10]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"status": "done", "progress": 50}, "status"),
        ({"status": "in_progress", "progress": 101}, "progress"),
        ({"status": "in_progress", "progress": -1}, "progress"),
        ({"status": "completed", "progress": 90}, "progress"),
    ],
)
def test_bad_progress_reports_are_refused(winner, staff, kwargs, field):
    with pytest.raises(ValidationError) as caught:
        services.add_progress(actor=staff["executor"], proposal=winner, **kwargs)
    assert field in caught.value.message_dict
    assert not ProgressUpdate.objects.exists()


def test_only_winners_are_implemented(winner, staff):
    loser = (
        winner.campaign.proposals.exclude(pk=winner.pk)
        .filter(status="accepted", implementation__isnull=True)
        .first()
    )
    with pytest.raises(ValidationError, match="Only winning projects"):
        services.add_progress(actor=staff["executor"], proposal=loser, status="planned", progress=0)


def test_spending_is_charged_to_a_budget_line_of_the_rural_district_and_year(
    winner, staff, budget_lines, clock
):
    spending = services.record_spending(
        actor=staff["executor"],
        proposal=winner,
        amount=1_500_000,
        spent_on=dt.date(2030, 4, 25),
        note="Жабдық / Оборудование",
        budget_line="111033000:2030:expenditure:01.451",
    )
    assert spending.budget_line_key == "111033000:2030:expenditure:01.451"
    assert spending.budget_line_label == "01.451 — Абаттандыру / Благоустройство"
    assert budget_lines[-1] == ("111033000", 2030)
    with pytest.raises(ValidationError) as caught:
        services.record_spending(
            actor=staff["executor"],
            proposal=winner,
            amount=10,
            spent_on=dt.date(2030, 4, 25),
            note="x",
            budget_line="111033000:2030:expenditure:99",
        )
    assert "budget_line" in caught.value.message_dict


def test_a_settlement_campaign_spends_from_its_rural_district_budget(
    make_campaign, staff, people, clock, tree, budget_lines
):
    campaign, (p1, _p2, _p3) = build_ballot(make_campaign, staff, people, clock, territory=tree["village_a1"])
    services.cast_ballot(actor=people["aliya"], campaign=campaign, choices=[p1.pk])
    clock.to("implementation")
    services.compute_results(actor=staff["akim"], campaign=campaign)
    services.record_spending(
        actor=staff["akim"],
        proposal=p1,
        amount=5,
        spent_on=dt.date(2030, 4, 25),
        note="x",
        budget_line="111033000:2030:expenditure:01.452",
    )
    assert budget_lines[-1] == ("111033000", 2030)


def test_without_budget_lines_a_payment_is_recorded_without_one(winner, staff, monkeypatch):
    monkeypatch.setattr(budget_link, "lines_for", lambda territory, year: [])
    spending = services.record_spending(
        actor=staff["executor"], proposal=winner, amount=700_000, spent_on=dt.date(2030, 4, 25), note="Бетон"
    )
    assert spending.budget_line_key == "" and spending.budget_line_label == ""
    with pytest.raises(ValidationError, match="no lines for 2030"):
        services.record_spending(
            actor=staff["executor"],
            proposal=winner,
            amount=1,
            spent_on=dt.date(2030, 4, 25),
            note="x",
            budget_line="x:5",
        )


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"amount": 0}, "amount"),
        ({"amount": -3}, "amount"),
        ({"spent_on": dt.date(2031, 1, 1)}, "spent_on"),
        ({"spent_on": dt.date(2020, 1, 1)}, "spent_on"),
        ({"note": ""}, "note"),
    ],
)
def test_bad_payments_are_refused(winner, staff, kwargs, field, monkeypatch):
    monkeypatch.setattr(budget_link, "lines_for", lambda territory, year: [])
    data = {"amount": 100, "spent_on": dt.date(2030, 4, 25), "note": "Бетон"} | kwargs
    with pytest.raises(ValidationError) as caught:
        services.record_spending(actor=staff["executor"], proposal=winner, **data)
    assert field in caught.value.message_dict
    assert not Spending.objects.exists()


@pytest.mark.parametrize("who", ["registrar", "akim_b", "auditor"])
def test_only_implementers_of_the_territory_report(winner, staff, who):
    with pytest.raises(PermissionDenied):
        services.add_progress(actor=staff[who], proposal=winner, status="planned", progress=0)
    with pytest.raises(PermissionDenied):
        services.add_photo(actor=staff[who], proposal=winner, uploaded_file=png(), stage="implementation")


def test_photos_of_the_work_are_added_by_implementers(winner, staff):
    photo = services.add_photo(
        actor=staff["executor"], proposal=winner, uploaded_file=png(), stage="implementation", caption="Қазан"
    )
    assert photo.stage == "implementation" and photo.caption == "Қазан"


def test_the_budget_apps_own_selector_answers_through_the_seam(tree):
    """No approved plan yet: the real ``auyl.budget.selectors.lines_for`` gives no lines, and no error."""
    assert budget_link.lines_for(tree["rd_a"], 2030) == []
