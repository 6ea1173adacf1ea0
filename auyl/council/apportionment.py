"""Seats of a council apportioned to the settlements of its rural district.

The sources fix two things only: the number of council members depends on the population of the
unit, and every settlement is represented (``001:431-433``). Neither the method nor the size of the
council is in the sources; the size is the per-region rule ``council.seats`` and the method is:

**One seat each, then the largest remainder (Hamilton) for the rest.**

1. Every settlement with residents gets one seat (the guaranteed representation of ``001:433``).
2. The remaining ``R = seats - settlements`` seats are shared in proportion to population: each
   settlement's quota is ``R * population / total population``; it first gets the whole part of its
   quota, then the seats still left go one each to the largest fractional remainders.
3. Ties of remainders are broken by the larger population, then by the lower KATO code (so the same
   figures always give the same council); a seat decided by that last step is flagged ``tie`` and
   the preview says so, because the council may prefer to settle it by lot.

Arithmetic is exact (integers, no floating point): the remainder of settlement ``i`` is
``R * p_i mod P`` over the common denominator ``P``.

Why this method: it is the one most people can recompute by hand on a sheet of paper (quota, whole
part, largest remainders), it never gives a settlement fewer seats than the whole part of its quota
nor more than one above it, and with the guaranteed first seat it keeps the small villages of a rural
district represented without a formula. Its known weakness (the Alabama paradox: one more seat in
total may cost a settlement a seat) matters little for a body whose size changes only by a rule.

Edge cases:
- a settlement with population 0 gets no seat (nobody could hold it: a member lives in the
  settlement whose seat they hold) and is listed as such;
- more settlements with residents than seats: :class:`ApportionmentError` naming both numbers;
- no settlement with residents at all: :class:`ApportionmentError`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

METHOD = "largest_remainder"


class ApportionmentError(ValueError):
    """The seats cannot be apportioned: ``code`` says why (``too_few_seats`` / ``no_population``)."""

    def __init__(self, code: str, *, seats: int = 0, settlements: int = 0):
        super().__init__(code)
        self.code = code
        self.seats = seats
        self.settlements = settlements


@dataclass(frozen=True)
class Claim:
    """One settlement asking for seats: ``key`` identifies it, ``order`` is its KATO code."""

    key: object
    order: str
    population: int


@dataclass(frozen=True)
class Share:
    key: object
    order: str
    population: int
    guaranteed: int  # 1, or 0 for a settlement without residents
    quota: Fraction  # proportional share of the seats left after the guaranteed ones
    whole: int  # whole part of the quota
    by_remainder: int  # 1 when a largest-remainder seat went here
    tie: bool  # the remainder seat was decided by population or code between equal remainders

    @property
    def seats(self) -> int:
        return self.guaranteed + self.whole + self.by_remainder


@dataclass(frozen=True)
class Apportionment:
    seats: int
    population: int
    shares: list[Share]

    @property
    def has_tie(self) -> bool:
        return any(share.tie for share in self.shares)

    def seats_by_key(self) -> dict:
        return {share.key: share.seats for share in self.shares}


def apportion(claims: Sequence[Claim], seats: int) -> Apportionment:
    """Apportion ``seats`` among ``claims`` by the method of this module (see its docstring)."""
    if any(claim.population < 0 for claim in claims):
        raise ValueError("population must not be negative")
    claims = sorted(claims, key=lambda c: c.order)
    inhabited = [claim for claim in claims if claim.population > 0]
    total = sum(claim.population for claim in inhabited)
    if not inhabited:
        raise ApportionmentError("no_population", seats=seats, settlements=len(claims))
    if seats < len(inhabited):
        raise ApportionmentError("too_few_seats", seats=seats, settlements=len(inhabited))
    rest = seats - len(inhabited)
    whole = {id(c): rest * c.population // total for c in inhabited}
    left = rest - sum(whole.values())
    # Largest remainder first; then larger population; then lower code.
    ranked = sorted(inhabited, key=lambda c: (-(rest * c.population % total), -c.population, c.order))
    winners = {id(c) for c in ranked[:left]}
    tied = _decided_by_tie_break(ranked, left, rest, total)
    shares = []
    for claim in claims:
        if claim.population == 0:
            shares.append(Share(claim.key, claim.order, 0, 0, Fraction(0), 0, 0, False))
            continue
        shares.append(
            Share(
                claim.key,
                claim.order,
                claim.population,
                1,
                Fraction(rest * claim.population, total),
                whole[id(claim)],
                int(id(claim) in winners),
                id(claim) in tied,
            )
        )
    return Apportionment(seats, total, shares)


def _decided_by_tie_break(ranked: list[Claim], left: int, rest: int, total: int) -> set[int]:
    """Claims on either side of the cut whose remainder equals the last winner's: the tie-break
    (population, code) decided between them."""
    if left == 0 or left >= len(ranked):
        return set()
    cut = rest * ranked[left - 1].population % total
    if rest * ranked[left].population % total != cut:
        return set()
    return {id(c) for c in ranked if rest * c.population % total == cut}
