"""Setting a region's yardstick: validation with clear messages, permissions, audit; the methodology
page's data is generated from the catalogue and shows the region's values."""

import math

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from auyl.core.models import AuditEvent, TerritorySetting
from auyl.core.roles import Role
from auyl.kpi import catalogue, selectors, services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def regional(tree, make_staff):
    return make_staff(Role.REGIONAL_SUPERVISOR, tree["region"])


def test_targets_floors_and_weights_are_stored_for_the_region_and_audited(tree, regional):
    services.set_yardstick(
        actor=regional,
        region=tree["region"],
        targets={"appeals_positive": 70},
        weights={"budget_execution": 2},
    )
    services.set_yardstick(actor=regional, region=tree["region"], targets={"civic_turnout": 30})
    stored = {s.key: s.value for s in TerritorySetting.objects.filter(territory=tree["region"])}
    assert stored == {
        "kpi.targets": {"appeals_positive": 70.0, "civic_turnout": 30.0},
        "kpi.weights": {"budget_execution": 2.0},
    }
    assert AuditEvent.objects.filter(action="kpi.yardstick_set").count() == 3
    method = selectors.methodology(tree["rd_a"])
    row = next(r for r in method["indicators"] if r["code"] == "appeals_positive")
    assert (row["target"], row["floor"], row["weight"]) == (70.0, 20.0, 1.0)
    assert method["region"] == tree["region"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"targets": {"no_such": 5}}, "Unknown indicator: no_such."),
        ({"targets": {"appeals_positive": "a lot"}}, "Positive decisions on appeals: give a number."),
        ({"targets": {"appeals_positive": math.nan}}, "Positive decisions on appeals: give a number."),
        ({"targets": {"appeals_positive": True}}, "Positive decisions on appeals: give a number."),
        (
            {"targets": {"appeals_positive": 150}},
            "Positive decisions on appeals: give a number from 0.0 to 100.0.",
        ),
        ({"targets": {"appeals_rating": 7}}, "Applicants' rating of answers: give a number from 1.0 to 5.0."),
        (
            {"weights": {"appeals_rating": -1}},
            "Applicants' rating of answers: give a number from 0.0 to 100.0.",
        ),
        ({"targets": ["appeals_rating"]}, "Give a value per indicator code."),
        (
            {"floors": {"appeals_positive": 60}},
            "Positive decisions on appeals: the target and the floor must differ.",
        ),
        (
            {"targets": {"appeals_repeat": 30}},
            "Repeat appeals: the target must be better than the floor (lower is better).",
        ),
        (
            {"weights": {i.code: 0 for i in catalogue.INDICATORS}},
            "At least one indicator must have a weight above zero.",
        ),
    ],
)
def test_bad_values_are_refused_and_nothing_is_stored(tree, regional, kwargs, message):
    with pytest.raises(ValidationError) as error:
        services.set_yardstick(actor=regional, region=tree["region"], **kwargs)
    assert message in " ".join(error.value.messages)
    assert not TerritorySetting.objects.exists()


def test_the_yardstick_is_set_for_a_region_only(tree, regional):
    with pytest.raises(ValidationError):
        services.set_yardstick(actor=regional, region=tree["district"], targets={"appeals_positive": 70})


@pytest.mark.parametrize("role", [Role.AKIM, Role.DISTRICT_SUPERVISOR, Role.AUDITOR])
def test_the_evaluated_and_the_district_do_not_set_the_yardstick(tree, make_staff, role):
    user = make_staff(role, tree["region"])
    with pytest.raises(PermissionDenied):
        services.set_yardstick(actor=user, region=tree["region"], targets={"appeals_positive": 70})


def test_the_methodology_is_generated_from_the_catalogue_with_documented_defaults():
    method = selectors.methodology()
    assert [r["code"] for r in method["indicators"]] == [i.code for i in catalogue.INDICATORS]
    for row in method["indicators"]:
        assert row["definition"] and row["formula"] and row["source"] and row["how_to_recount"]
        assert (row["target"], row["floor"], row["weight"]) == (
            row["default_target"],
            row["default_floor"],
            1.0,
        )
    assert method["scorecards"]["council"] == [
        "council_sessions_held",
        "council_decisions_executed",
        "council_findings_answered",
        "council_commissions_reported",
    ]
    assert {key for key, _description, _source in method["rules"]} == {
        "kpi.targets",
        "kpi.floors",
        "kpi.weights",
        "kpi.min_coverage",
        "kpi.close_after_days",
    }
    assert all("not in sources" in source for _key, _description, source in method["rules"])


def test_the_catalogue_covers_the_issues_list():
    codes = {i.code for i in catalogue.INDICATORS}
    assert len(codes) == len(catalogue.INDICATORS)
    assert {i.applies_to for i in catalogue.INDICATORS} == {"akim", "council"}
    assert len(catalogue.indicators("akim")) >= 18 and len(catalogue.indicators("council")) >= 3
    for indicator in catalogue.INDICATORS:
        assert indicator.direction in ("higher", "lower")
        assert (indicator.default_target > indicator.default_floor) == (indicator.direction == "higher")
        assert indicator.mode in ("ratio", "mean", "sum_ratio", "count")
