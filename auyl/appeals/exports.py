"""Appeals reports as documents for the house writers of :mod:`auyl.core.exports` (CSV, XLSX, PDF).

A report from :mod:`.reports` is laid out here as a :class:`~auyl.core.exports.Document` (titled tables of
cells), which :func:`~auyl.core.exports.export` turns into a file; so every report exports the same way in
every format. Call the builders under ``translation.override(lang)`` to get Kazakh, Russian or English
labels. ``FORMATS`` and ``export`` are imported here for this app's report views.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils.translation import gettext as _

from auyl.core.exports import FORMATS, Document, Table, export  # noqa: F401  (FORMATS, export: for views_reports)

from .reports import ApplicantSummary, FormTable, MonthlyAnalysis, SummaryRow


def _place(territory) -> str:
    return f"{territory.name} ({territory.code})"


# ---- Reports as documents ----------------------------------------------------------------------------


def form_document(table: FormTable) -> Document:
    header = ["№", _("Topic")]
    for period in table.periods:
        header += [period.label, "%"]
    rows = [
        [n, row.label, *[v for cell in row.cells for v in (cell.count, cell.percent)]]
        for n, row in enumerate(table.rows, start=1)
    ]
    footer = ["", _("Total"), *[v for cell in table.totals for v in (cell.count, cell.percent)]]
    subtitle = f"{_place(table.territory)} · {', '.join(p.label for p in table.periods)}"
    if table.channel:
        subtitle += f" · {table.channel_label}"
    filename = f"appeals-{table.form.key}-{table.territory.code}-{_slug(table.periods[0].label)}"
    if len(table.periods) > 1:
        filename += f"-{_slug(table.periods[-1].label)}"
    return Document(
        table.title, subtitle, filename, [Table(table.title, header, rows, footer, _no_appeals())]
    )


def _no_appeals() -> str:  # read when a document is built, in its language
    return _("No appeals in this period.")


def _summary_table(title: str, rows: list[SummaryRow], total: int | None) -> Table:
    footer = ["", _("Total"), total, Decimal(100) if total else Decimal(0)] if total is not None else None
    return Table(
        title,
        ["№", _("Name"), _("Appeals"), "%"],
        [[n, r.label, r.count, r.percent] for n, r in enumerate(rows, start=1)],
        footer,
        _no_appeals(),
    )


def summary_document(summary: ApplicantSummary) -> Document:
    title = _("Appeals received, by applicant")
    table = _summary_table(title, summary.rows, summary.total)
    table.rows.append(["", _("of them repeat appeals of individuals"), summary.individual_repeats, None])
    return Document(
        title,
        f"{_place(summary.territory)} · {summary.period.label}",
        f"appeals-applicants-{summary.territory.code}-{_slug(summary.period.label)}",
        [table],
    )


def monthly_document(analysis: MonthlyAnalysis) -> Document:
    total = analysis.total
    indicators = Table(
        _("Handling"),
        ["№", _("Indicator"), _("Appeals"), "%"],
        [[n, r.label, r.count, r.percent] for n, r in enumerate(analysis.indicators, start=1)],
        empty=_no_appeals(),
    )
    indicators.rows.append(["", _("Average days to answer"), analysis.average_days_to_answer, None])
    top = Table(
        _("Top issues"),
        [
            "№",
            _("Topic"),
            _("This month"),
            _("Previous month"),
            _("Change"),
            _("Same month last year"),
            _("Change"),
        ],
        [
            [n, i.label, i.count, i.previous, i.change_previous, i.last_year, i.change_last_year]
            for n, i in enumerate(analysis.top_issues, start=1)
        ],
        empty=_no_appeals(),
    )
    place_title = _("By settlement") if analysis.place_is_settlement else _("By rural district")
    tables = [
        indicators,
        top,
        _summary_table(_("By topic"), analysis.by_topic, total),
        _summary_table(_("By channel"), analysis.by_channel, total),
        _summary_table(_("By applicant"), analysis.by_applicant_kind, total),
        _summary_table(_("By outcome"), analysis.by_outcome, total),
        _summary_table(place_title, analysis.by_place, total),
    ]
    subtitle = f"{_place(analysis.territory)} · {analysis.period.label} · {_('Appeals received')}: {total}"
    return Document(
        _("Monthly analysis of appeals"),
        subtitle,
        f"appeals-month-{analysis.territory.code}-{analysis.period.start:%Y-%m}",
        tables,
    )


def _slug(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z]+", "-", text).strip("-") or "report"
