"""The figures of a budget: plan and actuals by line, totals, shares, execution by period.

Pure arithmetic on a version's lines and the budget's actuals, all in ``Decimal`` (exact): totals are
always the sums of the lines, never typed. Percentages are rounded to one decimal for display only.

* own revenue: every revenue source but the transfers from the district budget (``000:416``);
* own-revenue share: own revenue / all revenue (nationally 13.4% in 2020, ``000:416``);
* transfer dependence: transfers / all revenue (the share the district budget pays).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from .catalogue import is_own_revenue, line_name, revenue_kind
from .models import TAX_SOURCES, Actual, Budget, BudgetVersion, PeriodKind, RevenueSource, Section

ZERO = Decimal("0.00")


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part`` as a percentage of ``whole``, one decimal; None when ``whole`` is zero."""
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def period_label(budget: Budget, period: int) -> str:
    if budget.period_kind == PeriodKind.MONTH:
        return str(MONTHS[period])
    return _("Quarter %(n)s") % {"n": period}


@dataclass
class LineFigure:
    section: str
    code: str
    name: str
    kind: str  # "tax", "non_tax", "transfer" for revenue; "programme" for expenditure
    plan: Decimal
    actual: Decimal
    by_period: dict[int, Decimal]
    share: Decimal | None = None  # of the section's planned total, %
    line: object = None  # the BudgetLine

    @property
    def execution(self) -> Decimal | None:
        return percent(self.actual, self.plan)

    @property
    def bar(self) -> str:
        """Width of the execution bar, capped at 100 (CSS percentage)."""
        value = self.execution
        return "0" if value is None else str(min(value, Decimal(100)))


@dataclass
class SectionFigures:
    lines: list[LineFigure]

    @property
    def plan(self) -> Decimal:
        return sum((line.plan for line in self.lines), ZERO)

    @property
    def actual(self) -> Decimal:
        return sum((line.actual for line in self.lines), ZERO)

    @property
    def execution(self) -> Decimal | None:
        return percent(self.actual, self.plan)

    @property
    def bar(self) -> str:
        value = self.execution
        return "0" if value is None else str(min(value, Decimal(100)))


@dataclass
class PeriodRow:
    period: int
    label: str
    revenue: Decimal
    expenditure: Decimal


@dataclass
class BudgetFigures:
    budget: Budget
    version: BudgetVersion
    revenue: SectionFigures
    expenditure: SectionFigures
    periods: list[PeriodRow] = field(default_factory=list)

    def _sum(self, attribute: str, test) -> Decimal:
        return sum((getattr(line, attribute) for line in self.revenue.lines if test(line.code)), ZERO)

    @property
    def own_plan(self) -> Decimal:
        return self._sum("plan", is_own_revenue)

    @property
    def own_actual(self) -> Decimal:
        return self._sum("actual", is_own_revenue)

    @property
    def transfers_plan(self) -> Decimal:
        return self.revenue.plan - self.own_plan

    @property
    def transfers_actual(self) -> Decimal:
        return self.revenue.actual - self.own_actual

    @property
    def tax_plan(self) -> Decimal:
        return self._sum("plan", lambda code: code in TAX_SOURCES)

    @property
    def tax_actual(self) -> Decimal:
        return self._sum("actual", lambda code: code in TAX_SOURCES)

    @property
    def own_share_plan(self) -> Decimal | None:
        return percent(self.own_plan, self.revenue.plan)

    @property
    def own_share_actual(self) -> Decimal | None:
        return percent(self.own_actual, self.revenue.actual)

    @property
    def transfer_dependence_plan(self) -> Decimal | None:
        return percent(self.transfers_plan, self.revenue.plan)

    @property
    def transfer_dependence_actual(self) -> Decimal | None:
        return percent(self.transfers_actual, self.revenue.actual)

    @property
    def balance_plan(self) -> Decimal:
        """Revenue minus expenditure: negative is a deficit (covered from the balances of past years)."""
        return self.revenue.plan - self.expenditure.plan

    @property
    def deficit_plan(self) -> Decimal:
        """How much planned expenditure exceeds planned revenue (zero for a balanced or surplus plan)."""
        return max(-self.balance_plan, ZERO)

    @property
    def reported(self) -> list[int]:
        return [row.period for row in self.periods]

    @property
    def last_reported_label(self) -> str:
        return self.periods[-1].label if self.periods else ""

    @property
    def has_actuals(self) -> bool:
        return bool(self.periods)


def actuals_of(budget: Budget) -> dict[tuple[str, str], dict[int, Decimal]]:
    found: dict[tuple[str, str], dict[int, Decimal]] = defaultdict(dict)
    for section, code, period, amount in Actual.objects.filter(budget=budget).values_list(
        "section", "code", "period", "amount"
    ):
        found[(section, code)][period] = amount
    return found


def _revenue_order(code: str) -> int:
    values = list(RevenueSource.values)
    return values.index(code) if code in values else len(values)


def _line_figures(version: BudgetVersion, actuals: dict) -> tuple[list[LineFigure], list[LineFigure]]:
    revenue, expenditure = [], []
    for line in version.lines.select_related("programme"):
        by_period = actuals.get((line.section, line.code), {})
        figure = LineFigure(
            section=line.section,
            code=line.code,
            name=line_name(line.section, line.code, line.programme),
            kind=revenue_kind(line.code) if line.section == Section.REVENUE else "programme",
            plan=line.amount,
            actual=sum(by_period.values(), ZERO),
            by_period=dict(by_period),
            line=line,
        )
        (revenue if line.section == Section.REVENUE else expenditure).append(figure)
    revenue.sort(key=lambda f: _revenue_order(f.code))
    expenditure.sort(key=lambda f: (f.line.programme.sort if f.line.programme else 0, f.code))
    return revenue, expenditure


def compute(version: BudgetVersion, actuals: dict | None = None) -> BudgetFigures:
    """Figures of ``version``'s plan with the budget's actuals (read once when not given)."""
    budget = version.budget
    if actuals is None:
        actuals = actuals_of(budget)
    revenue, expenditure = _line_figures(version, actuals)
    for lines in (revenue, expenditure):
        total = sum((f.plan for f in lines), ZERO)
        for figure in lines:
            figure.share = percent(figure.plan, total)
    periods = sorted({p for values in actuals.values() for p in values})
    rows = [
        PeriodRow(
            p,
            period_label(budget, p),
            sum((f.by_period.get(p, ZERO) for f in revenue), ZERO),
            sum((f.by_period.get(p, ZERO) for f in expenditure), ZERO),
        )
        for p in periods
    ]
    return BudgetFigures(budget, version, SectionFigures(revenue), SectionFigures(expenditure), rows)


def by_size(lines: list[LineFigure]) -> list[LineFigure]:
    """Lines from the largest planned amount down (what the charts show)."""
    return sorted(lines, key=lambda f: (-f.plan, f.name))
