"""Greedy and MES against pabutools 1.2.3 (the oracle): real pabulib elections and generated ones."""

import random
from pathlib import Path

import pytest
from pabutools.election import parse_pabulib

from auyl.initiatives import outcomes, pabulib
from auyl.initiatives.outcomes import Instance

DATA = Path(__file__).resolve().parent / "data"
REAL = ["France_Toulouse_2022.pb", "Poland_Warszawa_2023_Ursus.pb", "Poland_Lodz_2022.pb"]
RULES = {"greedy": outcomes.greedy, "mes": outcomes.mes}


@pytest.fixture(scope="module", params=REAL)
def real(request):
    """Our parse of a real file and pabutools' winners from its own parse, computed once per module
    (Łódź takes pabutools about 25 s per rule)."""
    path = DATA / request.param
    _, instance = pabulib.parse(path)
    converted = parse_pabulib(str(path))
    expected = {rule: pabulib.pabutools_winners(instance, rule, converted) for rule in RULES}
    return request.param, instance, expected


@pytest.mark.parametrize("rule", sorted(RULES))
def test_real_elections_equal_pabutools(real, rule):
    name, instance, expected = real
    outcome = RULES[rule](instance)
    assert outcome.winners == expected[rule], name
    costs = dict(zip(instance.project_ids, instance.costs, strict=True))
    assert outcome.spent == sum(costs[w] for w in outcome.winners) <= instance.budget
    assert [s.project_id for s in outcome.steps if s.selected] == outcome.winners
    assert sorted(s.project_id for s in outcome.steps) == sorted(instance.project_ids)


def _random_instance(rng: random.Random) -> Instance:
    """Small elections built to tie: few distinct costs, shares like budget / 7, free and unvoted projects."""
    m = rng.randint(1, 8)
    n = rng.choice([0, 1, 2, 3, 5, 7, 10, 12, 30, 60])
    ids = rng.sample([str(i) for i in range(1, 25)], m)  # string order: "10" before "9"
    unit = rng.choice([1, 3, 7, 10])
    costs = [
        unit * rng.choice([0, 1, 1, 2, 2, 3, 4, 6]) if rng.random() < 0.9 else rng.randint(1, 50) for _ in ids
    ]
    budget = rng.choice([sum(costs) // 2, sum(costs) // 3, n * unit, rng.randint(0, sum(costs) + 1)])
    weights = [rng.random() for _ in ids]
    ballots = [sorted(p for p in range(m) if rng.random() < weights[p]) for _ in range(n)]
    tie_order = rng.choice([None, None, outcomes.tie_order_by_cost(ids, costs), rng.sample(range(m), m)])
    return Instance(budget, ids, costs, ballots, tie_order)


@pytest.mark.parametrize("seed", range(4))
def test_generated_elections_equal_pabutools(seed):
    rng = random.Random(seed)
    for _ in range(100):
        instance = _random_instance(rng)
        converted = pabulib.to_pabutools(instance)
        for rule, function in RULES.items():
            assert function(instance).winners == pabulib.pabutools_winners(instance, rule, converted), (
                instance
            )


# Elections where MES in floats (pabutools with FRACTION = "float") picks other winners than in exact
# arithmetic, found by the generator above; ours must give the exact ones.
FLOAT_TRAPS = [
    (Instance(2, ["5", "9", "17"], [1, 3, 2], [[2]] * 10 + [[1, 2]] * 19 + [[0, 2]]), ["17"]),
    (
        Instance(
            18,
            ["6", "22", "13", "17", "21"],
            [6, 3, 12, 3, 6],
            [[0, 2, 4], [1, 2, 3, 4], [1, 2, 4], [0, 1, 2, 3, 4], [1, 2, 4]],
        ),
        ["13", "21"],
    ),
    (
        Instance(
            5,
            ["10", "13", "16", "5"],
            [6, 0, 1, 3],
            [
                [0, 2, 3],
                [0, 1, 3],
                [2, 3],
                [1, 3],
                [1, 3],
                [0, 2, 3],
                [0, 1, 3],
                [0, 2, 3],
                [0, 1, 3],
                [1, 2, 3],
            ],
        ),
        ["5", "16"],
    ),
    (
        Instance(
            7,
            ["17", "4", "11", "10", "1", "7"],
            [1, 3, 1, 1, 1, 4],
            [[0, 1, 2, 3], [0, 1, 5], [0, 1, 3], [1, 3], [5], [0, 1, 2, 3, 5], [0]],
            tie_order=[4, 3, 2, 0, 1, 5],
        ),
        ["17", "4", "10"],
    ),
]


@pytest.mark.parametrize("instance, winners", FLOAT_TRAPS)
def test_mes_is_exact_where_floats_are_not(instance, winners):
    import pabutools.fractions

    assert pabulib.pabutools_winners(instance, "mes") == winners
    assert outcomes.mes(instance).winners == winners
    pabutools.fractions.FRACTION = pabutools.fractions.FLOAT_FRAC
    try:
        assert pabulib.pabutools_winners(instance, "mes") != winners
    finally:
        pabutools.fractions.FRACTION = pabutools.fractions.GMPY_FRAC


def _majority_and_minority(tie_order=None) -> Instance:
    """Ten voters, 100 tenge: seven want the parks X1 and X2 (50 each), three the lamp Y (30)."""
    ballots = [[0, 1]] * 7 + [[2]] * 3
    return Instance(100, ["X1", "X2", "Y"], [50, 50, 30], ballots, tie_order)


def test_greedy_explains_each_project():
    outcome = outcomes.greedy(_majority_and_minority())
    assert outcome.rule == "greedy" and outcome.winners == ["X1", "X2"] and outcome.spent == 100
    assert [
        (s.project_id, s.votes, s.cost, s.selected, s.remaining_before, s.reason) for s in outcome.steps
    ] == [
        ("X1", 7, 50, True, 100, "selected"),
        ("X2", 7, 50, True, 50, "selected"),
        ("Y", 3, 30, False, 0, "over_budget"),
    ]


def test_mes_gives_the_minority_its_share_and_explains_it():
    outcome = outcomes.mes(_majority_and_minority())
    assert outcome.rule == "mes" and outcome.winners == ["X1", "Y"] and outcome.spent == 80
    steps = [
        (s.project_id, s.selected, s.remaining_before, s.reason, s.share_per_voter, s.supporters_funds)
        for s in outcome.steps
    ]
    assert steps == [
        ("X1", True, 100, "selected", 7, None),  # each of the seven pays 50/7
        ("X2", False, 50, "mes_unaffordable", None, 20),  # the seven hold 7 × 20/7 = 20 < 50
        ("Y", True, 50, "selected", 10, None),
    ]


def test_tie_order_decides_between_equal_projects():
    assert outcomes.mes(_majority_and_minority()).winners[0] == "X1"
    assert outcomes.mes(_majority_and_minority(tie_order=[1, 0, 2])).winners[0] == "X2"
    assert outcomes.greedy(_majority_and_minority(tie_order=[1, 0, 2])).winners == ["X2", "X1"]


def test_lexicographic_default_and_cost_tie_order():
    ids, costs = ["9", "10", "11"], [5, 5, 4]
    instance = Instance(5, ids, costs, [[0, 1, 2]])
    assert outcomes.greedy(instance).winners == ["10"]  # "10" < "11" < "9" as strings, as pabutools
    by_cost = Instance(5, ids, costs, [[0, 1, 2]], outcomes.tie_order_by_cost(ids, costs))
    assert outcomes.greedy(by_cost).winners == ["11"]
    assert pabulib.pabutools_winners(by_cost, "greedy") == ["11"]


def test_unvoted_and_free_projects_follow_pabutools():
    instance = Instance(10, ["a", "b", "c", "d"], [6, 0, 3, 5], [[0, 1], [0], [3]])
    greedy = outcomes.greedy(instance)
    assert greedy.winners == ["a", "b", "c"] == pabulib.pabutools_winners(instance, "greedy")
    assert {s.project_id: s.reason for s in greedy.steps} == {
        "a": "selected",
        "b": "selected",
        "c": "selected_without_votes",
        "d": "over_budget",
    }
    mes = outcomes.mes(instance)
    assert mes.winners == ["a"] == pabulib.pabutools_winners(instance, "mes")
    assert {s.project_id: s.reason for s in mes.steps} == {
        "a": "selected",
        "d": "mes_unaffordable",
        "b": "zero_cost",
        "c": "no_support",
    }


def test_no_voters_and_empty_ballots():
    nobody = Instance(10, ["a"], [5], [])
    assert outcomes.mes(nobody).winners == [] and outcomes.mes(nobody).steps[0].reason == "no_support"
    assert outcomes.greedy(nobody).winners == ["a"]
    blank = Instance(10, ["a", "b"], [6, 5], [[], [], [0]])  # blank ballots still hold a share
    assert outcomes.mes(blank).winners == [] == pabulib.pabutools_winners(blank, "mes")


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"costs": [1]}, "differ in length"),
        ({"project_ids": ["a", "a"]}, "unique"),
        ({"costs": [1, -1]}, "non-negative integers"),
        ({"costs": [1, 1.5]}, "non-negative integers"),
        ({"budget": -1}, "non-negative integers"),
        ({"tie_order": [0, 0]}, "permutation"),
    ],
)
def test_invalid_instances_are_refused(kwargs, message):
    fields = {"budget": 5, "project_ids": ["a", "b"], "costs": [1, 2], "ballots": [[0]], **kwargs}
    with pytest.raises(ValueError, match=message):
        Instance(**fields)


@pytest.mark.parametrize(
    "ballots, message", [([[2]], "out of range"), ([[0, 0]], "twice"), ([[-1]], "out of range")]
)
@pytest.mark.parametrize("rule", sorted(RULES))
def test_invalid_ballots_are_refused(rule, ballots, message):
    with pytest.raises(ValueError, match=message):
        RULES[rule](Instance(5, ["a", "b"], [1, 2], ballots))
