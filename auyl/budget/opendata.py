"""Open data of a published budget: two CSV files and one JSON document, with documented columns.

:data:`LINE_COLUMNS` and :data:`ACTUAL_COLUMNS` are the single description of the columns: the CSV
headers are written from them and the public page ``/budget/open-data/`` lists them. Amounts are exact
decimal numbers in tenge with a dot and two decimals ("1234567.00"); in JSON they are strings, so that
no reader turns them into floating-point numbers. Dates are ISO 8601 (YYYY-MM-DD). CSV is UTF-8 with a
byte-order mark (Excel then shows Kazakh letters), comma-separated, RFC 4180 quoting.
Only what was published is exported: the version shown to residents and every published version's steps.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
from typing import NamedTuple

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from . import figures, selectors, versions
from .catalogue import line_name
from .models import Budget, BudgetVersion, PeriodKind, Section


class Column(NamedTuple):
    name: str
    type: str
    description: str


LINE_COLUMNS = [
    Column("territory_code", "text", _("KATO code of the rural district (9 digits).")),
    Column("year", "integer", _("Budget year.")),
    Column(
        "version",
        "integer",
        _("Number of the plan's version shown (1 = the first plan; each amendment adds one)."),
    ),
    Column("status", "text", _("Status of that version: published, agreed, approved, executing or closed.")),
    Column("section", "text", _("revenue or expenditure.")),
    Column("code", "text", _("Code of the revenue source or of the budget programme.")),
    Column("name_kk", "text", _("Name of the line in Kazakh.")),
    Column("name_ru", "text", _("Name of the line in Russian.")),
    Column("name_en", "text", _("Name of the line in English.")),
    Column(
        "revenue_kind",
        "text",
        _(
            "For revenue: tax, non_tax (fees, fines, contributions, property income) or "
            "transfer (from the district budget); empty for expenditure."
        ),
    ),
    Column("plan", "decimal", _("Planned amount, tenge.")),
    Column("actual", "decimal", _("Actual amount so far (sum of the recorded periods), tenge.")),
    Column(
        "execution_percent", "decimal", _("actual / plan × 100, one decimal; empty when the plan is zero.")
    ),
    Column("share_percent", "decimal", _("The line's share of its section's planned total, %, one decimal.")),
]

ACTUAL_COLUMNS = [
    Column("territory_code", "text", _("KATO code of the rural district (9 digits).")),
    Column("year", "integer", _("Budget year.")),
    Column("section", "text", _("revenue or expenditure.")),
    Column("code", "text", _("Code of the revenue source or of the budget programme.")),
    Column("period_kind", "text", _("month or quarter: how this budget's actuals are reported.")),
    Column("period", "integer", _("Number of the month (1-12) or quarter (1-4).")),
    Column("period_start", "date", _("First day of the period.")),
    Column("period_end", "date", _("Last day of the period.")),
    Column("amount", "decimal", _("Amount received or spent in the period, tenge.")),
]


def money(amount) -> str:
    return "" if amount is None else f"{amount:.2f}"


def _names(section: str, code: str, programme) -> dict[str, str]:
    names = {}
    for language in ("kk", "ru", "en"):
        with translation.override(language):
            names[f"name_{language}"] = line_name(section, code, programme)
    return names


def line_rows(version: BudgetVersion) -> list[dict]:
    computed = figures.compute(version)
    budget = version.budget
    rows = []
    for figure in computed.revenue.lines + computed.expenditure.lines:
        rows.append(
            {
                "territory_code": budget.territory.code,
                "year": budget.year,
                "version": version.number,
                "status": version.status,
                "section": figure.section,
                "code": figure.code,
                **_names(figure.section, figure.code, figure.line.programme),
                "revenue_kind": figure.kind if figure.section == Section.REVENUE else "",
                "plan": money(figure.plan),
                "actual": money(figure.actual),
                "execution_percent": "" if figure.execution is None else str(figure.execution),
                "share_percent": "" if figure.share is None else str(figure.share),
            }
        )
    return rows


def _period_bounds(budget: Budget, period: int) -> tuple[dt.date, dt.date]:
    months = versions.period_months(budget, period)
    last = months[-1]
    return dt.date(budget.year, months[0], 1), dt.date(
        budget.year, last, calendar.monthrange(budget.year, last)[1]
    )


def actual_rows(budget: Budget) -> list[dict]:
    rows = []
    for (section, code), by_period in sorted(figures.actuals_of(budget).items()):
        for period, amount in sorted(by_period.items()):
            start, end = _period_bounds(budget, period)
            rows.append(
                {
                    "territory_code": budget.territory.code,
                    "year": budget.year,
                    "section": section,
                    "code": code,
                    "period_kind": budget.period_kind,
                    "period": period,
                    "period_start": start.isoformat(),
                    "period_end": end.isoformat(),
                    "amount": money(amount),
                }
            )
    return rows


def to_csv(columns: list[Column], rows: list[dict]) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=[c.name for c in columns], lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _version_json(version: BudgetVersion) -> dict:
    dates = (
        "drafted_on",
        "published_on",
        "agreed_on",
        "approved_on",
        "execution_started_on",
        "closed_on",
        "superseded_on",
    )
    return {
        "number": version.number,
        "status": version.status,
        "amends": version.amends.number if version.amends else None,
        "reason": version.reason,
        **{name: _iso(getattr(version, name)) for name in dates},
        "agreement_number": version.agreement_number,
        "approval_number": version.approval_number,
        "agreement_meeting_id": version.agreement_meeting_id,
        "agreement_item_number": version.agreement_item_number,
        "steps": [
            {"step": s.status, "date": s.on.isoformat(), "number": s.number, "note": s.note}
            for s in version.steps.all()  # prefetched in date order by selectors.public_versions
        ],
    }


def _iso(day) -> str | None:
    return day.isoformat() if day else None


def document(budget: Budget) -> dict:
    """The JSON document of a published budget."""
    version = selectors.public_version(budget)
    computed = figures.compute(version)
    territory = budget.territory
    return {
        "territory": {
            "code": territory.code,
            "name_kk": territory.name_kk,
            "name_ru": territory.name_ru,
            "name_en": territory.name_en,
        },
        "year": budget.year,
        "period_kind": budget.period_kind,
        "currency": "KZT",
        "version": version.number,
        "status": version.status,
        "totals": {
            "revenue_plan": money(computed.revenue.plan),
            "revenue_actual": money(computed.revenue.actual),
            "expenditure_plan": money(computed.expenditure.plan),
            "expenditure_actual": money(computed.expenditure.actual),
            "own_revenue_plan": money(computed.own_plan),
            "transfers_plan": money(computed.transfers_plan),
            "tax_revenue_actual": money(computed.tax_actual),
            "own_revenue_share_percent": _text(computed.own_share_plan),
            "transfer_dependence_percent": _text(computed.transfer_dependence_plan),
        },
        "lines": line_rows(version),
        "actuals": actual_rows(budget),
        "versions": [_version_json(v) for v in selectors.public_versions(budget, with_steps=True)],
    }


def _text(value) -> str | None:
    return None if value is None else str(value)


# --- the template staff fill in ------------------------------------------------------------------------

IMPORT_COLUMNS = [Column(name, "", "") for name in ("section", "code", "name", "period", "amount")]


def template_rows(version, period: int) -> list[dict]:
    """One row per line of ``version`` for ``period``, the amount left empty."""
    budget = version.budget
    label = (
        f"{budget.year}-{period:02d}"
        if budget.period_kind == PeriodKind.MONTH
        else f"{budget.year}-Q{period}"
    )
    computed = figures.compute(version, actuals={})
    rows = [
        {"section": f.section, "code": f.code, "name": f.name, "period": label, "amount": ""}
        for f in computed.revenue.lines + computed.expenditure.lines
    ]
    return rows
