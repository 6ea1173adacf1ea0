"""Forming a council for a term: the rules per region, the apportionment stored, bad terms refused."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from auyl.core.models import AuditEvent, TerritorySetting
from auyl.council import selectors, services
from auyl.council.models import Council, Seat

from .conftest import TERM_START


def seats_of(council) -> dict[str, int]:
    return {seat.settlement.code: seat.seats for seat in council.seats.select_related("settlement")}


def test_default_rules_give_a_four_year_term_and_nine_seats_apportioned_by_population(tree, council):
    assert (council.term_start, council.term_end) == (TERM_START, dt.date(2034, 1, 14))
    assert council.total_seats == 9 and council.method == "largest_remainder"
    assert seats_of(council) == {"111033100": 8, "111033200": 1}
    event = AuditEvent.objects.get(action="council.formed")
    assert event.changes["apportionment"]["111033100"] == [12361, "recorded", 8]


def test_region_rules_change_the_term_and_the_seats(tree, registrar):
    TerritorySetting.objects.create(territory=tree["region"], key="council.term_years", value=5)
    TerritorySetting.objects.create(territory=tree["region"], key="council.seats", value=15)
    council = services.form_council(actor=registrar, territory=tree["rd_a"], term_start=TERM_START)
    assert council.term_end == dt.date(2035, 1, 14)
    assert seats_of(council) == {"111033100": 14, "111033200": 1}


def test_too_few_seats_for_the_settlements_is_refused_with_the_reason(tree, registrar):
    TerritorySetting.objects.create(territory=tree["rd_a"], key="council.seats", value=1)
    with pytest.raises(ValidationError) as exc:
        services.form_council(actor=registrar, territory=tree["rd_a"], term_start=TERM_START)
    assert "has 1 seats but 2 settlements must each have one" in " ".join(exc.value.messages)
    assert not Council.objects.exists() and not Seat.objects.exists()


def test_village_without_residents_gets_no_seat_and_nobody_can_sit_for_it(tree, registrar, person):
    tree["village_a2"].population = 0
    tree["village_a2"].save()
    council = services.form_council(actor=registrar, territory=tree["rd_a"], term_start=TERM_START)
    assert seats_of(council) == {"111033100": 9, "111033200": 0}
    with pytest.raises(ValidationError) as exc:
        services.add_member(actor=registrar, council=council, resident=person("village_a2", "Жоқ"))
    assert "which has no seat on this council" in " ".join(exc.value.messages)


def test_registry_count_is_used_where_no_population_is_recorded(tree, registrar, person):
    for village in ("village_a1", "village_a2"):
        tree[village].population = None
        tree[village].save()
    for i in range(5):
        person("village_a1", f"A{i}")
    person("village_a2", "B")
    plan = services.preview_council(actor=registrar, territory=tree["rd_a"], term_start=TERM_START)
    assert [(row.population, row.source, row.seats) for row in plan.rows] == [
        (5, "registry", 7),
        (1, "registry", 2),
    ]


def test_no_population_anywhere_is_refused(tree, registrar):
    for village in ("village_a1", "village_a2"):
        tree[village].population = None
        tree[village].save()
    with pytest.raises(ValidationError) as exc:
        services.preview_council(actor=registrar, territory=tree["rd_a"], term_start=TERM_START)
    assert "enter the population of its settlements first" in " ".join(exc.value.messages)


def test_overlapping_term_is_refused_and_the_next_one_can_follow(tree, registrar, council, clock):
    with pytest.raises(ValidationError) as exc:
        services.form_council(actor=registrar, territory=tree["rd_a"], term_start=dt.date(2031, 1, 1))
    assert "a new term can start from 15.01.2034" in " ".join(exc.value.messages)
    clock.set(dt.date(2033, 6, 1))
    nxt = services.form_council(actor=registrar, territory=tree["rd_a"], term_start=dt.date(2034, 1, 15))
    assert nxt.term_start == dt.date(2034, 1, 15) and Council.objects.count() == 2


@pytest.mark.parametrize(
    ("start", "message"),
    [
        (dt.date(2020, 1, 1), "has already ended"),
        (dt.date(2031, 6, 1), "at most a year before it starts"),
        (dt.date(1990, 1, 1), "real date"),
        ("2030-01-15", "valid date"),
    ],
)
def test_bad_term_start_is_refused(tree, registrar, start, message):
    with pytest.raises(ValidationError) as exc:
        services.form_council(actor=registrar, territory=tree["rd_a"], term_start=start)
    assert message in " ".join(exc.value.messages)
    assert not Council.objects.exists()


def test_confirming_a_preview_whose_figures_changed_is_refused(tree, registrar):
    plan = services.preview_council(actor=registrar, territory=tree["rd_a"], term_start=TERM_START)
    tree["village_a2"].population = 6000
    tree["village_a2"].save()
    with pytest.raises(ValidationError) as exc:
        services.form_council(
            actor=registrar, territory=tree["rd_a"], term_start=TERM_START, signature=plan.signature
        )
    assert "changed after the preview" in " ".join(exc.value.messages)
    assert not Council.objects.exists()


def test_a_council_belongs_to_a_rural_district(tree, make_staff):
    from auyl.core.roles import Role

    admin = make_staff(Role.ADMINISTRATOR, None)
    with pytest.raises(ValidationError):
        services.form_council(actor=admin, territory=tree["district"], term_start=TERM_START)


def test_only_the_registrar_of_that_district_forms_its_council(tree, other_registrar, council_member, akim):
    for actor in (other_registrar, council_member, akim):
        with pytest.raises(PermissionDenied):
            services.form_council(actor=actor, territory=tree["rd_a"], term_start=TERM_START)
    assert not Council.objects.exists()


def test_term_end_of_a_leap_day_start():
    assert selectors.term_end_for(dt.date(2028, 2, 29), 4) == dt.date(2032, 2, 28)
    assert selectors.term_end_for(dt.date(2028, 2, 29), 3) == dt.date(2031, 2, 27)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("council.term_years", 0, "must be from 1 to 10 years"),
        ("council.term_years", 400, "must be from 1 to 10 years"),
        ("council.seats", 100_000, "is not a council size"),
    ],
)
def test_a_mistyped_region_rule_is_refused_with_the_reason(tree, registrar, key, value, message):
    """A rule typed wrong by an administrator (a term of 0 years would end before it starts) gets a
    message naming the rule, and no council is created."""
    TerritorySetting.objects.create(territory=tree["region"], key=key, value=value)
    with pytest.raises(ValidationError) as exc:
        services.form_council(actor=registrar, territory=tree["rd_a"], term_start=TERM_START)
    assert message in " ".join(exc.value.messages) and key in " ".join(exc.value.messages)
    assert not Council.objects.exists()
