"""Importing actuals from CSV and XLSX: all rows or none, each problem reported by its row."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from auyl.budget import services
from auyl.budget.imports import MAX_BYTES, ImportRejected
from auyl.budget.models import Actual
from auyl.core.models import AuditEvent

pytestmark = pytest.mark.usefixtures("english")

HEADER = "section,code,name,period,amount\n"


def csv_file(body: str, name="actuals.csv", encoding="utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (HEADER + body).encode(encoding), content_type="text/csv")


def xlsx_file(rows, name="actuals.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["section", "code", "name", "period", "amount"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(name, out.getvalue())


@pytest.fixture
def budget(make_budget):
    return make_budget("executing")


def _import(staff, budget, uploaded):
    return services.import_actuals(actor=staff["executor"], budget=budget, uploaded_file=uploaded)


def _rejected(staff, budget, uploaded) -> list[tuple[int, str]]:
    with pytest.raises(ImportRejected) as exc:
        _import(staff, budget, uploaded)
    assert not Actual.objects.filter(budget=budget).exists(), "nothing may be stored"
    return [(e.row, e.message) for e in exc.value.row_errors]


def test_a_valid_csv_is_imported_with_a_matching_total(staff, budget):
    result = _import(
        staff,
        budget,
        csv_file(
            'revenue,land_tax,Land tax,2030-03,"812 500,50"\n'
            "revenue,transfers,,2030-03,1250000\n"
            "revenue,TOTAL,,2030-03,2062500.50\n"
            "expenditure,roads,Roads,03.2030,400000\n"
        ),
    )
    assert (result.created, result.changed) == (3, 0)
    stored = {(a.code, a.period): a.amount for a in Actual.objects.filter(budget=budget)}
    assert stored == {
        ("land_tax", 3): Decimal("812500.50"),
        ("transfers", 3): Decimal("1250000.00"),
        ("roads", 3): Decimal("400000.00"),
    }
    event = AuditEvent.objects.get(action="budget.actuals_recorded")
    assert event.changes["source"] == "import" and event.changes["note"] == "actuals.csv"


def test_a_second_import_replaces_the_amounts_of_the_same_period(staff, budget):
    _import(staff, budget, csv_file("revenue,land_tax,,2030-03,100\n"))
    result = _import(staff, budget, csv_file("revenue,land_tax,,2030-03,150\nrevenue,land_tax,,2030-04,10\n"))
    assert (result.created, result.changed) == (1, 1)
    assert Actual.objects.get(budget=budget, code="land_tax", period=3).amount == Decimal("150.00")


def test_semicolons_and_russian_column_names_are_read(staff, budget):
    data = "раздел;код;период;сумма\nдоходы;land_tax;2030-05;1 000,25\n".encode()
    _import(staff, budget, SimpleUploadedFile("отчёт.csv", b"\xef\xbb\xbf" + data))
    assert Actual.objects.get(budget=budget).amount == Decimal("1000.25")


def test_a_valid_xlsx_is_imported_with_numbers_and_dates_as_excel_keeps_them(staff, budget):
    result = _import(
        staff,
        budget,
        xlsx_file(
            [
                ["revenue", "vehicle_tax", "Vehicle tax", dt.datetime(2030, 2, 1), 1234.56],
                ["expenditure", "apparatus", None, "2030-02", 500000],
                ["expenditure", "TOTAL", None, "2030-02", 500000.0],
            ]
        ),
    )
    assert result.created == 2
    assert Actual.objects.get(budget=budget, code="vehicle_tax").amount == Decimal("1234.56")


def test_every_bad_row_is_reported_and_nothing_is_stored(staff, budget):
    errors = _rejected(
        staff,
        budget,
        csv_file(
            "revenue,land_tax,,2030-01,1000\n"  # row 2: fine
            "revenue,no_such_tax,,2030-01,10\n"  # row 3: unknown line
            "expenditure,roads,,2030-01,-5\n"  # row 4: negative
            "expenditure,TOTAL,,2030-01,999\n"  # row 5: the sum does not match
            "revenue,fees,,2030-13,1\n"  # row 6: no such month
            "revenue,fees,,2029-01,1\n"  # row 7: another year
            "revenue,fees,,2030-Q1,1\n"  # row 8: a quarter in a monthly budget
            "income,fees,,2030-01,1\n"  # row 9: unknown section
            "revenue,fees,,2030-01,12.345\n"  # row 10: three decimals
            "revenue,fees,,2030-01,abc\n"  # row 11: not a number
            "revenue,land_tax,,2030-01,5\n"  # row 12: the same line and period twice
            "revenue,land_tax,,2030-09,5\n"
        ),
    )  # row 13: a period not begun yet
    by_row = {}
    for row, message in errors:
        by_row.setdefault(row, []).append(message)
    assert sorted(by_row) == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]
    assert "Unknown line no_such_tax" in by_row[3][0]
    assert "cannot be negative" in by_row[4][0]
    assert "does not match the sum of the rows" in by_row[5][0]
    assert "Unknown period" in by_row[6][0]
    assert "not in the budget's year 2030" in by_row[7][0]
    assert "monthly" in by_row[8][0]
    assert "Write revenue or expenditure" in by_row[9][0]
    assert "two decimal places" in by_row[10][0]
    assert "must be a number" in by_row[11][0]
    assert "already at row 2" in by_row[12][0]
    assert "has not begun" in by_row[13][0]


def test_a_second_total_of_the_same_period_is_refused(staff, budget):
    """Only one check per section and period: otherwise a wrong first total could hide behind a right one."""
    errors = _rejected(
        staff,
        budget,
        csv_file(
            "revenue,land_tax,,2030-01,100\n"
            "revenue,TOTAL,,2030-01,999\n"  # row 3: does not match
            "revenue,TOTAL,,2030-01,100\n"  # row 4: matches, but a second total
        ),
    )
    assert [row for row, _message in errors] == [3, 4]
    assert "already at row 3" in errors[1][1]


def test_huge_numbers_in_a_workbook_are_refused_by_row(staff, budget):
    errors = _rejected(
        staff,
        budget,
        xlsx_file(
            [
                ["revenue", "land_tax", None, "2030-01", 10**30],
                ["revenue", "vehicle_tax", None, "2030-01", 1e30],
                ["revenue", "income_tax", None, "2030-01", "1e30"],
            ]
        ),
    )
    assert errors == [(row, "The amount is too large.") for row in (2, 3, 4)]


def test_bad_xlsx_rows_are_reported_by_their_spreadsheet_row(staff, budget):
    errors = _rejected(
        staff,
        budget,
        xlsx_file(
            [
                ["revenue", "land_tax", None, "2030-01", 10],
                ["expenditure", "nothing", None, "2030-01", 10],
                ["revenue", "fees", None, "2030-01", -1],
            ]
        ),
    )
    assert [row for row, _message in errors] == [3, 4]


@pytest.mark.parametrize(
    "uploaded, message",
    [
        (
            SimpleUploadedFile("a.xlsx", b"PK\x03\x04 this is not really a workbook"),
            "cannot be read as an Excel",
        ),
        (SimpleUploadedFile("a.xlsx", b"plain text named .xlsx"), "cannot be read as an Excel"),
        (SimpleUploadedFile("a.xls", b"\xd0\xcf\x11\xe0old excel"), "Old Excel files"),
        (csv_file("revenue,land_tax,Земельный налог,2030-01,10\n", encoding="cp1251"), "not in UTF-8"),
        (csv_file("revenue,land_tax,,2030-01,10\n", encoding="utf-16"), "UTF-16"),
        (SimpleUploadedFile("a.csv", b""), "empty"),
        (SimpleUploadedFile("a.csv", b"amount,period\n1,2\n"), "no column section, code"),
        (SimpleUploadedFile("a.csv", HEADER.encode()), "no rows to import"),
        (SimpleUploadedFile("a.csv", b"section,code,period,amount\n\x00\x01"), "not a text file"),
    ],
)
def test_broken_files_are_refused_with_a_clear_message(staff, budget, uploaded, message):
    errors = _rejected(staff, budget, uploaded)
    assert message in " ".join(m for _row, m in errors)


def test_a_10_mb_file_is_refused_before_it_is_read(staff, budget):
    big = SimpleUploadedFile(
        "big.csv", HEADER.encode() + b"revenue,land_tax,,2030-01,1\n" * (10 * 1024 * 1024 // 28)
    )
    assert big.size > MAX_BYTES
    errors = _rejected(staff, budget, big)
    assert "too large" in errors[0][1]


def test_a_file_over_the_row_limit_is_refused(staff, budget):
    errors = _rejected(staff, budget, csv_file("revenue,land_tax,,2030-01,1\n" * 6000))
    assert "more than 5000 rows" in errors[0][1]


def test_actuals_are_refused_before_execution_starts(make_budget, staff):
    budget = make_budget("approved")
    with pytest.raises(ValidationError) as exc:
        _import(staff, budget, csv_file("revenue,land_tax,,2030-01,1\n"))
    assert "while the budget is being executed" in " ".join(exc.value.messages)
    assert not Actual.objects.exists()


def test_quarterly_budgets_take_quarters(make_budget, staff):
    budget = make_budget("executing", period_kind="quarter")
    _import(staff, budget, csv_file("revenue,land_tax,,2030-Q1,100\nrevenue,fees,,Q2,5\n"))
    assert sorted(Actual.objects.values_list("period", flat=True)) == [1, 2]
    errors = _rejected_after(staff, budget, csv_file("revenue,land_tax,,2030-03,1\n"))
    assert "quarterly" in errors[0][1]


def _rejected_after(staff, budget, uploaded):
    count = Actual.objects.count()
    with pytest.raises(ImportRejected) as exc:
        _import(staff, budget, uploaded)
    assert Actual.objects.count() == count
    return [(e.row, e.message) for e in exc.value.row_errors]
