"""The apportionment method: one seat per inhabited settlement, then the largest remainder."""

import random
from fractions import Fraction

import pytest

from auyl.council.apportionment import ApportionmentError, Claim, apportion


def seats(populations: dict[str, int], total: int) -> dict[str, int]:
    return apportion([Claim(code, code, p) for code, p in populations.items()], total).seats_by_key()


def test_krasnoyarsky_big_village_takes_the_proportional_seats_small_one_keeps_its_seat():
    assert seats({"111033100": 12361, "111033200": 44}, 9) == {"111033100": 8, "111033200": 1}


def test_worked_example_by_hand():
    # 4 guaranteed seats, 6 shared: quotas 3.0, 1.8, 0.9, 0.3 -> whole 3, 1, 0, 0; the two seats left go
    # to the largest remainders .9 (C) and .8 (B).
    result = apportion(
        [Claim("A", "1", 5000), Claim("B", "2", 3000), Claim("C", "3", 1500), Claim("D", "4", 500)], 10
    )
    assert result.seats_by_key() == {"A": 4, "B": 3, "C": 2, "D": 1}
    quotas = {share.key: share.quota for share in result.shares}
    assert quotas == {"A": 3, "B": Fraction(9, 5), "C": Fraction(9, 10), "D": Fraction(3, 10)}
    assert not result.has_tie


def test_more_settlements_than_seats_is_a_clear_error():
    with pytest.raises(ApportionmentError) as exc:
        seats({"1": 10, "2": 10, "3": 10}, 2)
    assert (exc.value.code, exc.value.seats, exc.value.settlements) == ("too_few_seats", 2, 3)


def test_exactly_one_seat_per_settlement_when_seats_equal_settlements():
    assert seats({"1": 1000, "2": 10, "3": 1}, 3) == {"1": 1, "2": 1, "3": 1}


def test_equal_remainders_go_to_the_larger_population_even_with_a_higher_code():
    # One seat left to share; remainders 2/4 each; B has more people.
    result = apportion([Claim("A", "100", 1), Claim("B", "200", 3)], 4)
    assert result.seats_by_key() == {"A": 1, "B": 3}
    assert result.has_tie and all(share.tie for share in result.shares)


def test_full_tie_goes_to_the_lower_code_and_is_flagged():
    result = apportion([Claim("second", "222", 100), Claim("first", "111", 100)], 3)
    assert result.seats_by_key() == {"first": 2, "second": 1}
    assert [share.tie for share in result.shares] == [True, True]


def test_settlement_without_residents_gets_no_seat_and_does_not_count_against_the_others():
    assert seats({"1": 600, "2": 0, "3": 400}, 4) == {"1": 2, "2": 0, "3": 2}
    assert seats({"1": 600, "2": 0}, 1) == {"1": 1, "2": 0}


def test_no_population_anywhere_is_a_clear_error():
    with pytest.raises(ApportionmentError) as exc:
        seats({"1": 0, "2": 0}, 5)
    assert exc.value.code == "no_population"


def test_same_figures_give_the_same_council_whatever_the_order_of_input():
    claims = [Claim(str(i), f"{i:03}", p) for i, p in enumerate([70, 30, 30, 5, 5, 5])]
    reference = apportion(claims, 11).seats_by_key()
    for seed in range(20):
        shuffled = claims[:]
        random.Random(seed).shuffle(shuffled)
        assert apportion(shuffled, 11).seats_by_key() == reference


def test_properties_hold_on_many_random_districts():
    """Every seat is given; every inhabited settlement has one guaranteed seat plus the whole part of its
    quota, and at most one more (the quota rule of the largest remainder method)."""
    rng = random.Random(2026)
    for _case in range(500):
        n = rng.randint(1, 12)
        populations = [rng.choice([0, rng.randint(1, 50), rng.randint(1, 20000)]) for _ in range(n)]
        if not any(populations):
            populations[0] = 1
        inhabited = sum(1 for p in populations if p)
        total = rng.randint(inhabited, inhabited + 25)
        result = apportion([Claim(i, f"{i:02}", p) for i, p in enumerate(populations)], total)
        assert sum(share.seats for share in result.shares) == total
        for share in result.shares:
            if share.population == 0:
                assert share.seats == 0
                continue
            floor = share.quota.numerator // share.quota.denominator
            assert 1 + floor <= share.seats <= 2 + floor
