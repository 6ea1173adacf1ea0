"""Drill-down consistency: for every indicator the records listed recount to the figure shown, live
and from a closed quarter; links depend on who reads; nothing personal is listed."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from auyl.core.models import TerritorySetting
from auyl.core.roles import Role
from auyl.kpi import catalogue, selectors, services

from .test_support import AFTER_Q1, EXPECTED_A, Q1, build_all

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Texts are asserted in English (the Kazakh and Russian catalogues are filled separately)."""
    from django.utils import translation

    with translation.override("en"):
        yield


CODES = [i.code for i in catalogue.INDICATORS]


@pytest.fixture
def data(tree):
    return build_all(tree)


@pytest.fixture
def regional(tree, make_staff):
    return make_staff(Role.REGIONAL_SUPERVISOR, tree["region"])


def _consistent(user, tree, code):
    for unit in (tree["rd_a"], tree["rd_b"]):
        drill = selectors.drilldown(user, unit, Q1, code, today=AFTER_Q1)
        card = (
            selectors.scorecard(None, unit, Q1, today=AFTER_Q1)
            if drill.result.code in {i.code for i in catalogue.indicators(catalogue.AKIM)}
            else selectors.council_scorecard(None, unit, Q1, today=AFTER_Q1)
        )
        assert drill.result.value == card.result(code).value
        assert drill.recount() == drill.result.value, (code, unit.code)
        if drill.result.value is None:
            assert drill.records == []


@pytest.mark.parametrize("code", CODES)
def test_recounting_the_records_gives_the_figure(data, tree, regional, code):
    _consistent(regional, tree, code)


@pytest.mark.parametrize("code", CODES)
def test_recounting_a_closed_quarters_records_gives_its_figure(data, tree, regional, code):
    services.close_quarter(actor=regional, territory=tree["region"], period=Q1, today=AFTER_Q1)
    _consistent(regional, tree, code)


def test_the_records_are_the_ones_counted(data, tree, regional):
    drill = selectors.drilldown(regional, tree["rd_a"], Q1, "appeals_answered_on_time", today=AFTER_Q1)
    assert [(r.label, r.counted) for r in drill.records] == [
        ("A5", True),
        ("A1", True),
        ("A2", False),
        ("A3", True),
        ("A7", True),
    ]
    assert drill.result.value == EXPECTED_A["appeals_answered_on_time"]
    budget = selectors.drilldown(regional, tree["rd_a"], Q1, "budget_execution", today=AFTER_Q1)
    assert sorted((r.amount, r.base) for r in budget.records) == [(100.0, 100.0), (200.0, 300.0)]


def test_staff_get_links_to_the_records_the_public_to_public_pages(data, tree, regional):
    staff = selectors.drilldown(regional, tree["rd_a"], Q1, "appeals_registered_on_time", today=AFTER_Q1)
    assert all(r.url.endswith(f"/appeals/{r.pk}/") for r in staff.records)
    public = selectors.drilldown(
        AnonymousUser(), tree["rd_a"], Q1, "appeals_registered_on_time", today=AFTER_Q1
    )
    assert [r.url for r in public.records] == [""] * len(public.records)
    meetings = selectors.drilldown(
        AnonymousUser(), tree["rd_a"], Q1, "reporting_meetings_held", today=AFTER_Q1
    )
    assert all(f"/d/{tree['rd_a'].code}/" in r.url for r in meetings.records)
    budget = selectors.drilldown(None, tree["rd_a"], Q1, "budget_own_revenue", today=AFTER_Q1)
    assert {r.url for r in budget.records} == {f"/en/budget/d/{tree['rd_a'].code}/2025/"}


def test_no_personal_data_in_a_drilldown(data, tree):
    for code in CODES:
        drill = selectors.drilldown(None, tree["rd_a"], Q1, code, today=AFTER_Q1)
        for record in drill.records:
            assert "Тест" not in f"{record.label} {record.note}"  # the applicants' name in the fixtures


def test_notes_are_written_in_the_readers_language(data, tree):
    from django.utils import translation

    with translation.override("en"):
        drill = selectors.drilldown(None, tree["rd_a"], Q1, "appeals_positive", today=AFTER_Q1)
    assert any("Satisfied" in r.note for r in drill.records)


def test_unknown_indicator_is_not_found(data, tree):
    with pytest.raises(Http404):
        selectors.drilldown(None, tree["rd_a"], Q1, "no_such_thing", today=AFTER_Q1)


def test_missing_figure_lists_nothing(data, tree):
    TerritorySetting.objects.create(territory=tree["region"], key="kpi.min_coverage", value=0.0)
    drill = selectors.drilldown(None, tree["rd_b"], Q1, "budget_execution", today=AFTER_Q1)
    assert drill.result.value is None and drill.records == []
    assert drill.result.missing_reason == "No budget of this unit for the year is recorded."
