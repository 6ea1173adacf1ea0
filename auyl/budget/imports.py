"""Importing actuals from a CSV or XLSX file, all or nothing, with every problem reported by row.

The file has a header row and one row per line and period (the import template of the staff page is
such a file, pre-filled with the plan's lines)::

    section,code,name,period,amount
    revenue,land_tax,Land tax,2026-03,812500.00
    expenditure,roads,Roads and streets,2026-03,1250000
    expenditure,TOTAL,,2026-03,1250000

``section`` is ``revenue`` or ``expenditure`` (or доходы / расходы, кірістер / шығыстар); ``code`` is the
revenue source's or the programme's code; ``name`` is ignored; ``period`` is ``2026-03`` (or ``03.2026``,
or a date cell) for a monthly budget, ``2026-Q1`` for a quarterly one; ``amount`` is in tenge (spaces
between thousands and a decimal comma are accepted). A row with the code ``TOTAL`` is a check: it must
equal the sum of that section's rows of that period in the file. CSV is UTF-8 (Excel: "CSV UTF-8"),
separated by commas, semicolons or tabs; XLSX is read from its first sheet.
Nothing is stored unless every row is valid (:class:`ImportRejected` lists them all).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
import zlib
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from auyl.core.permissions import require_perm

from . import versions
from .execution import (
    ActualEntry,
    RecordResult,
    executing_version,
    line_error,
    period_error,
    plan_lines,
    record_actuals,
)
from .models import Budget, PeriodKind, Section

MAX_BYTES = 1024 * 1024  # a year of monthly actuals of ~30 lines is ~30 KB
MAX_ROWS = 5000
MAX_COLUMNS = 20
TOTAL_CODES = {"total", "итого", "барлығы"}
COLUMNS = {
    "section": {"section", "раздел", "бөлім"},
    "code": {"code", "код"},
    "period": {"period", "период", "кезең"},
    "amount": {"amount", "сумма", "сома"},
}
SECTIONS = {
    "revenue": Section.REVENUE,
    "доходы": Section.REVENUE,
    "кірістер": Section.REVENUE,
    "expenditure": Section.EXPENDITURE,
    "расходы": Section.EXPENDITURE,
    "шығыстар": Section.EXPENDITURE,
}


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it (the header is row 1); 0 for the file as a whole
    column: str
    message: str


class ImportRejected(ValidationError):
    """Nothing was imported; ``row_errors`` says why, row by row."""

    def __init__(self, errors: list[RowError]):
        self.row_errors = sorted(errors, key=lambda e: (e.row, e.column))
        super().__init__(
            [
                (_("Row %(row)s: %(problem)s") % {"row": e.row, "problem": e.message}) if e.row else e.message
                for e in self.row_errors
            ]
        )


def _file_error(message: str) -> ImportRejected:
    return ImportRejected([RowError(0, "", message)])


# --- reading the file ------------------------------------------------------------------------------


def _read_bytes(uploaded) -> bytes:
    size = getattr(uploaded, "size", None)
    if size is not None and size > MAX_BYTES:
        raise _file_error(_("The file is too large (at most %(n)s MB).") % {"n": MAX_BYTES // (1024 * 1024)})
    data = uploaded.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _file_error(_("The file is too large (at most %(n)s MB).") % {"n": MAX_BYTES // (1024 * 1024)})
    if not data.strip():
        raise _file_error(_("The file is empty."))
    return data


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _file_error(_('The file is saved as UTF-16 text: save it as "CSV UTF-8" and try again.'))
    if b"\x00" in data:
        raise _file_error(_("This is not a text file: upload a CSV or XLSX file."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _file_error(
            _(
                "The file is not in UTF-8 (perhaps Windows-1251): in Excel, save it as "
                '"CSV UTF-8" and try again.'
            )
        ) from None


def _csv_rows(data: bytes) -> list[tuple[int, list]]:
    text = _decode(data)
    first = text.lstrip().split("\n", 1)[0]
    delimiter = max([";", ",", "\t"], key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for values in reader:
            if len(rows) > MAX_ROWS:
                raise _file_error(_("The file has more than %(n)s rows.") % {"n": MAX_ROWS})
            rows.append((reader.line_num, values[:MAX_COLUMNS]))
    except csv.Error as exc:
        raise ImportRejected(
            [RowError(reader.line_num, "", _("The row cannot be read: %(error)s") % {"error": exc})]
        ) from None
    return rows


def _xlsx_rows(data: bytes) -> list[tuple[int, list]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            rows = []
            for number, values in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1):
                if len(rows) > MAX_ROWS:
                    raise _file_error(_("The file has more than %(n)s rows.") % {"n": MAX_ROWS})
                rows.append((number, list(values)))
        finally:
            workbook.close()
    except ImportRejected:
        raise
    except (
        zipfile.BadZipFile,
        InvalidFileException,
        KeyError,
        ValueError,
        TypeError,
        IndexError,
        OSError,
        EOFError,
        zlib.error,
    ):
        raise _file_error(
            _("The file cannot be read as an Excel workbook (XLSX): it may be damaged.")
        ) from None
    return rows


def read_rows(uploaded) -> list[tuple[int, list]]:
    """``[(row number, [cell values])]`` of a CSV or XLSX upload; ImportRejected when it cannot be read."""
    data = _read_bytes(uploaded)
    name = (getattr(uploaded, "name", "") or "").lower()
    if data.startswith(b"PK\x03\x04") or name.endswith(".xlsx"):
        return _xlsx_rows(data)
    if name.endswith(".xls") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _file_error(_("Old Excel files (.xls) are not read: save the file as .xlsx or CSV UTF-8."))
    return _csv_rows(data)


# --- cells -----------------------------------------------------------------------------------------


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _amount(value) -> Decimal:
    if isinstance(value, bool):
        raise ValueError(_("The amount must be a number."))
    if isinstance(value, int):
        return versions.parse_amount(Decimal(value))
    if isinstance(value, float):  # an Excel number: exact to the tiyn, or refused
        exact = Decimal(repr(value))
        if not exact.is_finite() or abs(exact) > versions.MAX_AMOUNT:
            return versions.parse_amount(exact)  # refused with the message that fits
        rounded = exact.quantize(Decimal("0.01"))
        return versions.parse_amount(rounded if abs(exact - rounded) < Decimal("0.000001") else exact)
    text = re.sub(r"[\s\u00a0\u202f']", "", _text(value))
    if not text:
        raise ValueError(_("Give the amount."))
    if text.startswith("(") and text.endswith(")"):
        text = "-" + text[1:-1]
    if "," in text and "." in text:  # the last separator is the decimal one
        thousands = "," if text.rfind(".") > text.rfind(",") else "."
        text = text.replace(thousands, "").replace(",", ".")
    else:
        text = text.replace(",", ".")
    try:
        return versions.parse_amount(Decimal(text))
    except InvalidOperation:
        raise ValueError(_("The amount must be a number.")) from None


def _period_parts(value) -> tuple[int | None, str, int]:
    """``(year or None, "month" | "quarter" | "", number)`` of a period cell."""
    if isinstance(value, dt.datetime | dt.date):
        return value.year, PeriodKind.MONTH, value.month
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        return None, "", int(value)
    text = _text(value).upper().replace(" ", "")
    patterns = [
        (r"(\d{4})-(\d{1,2})(?:-\d{1,2})?", PeriodKind.MONTH, (1, 2)),
        (r"(\d{1,2})[./](\d{4})", PeriodKind.MONTH, (2, 1)),
        (r"(\d{4})-?Q([1-4])", PeriodKind.QUARTER, (1, 2)),
        (r"Q([1-4])", PeriodKind.QUARTER, (None, 1)),
        (r"(\d{1,2})", "", (None, 1)),
    ]
    for pattern, kind, (year_group, number_group) in patterns:
        match = re.fullmatch(pattern, text)
        if match:
            year = int(match.group(year_group)) if year_group else None
            return year, kind, int(match.group(number_group))
    raise ValueError(_("Write the period as 2026-03 (a month) or 2026-Q1 (a quarter)."))


def _period(value, budget: Budget) -> int:
    year, kind, number = _period_parts(value)
    if kind and kind != budget.period_kind:
        example = f"{budget.year}-03" if budget.period_kind == PeriodKind.MONTH else f"{budget.year}-Q1"
        raise ValueError(
            _("This budget's actuals are %(kind)s: write the period like %(example)s.")
            % {"kind": PeriodKind(budget.period_kind).label.lower(), "example": example}
        )
    if year is not None and year != budget.year:
        raise ValueError(
            _("The period is in %(year)s, not in the budget's year %(budget)s.")
            % {"year": year, "budget": budget.year}
        )
    if not 1 <= number <= budget.period_count:
        raise ValueError(_("Unknown period."))
    return number


# --- rows ------------------------------------------------------------------------------------------


def _header(rows: list[tuple[int, list]]) -> tuple[int, dict[str, int]]:
    """The row number of the header and the column index of each required column."""
    for number, values in rows:
        names = [_text(v).lower() for v in values]
        if not any(names):
            continue
        columns = {
            key: next((i for i, n in enumerate(names) if n in aliases), None)
            for key, aliases in COLUMNS.items()
        }
        missing = [key for key, index in columns.items() if index is None]
        if missing:
            raise ImportRejected(
                [
                    RowError(
                        number,
                        "",
                        _(
                            "The header row has no column %(names)s (it needs "
                            "section, code, period and amount)."
                        )
                        % {"names": ", ".join(missing)},
                    )
                ]
            )
        return number, columns
    raise _file_error(_("The file has no rows to import."))


def _cell(values: list, index: int):
    return values[index] if index < len(values) else None


def _parse_row(number: int, values: list, columns: dict, budget: Budget, plan: set, errors: list[RowError]):
    """``(section, code, period, amount)`` of one row, or None with all its errors appended."""
    found, problems = {}, []
    section = SECTIONS.get(_text(_cell(values, columns["section"])).lower())
    if section is None:
        problems.append(RowError(number, "section", _("Write revenue or expenditure.")))
    code = _text(_cell(values, columns["code"])).lower()
    if not code:
        problems.append(RowError(number, "code", _("Give the line's code.")))
    elif section is not None and code not in TOTAL_CODES and line_error(plan, section, code):
        problems.append(RowError(number, "code", line_error(plan, section, code)))
    for key, parse in (("period", lambda v: _period(v, budget)), ("amount", _amount)):
        try:
            found[key] = parse(_cell(values, columns[key]))
        except ValueError as exc:
            problems.append(RowError(number, key, str(exc)))
    if "period" in found and code not in TOTAL_CODES and period_error(budget, found["period"]):
        problems.append(RowError(number, "period", period_error(budget, found["period"])))
    errors += problems
    return None if problems else (section, code, found["period"], found["amount"])


def parse_entries(budget: Budget, rows: list[tuple[int, list]], plan: set) -> list[ActualEntry]:
    """Every row as an :class:`ActualEntry`; ImportRejected listing every bad row."""
    header_row, columns = _header(rows)
    errors: list[RowError] = []
    entries, totals, seen = [], {}, {}
    for number, values in rows:
        if number <= header_row or not any(_text(v) for v in values):
            continue
        parsed = _parse_row(number, values, columns, budget, plan, errors)
        if parsed is None:
            continue
        section, code, period, amount = parsed
        if code in TOTAL_CODES:
            if (section, period) in totals:
                errors.append(
                    RowError(
                        number,
                        "code",
                        _("The total of this section and period is already at row %(row)s.")
                        % {"row": totals[(section, period)][0]},
                    )
                )
            totals.setdefault((section, period), (number, amount))
            continue
        entry = ActualEntry(section, code, period, amount, row=number)
        if (section, code, period) in seen:
            errors.append(
                RowError(
                    number,
                    "code",
                    _("This line and period are already at row %(row)s.")
                    % {"row": seen[(section, code, period)]},
                )
            )
        seen.setdefault((section, code, period), number)
        entries.append(entry)
    errors += _total_errors(entries, totals)
    if errors:
        raise ImportRejected(errors)
    if not entries:
        raise _file_error(_("The file has no rows to import."))
    return entries


def _total_errors(entries: list[ActualEntry], totals: dict) -> list[RowError]:
    sums: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    for entry in entries:
        sums[(entry.section, entry.period)] += entry.amount
    errors = []
    for key, (row, declared) in totals.items():
        actual = sums.get(key, Decimal("0"))
        if actual != declared:
            errors.append(
                RowError(
                    row,
                    "amount",
                    _(
                        "The total %(total)s does not match the sum of the rows, "
                        "%(sum)s (difference %(diff)s)."
                    )
                    % {"total": declared, "sum": actual, "diff": declared - actual},
                )
            )
    return errors


@transaction.atomic
def import_actuals(*, actor, budget: Budget, uploaded_file) -> RecordResult:
    """Import a CSV or XLSX file of actuals: every row is checked before anything is stored."""
    require_perm(actor, "budget.execute", budget.territory)
    plan = plan_lines(executing_version(budget))
    entries = parse_entries(budget, read_rows(uploaded_file), plan)
    name = (getattr(uploaded_file, "name", "") or "")[:100]
    return record_actuals(actor=actor, budget=budget, entries=entries, source="import", note=name)
