"""Outcome rules of a civic-project vote: greedy and the Method of Equal Shares, with cost satisfaction.

Pure functions over an :class:`Instance` (no database). Both rules give exactly the winners, in the same
order, of pabutools 1.2.3 called as its defaults do (``tests/test_outcomes.py`` checks this on the real
pabulib files and on generated elections)::

    greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
    method_of_equal_shares(instance, profile, sat_class=Cost_Sat)

that is: resolute; ties broken by ``lexico_tie_breaking`` (project ids in plain string order, so "10"
comes before "9") unless :attr:`Instance.tie_order` says otherwise (:func:`tie_order_by_cost` gives
"lower cost first, then id"); and for MES no completion (``voter_budget_increment=None``): the basic
method, whose unspent money stays unspent.

**Greedy.** With cost satisfaction a project gives votes × cost of satisfaction, per tenge: its votes.
Projects are taken in order of votes (ties: tie order) whenever they fit the money left. As in pabutools,
a project nobody voted for is still taken if it fits when its turn comes (reason ``selected_without_votes``),
and a free project (cost 0) gives no satisfaction, so it comes with the unvoted ones and always fits.

**MES.** Each of the n voters holds budget / n. A project of cost c is affordable while its supporters
together still hold c; its price per supporter ρ solves Σ min(bᵢ, ρ) = c over its supporters (equal
shares; who holds less pays all they have). Each round MES takes the affordable project with the least
ρ / c (money per unit of satisfaction; ties: tie order), its supporters pay, until nothing is affordable.
Free projects and projects without votes are never considered (pabutools: no satisfaction, no supporter).

**Exactness.** pabutools computes MES in rationals (gmpy2 ``mpq``). Floats alone would change winners where
the rule compares equal quantities: (1) two projects' ρ / c equal (every round-one pair with the same
number of votes, 1/k = 1/k; later ones computed along different paths), decided by the tie order in
exact arithmetic but by rounding noise in floats; (2) supporters holding exactly the cost (budget / n
summed is rarely exact in floats); (3) a voter holding exactly ρ (pays all or leaves a rounding crumb
that funds a later project); pabutools itself in floats (``FRACTION = "float"``) picks other winners in
about 1 of 300 generated elections (``FLOAT_TRAPS`` in the tests). So budgets are floats with an error
bound, every decision whose float margin is inside that bound is redone exactly with
:class:`~fractions.Fraction`, and every winner's price is computed exactly: a voter who never ran out
holds budget/n − Σ ρ of the winners she supported, so an exact sum over voters needs only per-winner
counts (a bit per winner and voter) and integer arithmetic. On the real files the exact path is taken
only for the winners' prices (one per round).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from itertools import chain

import numpy as np

SELECTED = "selected"
SELECTED_WITHOUT_VOTES = "selected_without_votes"  # greedy: nobody voted for it, but it fitted
OVER_BUDGET = "over_budget"  # greedy: its cost exceeded the money left at its turn
MES_UNAFFORDABLE = "mes_unaffordable"  # MES: its supporters no longer held enough together
NO_SUPPORT = "no_support"  # MES: nobody voted for it, never considered
ZERO_COST = "zero_cost"  # MES: free projects give no cost satisfaction, never considered (as pabutools)
REASONS = (SELECTED, SELECTED_WITHOUT_VOTES, OVER_BUDGET, MES_UNAFFORDABLE, NO_SUPPORT, ZERO_COST)
_EPS = float(np.finfo(np.float64).eps)


@dataclass(frozen=True)
class Instance:
    """One election. Costs and budget in whole tenge; ``ballots[v]`` lists the indexes (into
    ``project_ids``) of the projects voter v approved (approval) or chose (knapsack), each at most once.
    ``tie_order`` is a permutation of the project indexes, the project that wins ties first; None means
    pabutools' default (ids in string order)."""

    budget: int
    project_ids: list[str]
    costs: list[int]
    ballots: list[list[int]]
    tie_order: list[int] | None = None

    def __post_init__(self):
        m = len(self.project_ids)
        if len(self.costs) != m:
            raise ValueError("project_ids and costs differ in length")
        if len(set(self.project_ids)) != m:
            raise ValueError("project ids must be unique")
        if not all(_is_int(c) and c >= 0 for c in [self.budget, *self.costs]):
            raise ValueError("the budget and the costs must be non-negative integers")
        if self.tie_order is not None and sorted(self.tie_order) != list(range(m)):
            raise ValueError("tie_order must be a permutation of the project indexes")


@dataclass(frozen=True)
class Step:
    """One project in the order the rule considered it. ``remaining_before``: money not yet given to
    winners at its turn. MES only, for the explanation, rounded to whole tenge: ``share_per_voter`` (a
    winner: what each supporter who could paid, ρ) and ``supporters_funds`` (dropped as unaffordable:
    what its supporters still held together, less than its cost)."""

    project_id: str
    votes: int
    cost: int
    selected: bool
    remaining_before: int
    reason: str
    share_per_voter: int | None = None
    supporters_funds: int | None = None


@dataclass(frozen=True)
class Outcome:
    rule: str  # "greedy" or "mes"
    winners: list[str]  # in order of selection
    spent: int
    steps: list[Step]


def tie_order_by_cost(project_ids: list[str], costs: list[int]) -> list[int]:
    """A tie order favouring the cheaper project, then the smaller id (string order)."""
    return sorted(range(len(project_ids)), key=lambda i: (costs[i], project_ids[i]))


def _is_int(value) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool)


@dataclass(frozen=True)
class _Arrays:
    n: int
    costs: list[int]
    votes: list[int]
    rank: list[int]  # position of each project in the tie order
    ptr: np.ndarray  # supporters of project p: voters[ptr[p]:ptr[p + 1]], ascending
    voters: np.ndarray


def _arrays(instance: Instance) -> _Arrays:
    """Validate the ballots and index them by project (a stable counting sort: voters stay ascending)."""
    m, n = len(instance.project_ids), len(instance.ballots)
    lengths = np.fromiter(map(len, instance.ballots), np.int64, count=n)
    flat = np.fromiter(chain.from_iterable(instance.ballots), np.int64, count=int(lengths.sum()))
    if flat.size and (flat.min() < 0 or flat.max() >= m):
        raise ValueError("a ballot names a project index out of range")
    order = np.argsort(flat.astype(np.int16 if m < 2**15 else np.int32), kind="stable")
    voters = np.repeat(np.arange(n, dtype=np.int64), lengths)[order]
    projects = flat[order]
    if np.any((voters[1:] == voters[:-1]) & (projects[1:] == projects[:-1])):
        raise ValueError("a ballot names the same project twice")
    votes = np.bincount(flat, minlength=m)
    tie_order = instance.tie_order
    if tie_order is None:
        tie_order = sorted(range(m), key=instance.project_ids.__getitem__)
    rank = [0] * m
    for position, p in enumerate(tie_order):
        rank[p] = position
    ptr = np.concatenate(([0], np.cumsum(votes)))
    return _Arrays(n, [int(c) for c in instance.costs], votes.tolist(), rank, ptr, voters)


def greedy(instance: Instance) -> Outcome:
    """Greedy utilitarian welfare with cost satisfaction (= pabutools ``greedy_utilitarian_welfare``)."""
    a = _arrays(instance)
    ids = instance.project_ids
    density = [v if c > 0 else 0 for v, c in zip(a.votes, a.costs, strict=True)]
    order = sorted(range(len(ids)), key=lambda p: (-density[p], a.rank[p]))
    remaining, winners, steps = instance.budget, [], []
    for p in order:
        cost, votes = a.costs[p], a.votes[p]
        chosen = cost <= remaining
        if chosen:
            reason = SELECTED if votes > 0 else SELECTED_WITHOUT_VOTES
        else:
            reason = OVER_BUDGET
        steps.append(Step(ids[p], votes, cost, chosen, remaining, reason))
        if chosen:
            winners.append(ids[p])
            remaining -= cost
    return Outcome("greedy", winners, instance.budget - remaining, steps)


class _Budgets:
    """Voters' money during MES: floats ``b`` within ``err`` of the exact values, plus what makes exact
    values cheap to recover: ``out`` (ran out: holds exactly 0), ``bits`` (bit q: supported winner q)
    and the exact price of winner q, ``nums[q] / den``. A voter not ``out`` holds budget/n − Σ of her
    winners' ρ, i.e. (``start_num`` − Σ ``nums``) / ``den``: integer sums, one Fraction at the end."""

    def __init__(self, a: _Arrays, budget: int):
        self.a = a
        self.start = Fraction(budget, a.n)
        self.start_f = budget / a.n
        self.b = np.full(a.n, self.start_f)
        self.out = np.zeros(a.n, dtype=bool)
        self.bits = np.zeros((a.n, 1), dtype="<u8")
        self.den, self.start_num = self.start.denominator, self.start.numerator
        self.nums: list[int] = []
        self.err = 4 * _EPS * self.start_f

    def supporters(self, p: int) -> np.ndarray:
        return self.a.voters[self.a.ptr[p] : self.a.ptr[p + 1]]

    def exact_sum(self, voters: np.ndarray) -> Fraction:
        live = voters[~self.out[voters]]
        total = len(live) * self.start_num
        if self.nums and live.size:
            counts = np.unpackbits(self.bits[live].view(np.uint8), axis=1, bitorder="little").sum(axis=0)
            total -= sum(num * k for num, k in zip(self.nums, counts.tolist(), strict=False) if k)
        return Fraction(total, self.den)

    def exact_values(self, voters: np.ndarray) -> tuple[list[Fraction], np.ndarray]:
        """The distinct exact budgets of ``voters``, ascending, and each voter's index into them."""
        keys = np.concatenate([self.bits[voters], self.out[voters, None].astype("<u8")], axis=1)
        unique, inverse = np.unique(keys, axis=0, return_inverse=True)
        flags = np.unpackbits(unique[:, :-1].view(np.uint8), axis=1, bitorder="little")
        values = [
            Fraction(0)
            if row_out
            else Fraction(self.start_num - sum(self.nums[q] for q in np.flatnonzero(row)), self.den)
            for row, row_out in zip(flags, unique[:, -1].tolist(), strict=True)
        ]
        order = sorted(range(len(values)), key=values.__getitem__)
        position = np.empty(len(order), dtype=np.int64)
        position[order] = np.arange(len(order))
        return [values[i] for i in order], position[inverse.reshape(-1)]

    def float_price(self, p: int) -> tuple[float, float] | None:
        """ρ of project p in floats and a bound on its error; None when its supporters cannot pay
        (decided exactly when the float sum is too close to the cost)."""
        c, s = self.a.costs[p], self.supporters(p)
        k, money = len(s), self.b[s]
        total = float(money.sum())
        slack = k * self.err + 2 * k * _EPS * (abs(total) + c)
        if total + slack < c or (total - slack < c and self.exact_sum(s) < c):
            return None
        if money.min() >= c / k:
            j, rho = 0, c / k
        else:
            money.sort()
            paid = np.concatenate(([0.0], np.cumsum(money[:-1])))
            candidates = (c - paid) / np.arange(k, 0, -1)
            fits = candidates <= money
            j = int(fits.argmax()) if fits.any() else k - 1
            rho = float(candidates[j])
        # Moving each of k budgets by err moves ρ by at most (k + 1) err (Σ min(bᵢ, ρ) = c has slope ≥ 1
        # around ρ: someone pays ρ in full), plus the rounding of the j-term prefix sum and the division.
        return rho, 8 * ((k + 1) * self.err + (j + 2) * _EPS * c + _EPS * rho)

    def exact_price(self, p: int, rho_f: float, rho_err: float) -> tuple[Fraction, np.ndarray]:
        """Exact ρ of p and the mask (over its supporters) of those it leaves with nothing."""
        c, s = self.a.costs[p], self.supporters(p)
        money, tol = self.b[s], self.err + rho_err
        poor = money < rho_f - tol
        unsure = ~poor & (money <= rho_f + tol)
        paid, n_poor = self.exact_sum(s[poor]), int(poor.sum())
        rho = (c - paid) / (len(s) - n_poor)
        if unsure.any():
            values, index = self.exact_values(s[unsure])
            counts = np.bincount(index, minlength=len(values)).tolist()
            for value, count in zip(values, counts, strict=True):
                if rho <= value:
                    break
                paid, n_poor = paid + value * count, n_poor + count
                rho = (c - paid) / (len(s) - n_poor)
            emptied = np.array([value <= rho for value in values])[index]
            poor[np.flatnonzero(unsure)[emptied]] = True
        return Fraction(rho), poor

    def pay(self, p: int, rho: Fraction, poor: np.ndarray) -> None:
        s = self.supporters(p)
        self.b[s[poor]] = 0.0
        self.out[s[poor]] = True
        self.b[s[~poor]] -= float(rho)
        word, bit = divmod(len(self.nums), 64)
        if word == self.bits.shape[1]:
            self.bits = np.hstack([self.bits, np.zeros((self.a.n, 1), dtype="<u8")])
        self.bits[s, word] |= np.uint64(1 << bit)
        den = math.lcm(self.den, rho.denominator)
        if den != self.den:
            scale, self.den = den // self.den, den
            self.start_num *= scale
            self.nums = [num * scale for num in self.nums]
        self.nums.append(rho.numerator * (den // rho.denominator))
        self.err += 4 * _EPS * self.start_f


def _mes_round(money: _Budgets, active: list[int], lower: dict[int, float]):
    """One MES round: the projects found unaffordable, and the winner with its exact price (or None).
    ``lower[p]`` is a lower bound of p's ρ / c; those cannot fall, so projects are priced from the
    lowest bound up and the search stops once a bound exceeds the best price found (as pabutools)."""
    costs, dropped, priced, best = money.a.costs, [], {}, math.inf
    for p in sorted(active, key=lower.__getitem__):
        if lower[p] > best:
            break
        price = money.float_price(p)
        if price is None:
            dropped.append(p)
            continue
        ratio = price[0] / costs[p]
        margin = price[1] / costs[p] + 4 * _EPS * ratio
        lower[p] = ratio - margin
        priced[p] = price
        best = min(best, ratio + margin)
    close = [p for p in priced if lower[p] <= best]
    if not close:
        return dropped, None
    exact = {p: money.exact_price(p, *priced[p]) for p in close}
    if len(close) > 1:
        least = min(exact[p][0] / costs[p] for p in close)
        close = [p for p in close if exact[p][0] / costs[p] == least]
    winner = min(close, key=money.a.rank.__getitem__)
    return dropped, (winner, *exact[winner])


def mes(instance: Instance) -> Outcome:
    """Method of Equal Shares with cost satisfaction, no completion (= pabutools ``method_of_equal_shares``)."""
    a = _arrays(instance)
    ids, costs, votes = instance.project_ids, a.costs, a.votes
    active = [p for p in range(len(ids)) if votes[p] > 0 and costs[p] > 0]
    lower = {p: (1 - 4 * _EPS) / votes[p] for p in active}  # ρ / c starts at exactly 1 / votes
    money = _Budgets(a, instance.budget) if active else None
    winners, steps, spent = [], [], 0
    while active:
        dropped, won = _mes_round(money, active, lower)
        for p in dropped:
            funds = round(float(money.b[money.supporters(p)].sum()))  # for display: floats suffice
            remaining = instance.budget - spent
            steps.append(Step(ids[p], votes[p], costs[p], False, remaining, MES_UNAFFORDABLE, None, funds))
            active.remove(p)
        if won is None:
            continue
        p, rho, poor = won
        money.pay(p, rho, poor)
        steps.append(Step(ids[p], votes[p], costs[p], True, instance.budget - spent, SELECTED, round(rho)))
        winners.append(ids[p])
        spent += costs[p]
        active.remove(p)
    for p in sorted(range(len(ids)), key=a.rank.__getitem__):
        if votes[p] == 0 or costs[p] == 0:
            reason = NO_SUPPORT if votes[p] == 0 else ZERO_COST
            steps.append(Step(ids[p], votes[p], costs[p], False, instance.budget - spent, reason))
    return Outcome("mes", winners, spent, steps)
