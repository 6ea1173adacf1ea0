"""Exports: CSV read back by the csv module, XLSX by openpyxl, PDF with its Kazakh text in DejaVu Sans."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from auyl.appeals import exports, reports
from auyl.core.exports import FORMATS, export, to_csv, to_xlsx
from auyl.core.tests.pdf_reading import pdf_fonts, pdf_text

from .report_helpers import make_appeal

D = dt.date
KAZAKH_LETTERS = "әғқңөұүһі"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def table(tree, people):
    reg = people["registrar"]
    for code, n in (
        ("housing-heating", 17),
        ("land-allocation", 2),
        ("public-order", 0),
        ("emergency-flood", 4),
    ):
        for i in range(n):
            make_appeal(reg, tree["village_a1"], code, D(2021, 2, 1) + dt.timedelta(days=i))
    return reports.form_report(people["akim"], tree["rd_a"], D(2021, 1, 1), D(2021, 12, 31), "sector7")


def test_csv_has_a_bom_semicolons_and_the_printed_numbers(table):
    with translation.override("kk"):
        content, content_type, name = export(exports.form_document(table), "csv")
    assert content.startswith(b"\xef\xbb\xbf") and content_type.startswith("text/csv")
    assert name == "appeals-sector7-111033000-2021-kk.csv"
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    body = {r[1]: r[2:] for r in rows if len(r) >= 4}
    assert body["Әлеуметтік сала"] == ["0", "0,00"]
    assert body["Тұрғын үй-коммуналдық шаруашылығы"] == ["17", "73,91"]
    assert body["Төтенше жағдайлар"] == ["4", "17,39"]
    assert body["Полиция қызметі, құқық қорғау"] == ["0", "0,00"]
    assert rows[-1][2:] == ["23", "100"]


def test_xlsx_keeps_numbers_as_numbers(table):
    with translation.override("ru"):
        content, _type, name = export(exports.form_document(table), "xlsx")
    assert name.endswith("-ru.xlsx")
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    rows = {r[1]: r[2:] for r in sheet.iter_rows(min_row=5, values_only=True)}
    assert rows["Жилищно-коммунальное хозяйство"] in ((17, Decimal("73.91")), (17, 73.91))
    assert rows["Итого" if "Итого" in rows else "Total"][0] == 23
    assert sheet.cell(row=5, column=4).number_format == "0.00"


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("kk", ["Тұрғын", "үй-коммуналдық", "Әлеуметтік", "Төтенше", "қатынастары", "құқық", "қорғау"]),
        ("ru", ["Жилищно-коммунальное", "Чрезвычайные", "ситуации"]),
    ],
)
def test_pdf_carries_the_text_in_dejavu_sans(table, lang, words):
    with translation.override(lang):
        content, content_type, _name = export(exports.form_document(table), "pdf")
    assert content.startswith(b"%PDF") and content_type == "application/pdf"
    text = pdf_text(content)
    for word in words:
        assert word in text
    assert "73,91" in text and "\ufffd" not in text
    if lang == "kk":
        assert set("әұүөқі") <= set(text)  # Kazakh letters came out as themselves, not as boxes
    fonts = pdf_fonts(content)
    assert fonts and all(f.startswith(b"DejaVu-Sans") for f in fonts), fonts  # no fallback font anywhere


def test_the_monthly_analysis_and_the_applicant_summary_export_in_every_format(table, people, tree):
    month = reports.monthly_analysis(people["akim"], tree["rd_a"], 2021, 2)
    summary = reports.applicant_summary(people["akim"], tree["rd_a"], D(2021, 1, 1), D(2021, 12, 31))
    with translation.override("kk"):
        for document in (exports.monthly_document(month), exports.summary_document(summary)):
            for fmt in FORMATS:
                content, _type, name = export(document, fmt)
                assert content and name.endswith(f"-kk.{fmt}")
        csv_rows = list(
            csv.reader(
                io.StringIO(to_csv(exports.monthly_document(month)).decode("utf-8-sig")), delimiter=";"
            )
        )
    assert ["1", "Жылумен жабдықтау", "17", "73,91"] in csv_rows
    book = load_workbook(io.BytesIO(to_xlsx(exports.summary_document(summary))))
    assert [r[2] for r in book.worksheets[0].iter_rows(min_row=5, values_only=True)][:3] == [23, 0, 0]


def test_an_unknown_format_is_refused(table):
    with pytest.raises(ValueError):
        export(exports.form_document(table), "docx")
