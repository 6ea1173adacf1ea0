"""Tables as files officials use: CSV (for Excel), XLSX and PDF, in the active language.

An app lays its report out as a :class:`Document` (titled :class:`Table` s of cells) and :func:`export`
turns it into the bytes, content type and file name of one of :data:`FORMATS`; so every report of the
platform exports the same way in every format. Call the builders and :func:`export` under
``translation.override(lang)`` to get Kazakh, Russian or English labels (and the language in the file name).

* CSV: UTF-8 with a byte-order mark (Excel then reads Kazakh letters right), ``;``-separated and with
  a decimal comma in Kazakh and Russian, as Excel expects in those locales.
* XLSX (openpyxl): counts and shares as numbers, one sheet per table.
* PDF (weasyprint): the template ``core/export_pdf.html`` in DejaVu Sans, a font with every Kazakh letter
  (ә ғ қ ң ө ұ ү һ і).

Cells are ints, ``Decimal`` s, floats, text or None (an empty cell; printed as such in CSV and PDF).
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

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
PDF_TEMPLATE = "core/export_pdf.html"


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list]
    footer: list | None = None
    empty: str = ""  # what the PDF says for a table without rows (a neutral sentence when not given)


@dataclass
class Document:
    title: str
    subtitle: str
    filename: str  # without extension, ASCII
    tables: list[Table] = field(default_factory=list)


def format_number(value: Decimal | int | float | None) -> str:
    """A number as the sources print it: decimal comma in Kazakh and Russian, point in English."""
    if value is None:
        return "—"
    text = str(value)
    return text.replace(".", ",") if (get_language() or "kk")[:2] in ("kk", "ru") else text


def _cell_text(value) -> str:
    if isinstance(value, Decimal | float):
        return format_number(value)
    return "" if value is None else str(value)


def to_csv(document: Document) -> bytes:
    """UTF-8 with a byte-order mark, ``;``-separated, numbers with the language's decimal separator."""
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
    """One sheet per table (title, subtitle, table title, header, rows, footer); numbers stay numbers."""
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
    """An A4 PDF in DejaVu Sans (every Kazakh letter), rendered by weasyprint from :data:`PDF_TEMPLATE`."""
    from weasyprint import HTML

    html = render_to_string(
        PDF_TEMPLATE,
        {
            "document": document,
            "lang": (get_language() or "kk")[:2],
            "generated_at": timezone.localtime(),
            "tables": [
                {
                    "title": t.title,
                    "header": t.header,
                    "rows": [[_cell_text(v) for v in r] for r in t.rows],
                    "footer": [_cell_text(v) for v in t.footer] if t.footer else None,
                    "empty": t.empty,
                }
                for t in document.tables
            ],
        },
    )
    return HTML(string=html).write_pdf()


WRITERS = {"csv": to_csv, "xlsx": to_xlsx, "pdf": to_pdf}


def export(document: Document, fmt: str) -> tuple[bytes, str, str]:
    """``(content, content type, file name)`` of ``document`` in ``fmt`` (csv, xlsx or pdf); the file name
    is ``<document.filename>-<language>.<fmt>``. Raises ``ValueError`` for any other format."""
    if fmt not in WRITERS:
        raise ValueError(f"unknown export format {fmt!r}")
    lang = (get_language() or "kk")[:2]
    return WRITERS[fmt](document), FORMATS[fmt], f"{document.filename}-{lang}.{fmt}"
