"""The one seam between civic projects and the rural district's budget (owner: ``auyl.budget``).

Spending on a winner is charged to a line of the budget of the campaign's rural district for the
campaign's year. The budget app exposes those lines through ``auyl.budget.selectors.lines_for(territory,
year)`` (``LineRef`` rows whose ``key`` — ``"<KATO code>:<year>:<section>:<code>"`` — stays the same across
amendments of the plan); this module is the only place that calls it, imported lazily, so that civic
projects keep working (spending recorded without a line) while the budget of a year is not approved or
the budget app is absent. A payment keeps the line's key and its label as they were when it was recorded.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BudgetLine:
    key: str
    label: str


def _as_line(row) -> BudgetLine | None:
    key = getattr(row, "key", None)
    if key is None:
        return None
    code, name = getattr(row, "code", ""), getattr(row, "name", "") or str(row)
    label = f"{code} — {name}" if code else name
    return BudgetLine(str(key)[:100], str(label)[:300])


def lines_for(territory, year: int) -> list[BudgetLine]:
    """The expenditure lines of ``territory``'s budget for ``year`` that spending can be charged to
    ([] while there are none)."""
    try:
        from auyl.budget import selectors
    except ImportError:
        return []
    provider = getattr(selectors, "lines_for", None)
    if provider is None:
        return []
    return [line for line in (_as_line(row) for row in provider(territory, year)) if line is not None]
