"""The house writers: CSV read back by the csv module, XLSX by openpyxl, PDF with its Kazakh text in DejaVu
Sans; the same document in every format, labelled in the active language."""

import csv
import io
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from auyl.core.exports import FORMATS, Document, Table, export, to_csv, to_xlsx

from .pdf_reading import pdf_fonts, pdf_text

KAZAKH = "Әлеуметтік қолдау, құқық қорғау, үй-жай, ғимарат, өңір, һ"


def document() -> Document:
    water = Table(
        "Су: сұрақтар / жауаптар [2030]",
        ["№", "Атауы", "Саны", "%"],
        [[1, KAZAKH, 17, Decimal("73.91")], [2, "Жол", 6, Decimal("26.09")], [3, "Бос", None, 0.5]],
        ["", "Барлығы", 23, Decimal("100.00")],
    )
    roads = Table("Жолдар", ["№", "Атауы"], [[1, "Орталық көше"]])
    return Document("Өтініштер", "Ақсу ауылдық округі · 2030", "appeals-test-111033000", [water, roads])


def csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8")), delimiter=";"))


def test_csv_starts_with_a_bom_and_prints_numbers_as_the_language_does():
    with translation.override("kk"):
        content = to_csv(document())
    assert content.startswith(b"\xef\xbb\xbf")  # Excel then reads Kazakh letters right
    rows = csv_rows(content.removeprefix(b"\xef\xbb\xbf"))
    assert rows[:2] == [["Өтініштер"], ["Ақсу ауылдық округі · 2030"]]
    assert ["1", KAZAKH, "17", "73,91"] in rows and ["3", "Бос", "", "0,5"] in rows  # None: an empty cell
    assert ["", "Барлығы", "23", "100,00"] in rows and ["1", "Орталық көше"] in rows
    with translation.override("en"):
        assert ["1", KAZAKH, "17", "73.91"] in csv_rows(to_csv(document()).removeprefix(b"\xef\xbb\xbf"))


def test_xlsx_opens_with_one_sheet_a_table_and_numbers_as_numbers():
    with translation.override("ru"):
        book = load_workbook(io.BytesIO(to_xlsx(document())))
    # Excel forbids []:*?/\ in a sheet's name and cuts it at 31 characters
    assert book.sheetnames == ["1. Су  сұрақтар   жауаптар  2030"[:31], "2. Жолдар"]
    sheet = book.worksheets[0]
    assert [row[0] for row in sheet.iter_rows(max_row=3, values_only=True)] == [
        "Өтініштер",
        "Ақсу ауылдық округі · 2030",
        "Су: сұрақтар / жауаптар [2030]",
    ]
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    assert rows[0] == (1, KAZAKH, 17, 73.91) and rows[-1] == (None, "Барлығы", 23, 100)
    assert sheet.cell(row=5, column=4).number_format == "0.00"
    assert sheet.cell(row=4, column=1).font.bold and sheet.cell(row=sheet.max_row, column=3).font.bold
    assert not sheet.cell(row=5, column=3).font.bold


def test_pdf_carries_the_kazakh_letters_in_dejavu_sans():
    with translation.override("kk"):
        content, content_type, name = export(document(), "pdf")
    assert content.startswith(b"%PDF") and content_type == "application/pdf"
    assert name == "appeals-test-111033000-kk.pdf"
    text = pdf_text(content)
    for word in ("Әлеуметтік", "құқық", "үй-жай", "ғимарат", "өңір", "Орталық", "Барлығы", "73,91"):
        assert word in text
    assert "\ufffd" not in text
    fonts = pdf_fonts(content)
    assert fonts and all(f.startswith(b"DejaVu-Sans") for f in fonts), fonts  # no fallback font anywhere


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_names_the_file_by_the_document_and_the_language(fmt):
    with translation.override("ru"):
        content, content_type, name = export(document(), fmt)
    assert content and content_type == FORMATS[fmt] and name == f"appeals-test-111033000-ru.{fmt}"


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError, match="docx"):
        export(document(), "docx")


def test_an_empty_table_says_so_in_its_own_words_or_a_neutral_sentence():
    tables = [Table("A", ["№", "x"], []), Table("B", ["№", "y"], [], empty="Бұл кезеңде өтініш жоқ.")]
    with translation.override("en"):
        content, _type, _name = export(Document("Бос", "", "empty", tables), "pdf")
    text = pdf_text(content)
    assert "Nothing recorded for this period." in text and "Бұл кезеңде өтініш жоқ." in text
    assert "No appeals" not in text
