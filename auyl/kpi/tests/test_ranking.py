"""Ranking within a district and a region, and who may see which ranking."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q

from auyl.core.models import TerritorySetting
from auyl.core.roles import Role
from auyl.kpi import selectors
from auyl.territory.models import Level
from auyl.territory.testing import make_unit

from .test_support import AFTER_Q1, Q1, appeal, build_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(tree):
    build_all(tree)
    # Score everything that has any data, so that both units are ranked.
    TerritorySetting.objects.create(territory=tree["region"], key="kpi.min_coverage", value=0.0)


@pytest.fixture
def other_district(tree):
    district = make_unit("112000000", Level.DISTRICT, "Басқа аудан", tree["region"])
    unit = make_unit("112033000", Level.RURAL_DISTRICT, "Басқа округ", district)
    appeal(unit, "C1", "2025-01-05", deadline="2025-01-20", answered="2025-01-25", outcome="refused")
    return {"district": district, "unit": unit}


def test_ranking_within_a_district_best_first_with_trend(data, tree, make_staff):
    supervisor = make_staff(Role.DISTRICT_SUPERVISOR, tree["district"])
    table = selectors.ranking(supervisor, tree["district"], Q1, today=AFTER_Q1)
    cards = {u: selectors.scorecard(None, tree[u], Q1, today=AFTER_Q1) for u in ("rd_a", "rd_b")}
    expected = sorted(cards, key=lambda u: -cards[u].composite)
    assert [row.territory for row in table.rows] == [tree[u] for u in expected]
    assert [row.rank for row in table.rows] == [1, 2]
    for row in table.rows:
        card = cards["rd_a" if row.territory == tree["rd_a"] else "rd_b"]
        assert (row.composite, row.coverage, row.trend) == (card.composite, card.coverage, card.trend)
    assert table.rows[[r.territory for r in table.rows].index(tree["rd_a"])].council_composite == 62.5


def test_ranking_within_a_region_spans_its_districts(data, tree, other_district, make_staff):
    regional = make_staff(Role.REGIONAL_SUPERVISOR, tree["region"])
    table = selectors.ranking(regional, tree["region"], Q1, today=AFTER_Q1)
    assert {row.territory for row in table.rows} == {tree["rd_a"], tree["rd_b"], other_district["unit"]}
    assert [row.rank for row in table.rows] == sorted(row.rank for row in table.rows)


def test_units_without_a_score_come_last_unranked(tree, make_staff):
    make_unit("111037000", Level.RURAL_DISTRICT, "Бос округ", tree["district"])
    appeal(
        tree["rd_a"], "A1", "2025-01-10", deadline="2025-01-25", answered="2025-01-20", outcome="satisfied"
    )
    TerritorySetting.objects.create(territory=tree["region"], key="kpi.min_coverage", value=0.0)
    supervisor = make_staff(Role.DISTRICT_SUPERVISOR, tree["district"])
    table = selectors.ranking(supervisor, tree["district"], Q1, today=AFTER_Q1)
    assert table.rows[0].territory == tree["rd_a"] and table.rows[0].rank == 1
    # rd_b and the empty unit: "no gathering held" is a real zero, so they tie below rd_a.
    assert [row.rank for row in table.rows[1:]] == [2, 2]


def test_a_district_supervisor_sees_their_districts_ranking_only(data, tree, other_district, make_staff):
    supervisor = make_staff(Role.DISTRICT_SUPERVISOR, tree["district"])
    assert selectors.ranking(supervisor, tree["district"], Q1, today=AFTER_Q1).rows
    with pytest.raises(PermissionDenied):
        selectors.ranking(supervisor, tree["region"], Q1, today=AFTER_Q1)
    with pytest.raises(PermissionDenied):
        selectors.ranking(supervisor, other_district["district"], Q1, today=AFTER_Q1)
    with pytest.raises(PermissionDenied):
        selectors.region_scorecards(supervisor, tree["region"], Q1, today=AFTER_Q1)
    assert selectors.rankable_parents(supervisor) == [tree["district"]]


@pytest.mark.parametrize("role", [Role.AKIM, Role.REGISTRAR, Role.EXECUTOR, Role.DEPUTY])
def test_the_evaluated_cannot_rank(data, tree, make_staff, role):
    user = make_staff(role, tree["district"])
    with pytest.raises(PermissionDenied):
        selectors.ranking(user, tree["district"], Q1, today=AFTER_Q1)
    assert selectors.rankable_parents(user) == []


def test_anonymous_readers_cannot_rank(data, tree):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        selectors.ranking(AnonymousUser(), tree["district"], Q1, today=AFTER_Q1)


def test_a_regional_supervisor_ranks_the_region_and_its_districts(data, tree, other_district, make_staff):
    regional = make_staff(Role.REGIONAL_SUPERVISOR, tree["region"])
    parents = selectors.rankable_parents(regional)
    assert parents == list(
        type(tree["region"])
        .objects.filter(Q(pk=tree["region"].pk) | Q(level=Level.DISTRICT))
        .order_by("path")
    )
    assert len(selectors.region_scorecards(regional, tree["region"], Q1, today=AFTER_Q1)) == 3


def test_rankings_are_made_within_a_district_or_region(data, tree, make_staff):
    regional = make_staff(Role.REGIONAL_SUPERVISOR, tree["region"])
    with pytest.raises(ValidationError):
        selectors.ranking(regional, tree["rd_a"], Q1, today=AFTER_Q1)
