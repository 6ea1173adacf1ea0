"""Reports as files officials use: CSV (for Excel), XLSX and PDF, in the active language.

A report from :mod:`.reports` is first laid out as a :class:`Document` (titled tables of cells), which
each writer turns into bytes; so every report exports the same way in every format. Call the builders
under ``translation.override(lang)`` to get Kazakh, Russian or English labels.

* CSV: UTF-8 with a byte-order mark (Excel then reads Kazakh letters right), ``;``-separated and with
  a decimal comma in Kazakh and Russian, as Excel expects in those locales.
* XLSX (openpyxl): counts and shares as numbers, one sheet per table.
* PDF (weasyprint): an HTML template in DejaVu Sans, a font with every Kazakh letter (ә ғ қ ң ө ұ ү һ і).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .reports import ApplicantSummary, FormTable, MonthlyAnalysis, SummaryRow, format_number

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list]
    footer: list | None = None


@dataclass
class Document:
    title: str
    subtitle: str
    filename: str  # without extension, ASCII
    tables: list[Table] = field(default_factory=list)


def _cell_text(value) -> str:
    if isinstance(value, Decimal | float):
        return format_number(value)
    return "" if value is None else str(value)


def _place(territory) -> str:
    return f"{territory.name} ({territory.code})"


# ---- Reports as documents ----------------------------------------------------------------------------


def form_document(table: FormTable) -> Document:
    header = ["№", _("Topic")]
    for period in table.periods:
        header += [period.label, "%"]
    rows = [[n, row.label, *[v for cell in row.cells for v in (cell.count, cell.percent)]]
            for n, row in enumerate(table.rows, start=1)]
    footer = ["", _("Total"), *[v for cell in table.totals for v in (cell.count, cell.percent)]]
    subtitle = f"{_place(table.territory)} · {', '.join(p.label for p in table.periods)}"
    if table.channel:
        subtitle += f" · {table.channel_label}"
    filename = f"appeals-{table.form.key}-{table.territory.code}-{_slug(table.periods[0].label)}"
    if len(table.periods) > 1:
        filename += f"-{_slug(table.periods[-1].label)}"
    return Document(table.title, subtitle, filename, [Table(table.title, header, rows, footer)])


def _summary_table(title: str, rows: list[SummaryRow], total: int | None) -> Table:
    footer = ["", _("Total"), total, Decimal(100) if total else Decimal(0)] if total is not None else None
    return Table(title, ["№", _("Name"), _("Appeals"), "%"],
                 [[n, r.label, r.count, r.percent] for n, r in enumerate(rows, start=1)], footer)


def summary_document(summary: ApplicantSummary) -> Document:
    title = _("Appeals received, by applicant")
    table = _summary_table(title, summary.rows, summary.total)
    table.rows.append(["", _("of them repeat appeals of individuals"), summary.individual_repeats, None])
    return Document(title, f"{_place(summary.territory)} · {summary.period.label}",
                    f"appeals-applicants-{summary.territory.code}-{_slug(summary.period.label)}", [table])


def monthly_document(analysis: MonthlyAnalysis) -> Document:
    total = analysis.total
    indicators = Table(_("Handling"), ["№", _("Indicator"), _("Appeals"), "%"],
                       [[n, r.label, r.count, r.percent] for n, r in enumerate(analysis.indicators, start=1)])
    indicators.rows.append(["", _("Average days to answer"), analysis.average_days_to_answer, None])
    top = Table(_("Top issues"), ["№", _("Topic"), _("This month"), _("Previous month"), _("Change"),
                                  _("Same month last year"), _("Change")],
                [[n, i.label, i.count, i.previous, i.change_previous, i.last_year, i.change_last_year]
                 for n, i in enumerate(analysis.top_issues, start=1)])
    place_title = _("By settlement") if analysis.place_is_settlement else _("By rural district")
    tables = [
        indicators, top,
        _summary_table(_("By topic"), analysis.by_topic, total),
        _summary_table(_("By channel"), analysis.by_channel, total),
        _summary_table(_("By applicant"), analysis.by_applicant_kind, total),
        _summary_table(_("By outcome"), analysis.by_outcome, total),
        _summary_table(place_title, analysis.by_place, total),
    ]
    subtitle = f"{_place(analysis.territory)} · {analysis.period.label} · {_('Appeals received')}: {total}"
    return Document(_("Monthly analysis of appeals"), subtitle,
                    f"appeals-month-{analysis.territory.code}-{analysis.period.start:%Y-%m}", tables)


def _slug(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z]+", "-", text).strip("-") or "report"


# ---- Writers -----------------------------------------------------------------------------------------


def to_csv(document: Document) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([document.title])
    writer.writerow([document.subtitle])
    for table in document.tables:
        writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.header)
        for row in table.rows + ([table.footer] if table.footer else []):
            writer.writerow([_cell_text(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(document: Document) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for number, table in enumerate(document.tables, start=1):
        sheet = book.create_sheet(_sheet_name(table.title, number))
        sheet.append([document.title])
        sheet.append([document.subtitle])
        sheet.append([table.title])
        sheet.append(table.header)
        for row in table.rows + ([table.footer] if table.footer else []):
            sheet.append(row)
        for cell in [*sheet[1], *sheet[3], *sheet[4], *(sheet[sheet.max_row] if table.footer else [])]:
            cell.font = bold
        for column in sheet.iter_cols(min_row=5):
            for cell in column:
                if isinstance(cell.value, Decimal):
                    cell.number_format = "0.00"
        sheet.column_dimensions["B"].width = 60
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_name(title: str, number: int) -> str:
    clean = re.sub(r"[\[\]:*?/\\]", " ", title).strip()
    return f"{number}. {clean}"[:31]


def to_pdf(document: Document) -> bytes:
    from weasyprint import HTML

    html = render_to_string("appeals/reports/pdf.html", {
        "document": document, "lang": (get_language() or "kk")[:2], "generated_at": timezone.localtime(),
        "tables": [{"title": t.title, "header": t.header, "rows": [[_cell_text(v) for v in r] for r in t.rows],
                    "footer": [_cell_text(v) for v in t.footer] if t.footer else None} for t in document.tables],
    })
    return HTML(string=html).write_pdf()


WRITERS = {"csv": to_csv, "xlsx": to_xlsx, "pdf": to_pdf}


def export(document: Document, fmt: str) -> tuple[bytes, str, str]:
    """``(content, content type, file name)`` of ``document`` in ``fmt`` (csv, xlsx or pdf)."""
    if fmt not in WRITERS:
        raise ValueError(f"unknown export format {fmt!r}")
    lang = (get_language() or "kk")[:2]
    return WRITERS[fmt](document), FORMATS[fmt], f"{document.filename}-{lang}.{fmt}"
