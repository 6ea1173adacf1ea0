"""The Decree No. 826 report as files officials use: XLSX (openpyxl) and PDF (weasyprint).

Built like :mod:`auyl.core.exports`: call under ``translation.override(lang)`` to get Kazakh, Russian
or English labels. The XLSX keeps every figure a number (one column per cumulative period, and beside
it how many of the questions were repeats, filled on row 5 only); main rows are bold, sub-rows indented.
The PDF is an HTML page in DejaVu Sans, a font with every Kazakh letter (ә ғ қ ң ө ұ ү һ і).
"""

from __future__ import annotations

import io
import re

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .report import Decree826Report

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
HEADER_ROWS = 4  # title, place and period, level, column header


def subtitle(report: Decree826Report) -> str:
    return f"{report.territory.name} ({report.territory.code}) · {report.period_label} · {report.level_label}"


def header(report: Decree826Report) -> list[str]:
    cells = ["№", _("Indicator")]
    for column in report.columns:
        cells += [column.label, _("of them repeats")]
    return cells


def table_rows(report: Decree826Report) -> list[list]:
    """One list per row: number, label, then (value, repeats or None) per column."""
    rows = []
    for row in report.rows:
        cells = [f"{row.number}." if row.number else None, row.label]
        for value, repeats in row.cells:
            cells += [value, repeats]
        rows.append(cells)
    return rows


def filename(report: Decree826Report) -> str:
    level = f"-{report.level}" if report.level else ""
    return re.sub(
        r"[^0-9A-Za-z._-]+", "-", f"decree-826-{report.territory.code}-{report.year}-q{report.quarter}{level}"
    )


def to_xlsx(report: Decree826Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Decree No. 826")[:31]
    bold = Font(bold=True)
    sheet.append([report.title])
    sheet.append([subtitle(report)])
    sheet.append([_("Cumulative from 1 January")])
    sheet.append(header(report))
    for cell in [*sheet[1], *sheet[HEADER_ROWS]]:
        cell.font = bold
    for source, cells in zip(report.rows, table_rows(report), strict=True):
        sheet.append(cells)
        line = sheet[sheet.max_row]
        if source.is_sub:
            line[1].alignment = Alignment(indent=2, wrap_text=True)
        else:
            for cell in line:
                cell.font = bold
            line[1].alignment = Alignment(wrap_text=True)
    sheet.column_dimensions["A"].width = 5
    sheet.column_dimensions["B"].width = 70
    sheet.freeze_panes = sheet.cell(row=HEADER_ROWS + 1, column=3)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_pdf(report: Decree826Report) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "reporting/report_pdf.html",
        {
            "report": report,
            "subtitle": subtitle(report),
            "lang": (get_language() or "kk")[:2],
            "generated_at": timezone.localtime(),
        },
    )
    return HTML(string=html).write_pdf()


WRITERS = {"xlsx": to_xlsx, "pdf": to_pdf}


def export(report: Decree826Report, fmt: str) -> tuple[bytes, str, str]:
    """``(content, content type, file name)`` of the report in ``fmt`` (xlsx or pdf), in the active language."""
    if fmt not in WRITERS:
        raise ValueError(f"unknown export format {fmt!r}")
    lang = (get_language() or "kk")[:2]
    return WRITERS[fmt](report), FORMATS[fmt], f"{filename(report)}-{lang}.{fmt}"
