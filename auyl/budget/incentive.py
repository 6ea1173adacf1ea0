"""The "1+1" incentive (``000:566``): at the end of a year the higher level transfers an amount equal to the
actual growth of the rural district's tax revenue over the previous year, times the settlement's
development-potential coefficient (rule ``budget.potential_coefficient``, default 1). Never negative.

Tax revenue is the six taxes (``000:560``, ``001:563-565``): personal property, land, vehicle, individual
income, SME corporate income and other taxes; fees, fines, contributions, property income and transfers
do not count. A year that is not closed yet gets a *preliminary* figure: the months reported so far
against the same months of the previous year (when the previous year's reports cover them exactly).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from auyl.core.rules import REGISTRY, get_rule

from . import versions
from .catalogue import revenue_name
from .models import IN_FORCE_STATUSES, TAX_SOURCES, Actual, Budget, Section, Status

log = logging.getLogger(__name__)
ZERO = Decimal("0.00")
RULE = "budget.potential_coefficient"


@dataclass
class SourceRow:
    code: str
    name: str
    previous: Decimal
    current: Decimal

    @property
    def growth(self) -> Decimal:
        return self.current - self.previous


@dataclass
class Incentive:
    year: int
    available: bool = False
    reason: str = ""
    preliminary: bool = False
    months: list[int] = field(default_factory=list)
    rows: list[SourceRow] = field(default_factory=list)
    coefficient: Decimal = Decimal(1)

    @property
    def previous_year(self) -> int:
        return self.year - 1

    @property
    def previous_total(self) -> Decimal:
        return sum((row.previous for row in self.rows), ZERO)

    @property
    def current_total(self) -> Decimal:
        return sum((row.current for row in self.rows), ZERO)

    @property
    def growth(self) -> Decimal:
        return self.current_total - self.previous_total

    @property
    def adjusted(self) -> Decimal:
        """Growth times the coefficient, before the floor at zero."""
        return (self.growth * self.coefficient).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def amount(self) -> Decimal:
        return max(self.adjusted, ZERO) if self.growth > 0 else ZERO

    @property
    def is_full_year(self) -> bool:
        return self.months == list(range(1, 13))


def coefficient(territory) -> Decimal:
    """The territory's coefficient; a malformed or negative setting falls back to the default (logged)."""
    value = get_rule(territory, RULE)
    try:
        number = Decimal(str(value).strip().replace(",", "."))
        if number.is_finite() and number >= 0:
            return number
    except (InvalidOperation, ValueError):
        pass
    log.warning("bad %s %r for %s; using the default", RULE, value, getattr(territory, "code", "-"))
    return Decimal(REGISTRY[RULE].default)


def _months(budget: Budget) -> dict[int, set[int]]:
    """Reported months of ``budget``: ``{period: months}`` of the periods with any actual."""
    periods = set(Actual.objects.filter(budget=budget).values_list("period", flat=True))
    return {p: set(versions.period_months(budget, p)) for p in periods}


def _tax_by_source(budget: Budget, periods: set[int]) -> dict[str, Decimal]:
    totals = dict.fromkeys(TAX_SOURCES, ZERO)
    rows = Actual.objects.filter(
        budget=budget, section=Section.REVENUE, code__in=TAX_SOURCES, period__in=periods
    )
    for code, amount in rows.values_list("code", "amount"):
        totals[code] += amount
    return totals


def _comparable(previous: dict[int, set[int]], months: set[int]) -> set[int] | None:
    """The previous year's periods that cover exactly ``months``; None when they do not line up."""
    chosen = {p for p, covered in previous.items() if covered & months}
    if any(not previous[p] <= months for p in chosen):
        return None
    covered = set().union(*(previous[p] for p in chosen)) if chosen else set()
    return chosen if covered == months else None


def _closed(budget: Budget) -> bool:
    return budget.versions.filter(status=Status.CLOSED).exists()


def incentive_for(territory, year: int) -> Incentive:
    """The "1+1" incentive of ``territory`` for ``year``, with every figure the calculation uses."""
    result = Incentive(year=year, coefficient=coefficient(territory))
    current = Budget.objects.filter(territory=territory, year=year).first()
    previous = Budget.objects.filter(territory=territory, year=year - 1).first()
    if current is None or not current.versions.filter(status__in=IN_FORCE_STATUSES).exists():
        result.reason = _("The %(year)s budget has not been approved here.") % {"year": year}
        return result
    reported = _months(current)
    if not reported:
        result.reason = _("No actuals of %(year)s have been recorded yet.") % {"year": year}
        return result
    previous_reported = _months(previous) if previous is not None else {}
    if not previous_reported:
        result.reason = _(
            "The actuals of %(year)s are not recorded here, so the growth cannot be computed."
        ) % {"year": year - 1}
        return result
    months = set().union(*reported.values())
    result.preliminary = not _closed(current)
    if not result.preliminary and months != set(range(1, 13)):
        # A closed year is compared as a whole: a final figure from part of the year would understate it.
        result.reason = _(
            "The %(year)s budget is closed, but its actuals do not cover all twelve months: record the "
            "missing months to compute the incentive."
        ) % {"year": year}
        return result
    chosen = _comparable(previous_reported, months)
    if chosen is None:
        result.reason = _(
            "The actuals of %(year)s do not cover the same months, so the years cannot be compared yet."
        ) % {"year": year - 1}
        return result
    before = _tax_by_source(previous, chosen)
    now = _tax_by_source(current, set(reported))
    result.rows = [SourceRow(code, revenue_name(code), before[code], now[code]) for code in TAX_SOURCES]
    result.months, result.available = sorted(months), True
    return result
