"""The report's files: XLSX read back by openpyxl (every figure a number, in the form's rows), and PDF with
its Kazakh and Russian text in DejaVu Sans."""

import io
import re
import zlib

import pytest
from django.utils import translation
from openpyxl import load_workbook

from auyl.core.tests.pdf_reading import pdf_text
from auyl.reporting import examples, exports
from auyl.reporting.exports import HEADER_ROWS
from auyl.reporting.report import decree_826_report


@pytest.fixture
def report(tree, people, kz_resident):
    staff = examples.People(registrar=people["registrar"], executor=people["executor"])
    examples.build(examples.KYZYL_ZHULDYZ, staff, tree["rd_a"], tree["village_a2"], resident=kz_resident)
    return decree_826_report(people["akim"], tree["village_a2"], 2022, 2)


def test_xlsx_has_the_rows_of_the_form_as_numbers(report):
    with translation.override("ru"):
        content, content_type, name = exports.export(report, "xlsx")
    assert (
        content_type.startswith("application/vnd.openxmlformats")
        and name == "decree-826-111033200-2022-q2-ru.xlsx"
    )
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.cell(row=2, column=1).value.startswith("Қызыл Жұлдыз (111033200)")
    with translation.override("ru"):  # labels are lazy: compare them in the language of the file
        header = exports.header(report)
        assert header[2] == str(report.columns[0].label) and header[4] == str(report.columns[1].label)
    assert [c.value for c in sheet[HEADER_ROWS]] == header and len(header) == 6
    rows = {}
    for line in sheet.iter_rows(min_row=HEADER_ROWS + 1, values_only=True):
        rows.setdefault(line[1], line)
    participants = next(line for line in rows.values() if line[0] == "4.")
    assert participants[2:] == (39, None, 39, None)  # Q1 and Q1-Q2, cumulative: the same meeting
    roads = rows["6) Ремонта и строительства автомобильных дорог"]
    assert roads[0] is None and roads[2:] == (1, 0, 1, 0)
    other = rows["12) Другие"]
    assert other[2] == 2 and isinstance(other[2], int)
    numbers = [line[0] for line in sheet.iter_rows(min_row=HEADER_ROWS + 1, values_only=True) if line[0]]
    assert numbers == [f"{n}." for n in range(1, 11)]
    assert sheet.max_row == HEADER_ROWS + len(report.rows)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("kk", ["Қызыл", "Жұлдыз", "Автомобиль", "жолдарын", "жөндеу", "Абаттандыру", "Басқалар"]),
        ("ru", ["Ремонта", "автомобильных", "Благоустройства", "Другие"]),
    ],
)
def test_pdf_carries_kazakh_and_russian_in_dejavu_sans(report, lang, words):
    with translation.override(lang):
        content, content_type, name = exports.export(report, "pdf")
    assert content.startswith(b"%PDF") and content_type == "application/pdf" and name.endswith(f"-{lang}.pdf")
    text = pdf_text(content)
    for word in words:
        assert word in text, word
    assert "\ufffd" not in text and "39" in text
    if lang == "kk":
        assert set("әұүөқі") <= set(text)  # Kazakh letters came out as themselves, not as boxes
    objects = content + b"".join(
        zlib.decompress(m)
        for m in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S)
        if m[:1] == b"x"
    )
    fonts = set(re.findall(rb"/BaseFont /[A-Z]{6}\+([\w-]+)", objects))
    assert fonts and all(f.startswith(b"DejaVu-Sans") for f in fonts), fonts


def test_an_unknown_format_is_refused(report):
    with pytest.raises(ValueError):
        exports.export(report, "docx")
