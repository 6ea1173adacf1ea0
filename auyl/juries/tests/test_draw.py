"""The published algorithm, as pure functions, and an independent re-implementation of it."""

import hashlib
import json
import random

from auyl.juries import draw


def test_age_bands_follow_the_published_bounds():
    bounds = [18, 30, 45, 60]
    assert [draw.age_band(a, bounds) for a in (18, 29, 30, 44, 45, 59, 60, 95)] == [
        "18-29",
        "18-29",
        "30-44",
        "30-44",
        "45-59",
        "45-59",
        "60+",
        "60+",
    ]


def test_allocation_is_proportional_with_largest_remainders_and_documented_ties():
    # 15 seats over 60 people: quotas 2.5 (four strata of 10) and 1.25 (four strata of 5).
    counts = {"a1": 10, "a2": 10, "a3": 10, "a4": 10, "b1": 5, "b2": 5, "b3": 5, "b4": 5}
    seats = draw.allocate(counts, 15)
    assert sum(seats.values()) == 15
    # Three extra seats go to the largest remainders (.5); the tie among a1..a4 goes by name.
    assert seats == {"a1": 3, "a2": 3, "a3": 3, "a4": 2, "b1": 1, "b2": 1, "b3": 1, "b4": 1}
    # A tie in remainder goes first to the larger stratum.
    assert draw.allocate({"x": 1, "y": 3}, 2) == {"y": 2}  # remainders .5 and .5
    assert draw.allocate({"x": 3, "y": 5}, 4) == {"x": 1, "y": 3}  # remainders .5 and .5: y is larger


def test_allocation_never_gives_a_stratum_more_seats_than_people():
    rng = random.Random(7)
    for _ in range(300):
        counts = {f"s{i}": rng.randint(1, 12) for i in range(rng.randint(1, 12))}
        size = rng.randint(1, min(25, sum(counts.values())))
        seats = draw.allocate(counts, size)
        assert sum(seats.values()) == size
        assert all(seats[k] <= counts[k] for k in seats)


def _pool():
    return draw.canonical_pool(
        (hashlib.sha256(str(i).encode()).hexdigest()[:16], f"s{i % 4}") for i in range(40)
    )


def test_selection_depends_on_the_seed_only():
    pool = _pool()
    first = draw.select("seed-1", pool, 15)
    assert first == draw.select("seed-1", list(reversed(pool)), 15)
    assert first != draw.select("seed-2", pool, 15)
    assert sum(len(t) for t in first.values()) == 15


def test_pool_hash_changes_with_any_entry():
    pool = _pool()
    changed = [list(e) for e in pool]
    changed[3][1] = "s9"
    assert draw.pool_hash(pool) != draw.pool_hash(changed)


def test_a_third_party_reimplementation_from_the_published_description_agrees():
    """What the public page describes, written with hashlib and json only."""
    pool = _pool()
    seed = hashlib.sha256(b"7 14 21|jury-5").hexdigest()
    assert seed == draw.derive_seed("7 14 21", 5)
    assert hashlib.sha256(json.dumps(pool, separators=(",", ":")).encode()).hexdigest() == draw.pool_hash(
        pool
    )
    strata = {}
    for token, stratum in pool:
        strata.setdefault(stratum, []).append(token)
    # Four strata of 10 and 15 seats: 3.75 each -> 3 each, 3 remainders .75 by name -> s0, s1, s2 get 4.
    seats = {"s0": 4, "s1": 4, "s2": 4, "s3": 3}
    mine = {
        s: sorted(t, key=lambda x: hashlib.sha256(f"{seed}:{x}".encode()).hexdigest())[: seats[s]]
        for s, t in strata.items()
    }
    assert mine == draw.select(seed, pool, 15)


def test_replacement_is_the_next_in_the_stratum_and_none_when_exhausted():
    pool = [["t1", "s"], ["t2", "s"], ["t3", "s"]]
    order = draw.ordered_strata("x", pool)["s"]
    assert draw.next_in_stratum("x", pool, "s", {order[0]}) == order[1]
    assert draw.next_in_stratum("x", pool, "s", set(order)) is None
