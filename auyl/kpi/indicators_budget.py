"""Budget indicators: the own-revenue share and the execution of expenditure, year to date.

Read-only aggregate queries on the budget app's models (``budget.figures.compute`` works on one
version at a time; the scorecards need every unit of a region): actual amounts by line code and the
plan in force, grouped by the budget's rural district. Own revenue is the budget app's own rule
(``budget.catalogue.is_own_revenue``: everything but the transfers, ``000:416``). The plan in force
and the actuals of a past period can still be amended, so a quarter is frozen by its snapshot.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q, Sum

from auyl.budget.catalogue import is_own_revenue
from auyl.budget.models import IN_FORCE_STATUSES, Actual, Budget, BudgetLine, PeriodKind, Section

from .indicators import RowsSource, Units, Window, note, register
from .scoring import DrillRecord


def _reported_to_date(window: Window) -> Q:
    """Actual amounts of the periods up to the quarter's end (months or quarters, by the budget)."""
    quarter = window.quarters_elapsed
    return Q(budget__period_kind=PeriodKind.MONTH, period__lte=3 * quarter) | Q(
        budget__period_kind=PeriodKind.QUARTER, period__lte=quarter
    )


def _actuals(units: Units, window: Window, section: str) -> dict[tuple[int, str], Decimal]:
    rows = (
        Actual.objects.filter(
            _reported_to_date(window),
            budget__territory_id__in=units.ids,
            budget__year=window.period.year,
            section=section,
        )
        .order_by()
        .values("budget__territory_id", "code")
        .annotate(total=Sum("amount"))
    )
    return {(r["budget__territory_id"], r["code"]): r["total"] for r in rows}


class BudgetSource(RowsSource):
    mode = "sum_ratio"

    def missing(self, units: Units, window: Window) -> dict[int, str]:
        key = ("budgets", window.period.year)
        if key not in units.memo:
            units.memo[key] = set(
                Budget.objects.filter(territory_id__in=units.ids, year=window.period.year).values_list(
                    "territory_id", flat=True
                )
            )
        with_budget = units.memo[key]
        return {unit_id: "no_budget" for unit_id in units.ids if unit_id not in with_budget}

    @staticmethod
    def _ref(units: Units, unit_id: int, window: Window) -> str:
        return f"budget:{units.by_id[unit_id].code}:{window.period.year}"


class OwnRevenueSource(BudgetSource):
    code = "budget_own_revenue"

    def rows(self, units: Units, window: Window) -> dict[int, list[DrillRecord]]:
        out: dict[int, list[DrillRecord]] = {}
        for (unit_id, code), total in sorted(_actuals(units, window, Section.REVENUE).items()):
            own = is_own_revenue(code)
            out.setdefault(unit_id, []).append(
                DrillRecord(
                    "revenue_line",
                    code,
                    code,
                    None,
                    own,
                    amount=float(total) if own else 0.0,
                    base=float(total),
                    ref=self._ref(units, unit_id, window),
                    **note("revenue", amount=float(total)),
                )
            )
        return out


class ExecutionSource(BudgetSource):
    code = "budget_execution"

    def rows(self, units: Units, window: Window) -> dict[int, list[DrillRecord]]:
        plan = (
            BudgetLine.objects.filter(
                version__budget__territory_id__in=units.ids,
                version__budget__year=window.period.year,
                version__status__in=IN_FORCE_STATUSES,
                section=Section.EXPENDITURE,
            )
            .order_by()
            .values("version__budget__territory_id", "code")
            .annotate(total=Sum("amount"))
        )
        planned = {(r["version__budget__territory_id"], r["code"]): r["total"] for r in plan}
        if not planned:
            return {}
        actual = _actuals(units, window, Section.EXPENDITURE)
        share = Decimal(window.quarters_elapsed) / 4
        in_force = {unit_id for unit_id, _code in planned}
        out: dict[int, list[DrillRecord]] = {}
        for key in sorted(set(planned) | {k for k in actual if k[0] in in_force}):
            unit_id, code = key
            to_date = planned.get(key, Decimal(0)) * share
            spent = actual.get(key, Decimal(0))
            out.setdefault(unit_id, []).append(
                DrillRecord(
                    "expenditure_line",
                    code,
                    code,
                    None,
                    True,
                    amount=float(spent),
                    base=float(to_date),
                    ref=self._ref(units, unit_id, window),
                    **note("execution", plan=float(round(to_date, 2)), actual=float(spent)),
                )
            )
        return out


register(OwnRevenueSource())
register(ExecutionSource())
