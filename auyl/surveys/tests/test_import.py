"""CSV import: every row checked, errors reported by row and column, nothing stored unless all rows are
valid; broken, foreign-encoded, oversized and repeated files refused."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from auyl.core.models import TerritorySetting
from auyl.surveys import services
from auyl.surveys.imports import ImportRejected
from auyl.surveys.models import Answer, ImportBatch, Response
from auyl.surveys.questions import OptionSpec, QuestionSpec

from .conftest import build_survey


@pytest.fixture
def survey(registrar, tree):
    return build_survey(
        registrar,
        tree["rd_a"],
        questions=[
            QuestionSpec(
                "single",
                "Қанағаттанасыз ба?",
                "Довольны ли вы?",
                is_required=True,
                code="happy",
                options=[OptionSpec("иә", "да", code="yes"), OptionSpec("жоқ", "нет", code="no")],
            ),
            QuestionSpec(
                "multiple",
                "Не маңызды?",
                "Что важно?",
                code="topics",
                options=[
                    OptionSpec("Жол", "Дороги", code="roads"),
                    OptionSpec("Су", "Вода", code="water"),
                    OptionSpec("Мектеп", "Школа", code="school"),
                ],
            ),
            QuestionSpec("scale", "Баға", "Оценка", code="score", scale_min=1, scale_max=5),
            QuestionSpec("number", "Отбасы", "Семья", code="family", number_min=1, number_max=30),
            QuestionSpec("text", "Пікір", "Мнение", code="comment"),
        ],
    )


def run(registrar, survey, text: str, *, encoding="utf-8", name="file.csv"):
    return services.import_responses(
        actor=registrar, survey=survey, data=text.encode(encoding), file_name=name
    )


def rejected(registrar, survey, text: str, **kwargs) -> list[tuple[int, str, str]]:
    with pytest.raises(ImportRejected) as refused:
        run(registrar, survey, text, **kwargs)
    assert Response.objects.count() == 0 and Answer.objects.count() == 0 and ImportBatch.objects.count() == 0
    return [(e.row, e.column, e.message) for e in refused.value.errors]


GOOD = (
    "settlement;age_band;sex;happy;topics;score;family;comment\r\n"
    "111033100;18-25;f;yes;roads|water;5;4;Жол жөндеу керек\r\n"
    "111033200;56+;ер;2;;3;2,0;\r\n"
    ";;;иә;3;;;\r\n"
)


def test_a_valid_file_is_imported_whole(survey, registrar, tree):
    batch = run(registrar, survey, "\ufeff" + GOOD)
    assert batch.rows == 3 and Response.objects.filter(import_batch=batch, channel="import").count() == 3
    assert sorted(Answer.objects.filter(question__code="topics").values_list("option__code", flat=True)) == [
        "roads",
        "school",
        "water",
    ]
    assert set(Response.objects.values_list("settlement__code", "age_band", "sex")) == {
        ("111033100", "18-25", "f"),
        ("111033200", "56+", "m"),
        (None, "", ""),
    }
    assert Answer.objects.get(question__code="comment").text == "Жол жөндеу керек"


@pytest.mark.parametrize("delimiter", [",", "\t"])
def test_commas_and_tabs_separate_columns_too(survey, registrar, delimiter):
    text = GOOD.replace(";", delimiter).replace("2,0", "2.0")
    assert run(registrar, survey, text).rows == 3


def test_row_errors_are_reported_by_row_and_column_and_nothing_is_stored(survey, registrar):
    text = (
        "happy;topics;score;family;settlement;sex\n"
        "yes;roads;5;4;111033100;f\n"
        "maybe;roads;5;4;;\n"  # unknown option
        ";water;5;4;;\n"  # a required answer missing
        "no;roads|bridges;9;many;;\n"  # unknown option, scale out of range, not a number
        "no;;;31;111035100;x\n"  # number above the maximum, settlement elsewhere, unknown sex
        "yes;;;;;;;extra\n"
    )  # more cells than the header
    errors = rejected(registrar, survey, text)
    assert [(row, column) for row, column, _message in errors] == [
        (3, "happy"),
        (4, "happy"),
        (5, "topics"),
        (5, "score"),
        (5, "family"),
        (6, "settlement"),
        (6, "sex"),
        (6, "family"),
        (7, ""),
    ]
    messages = dict(((row, column), message) for row, column, message in errors)
    assert messages[(3, "happy")] == "Unknown option «maybe» (expected one of: yes, no)."
    assert messages[(4, "happy")] == "Answer this question."
    assert messages[(5, "family")] == "«many» is not a number."
    assert messages[(6, "family")] == "The number must be at most 30."
    assert messages[(7, "")] == "This row has more cells than the header."


def test_header_problems(survey, registrar):
    errors = rejected(registrar, survey, "topics;colour;topics\nroads;red;water\n")
    assert [(row, column) for row, column, _m in errors][:3] == [(1, "colour"), (1, "topics"), (1, "happy")]
    assert "missing" in errors[2][2]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (GOOD.encode("cp1251", errors="replace"), "not UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "not UTF-8"),
        (b"happy\x00;x\n", "not a CSV text file"),
        (b"", "empty"),
        (b"happy;score\n", "no rows"),
        (b'happy;comment\nyes;"never closed\n', "damaged"),
    ],
)
def test_broken_files_are_refused(survey, registrar, content, message):
    with pytest.raises(ImportRejected) as refused:
        services.import_responses(actor=registrar, survey=survey, data=content, file_name="bad.csv")
    assert message in refused.value.errors[0].message
    assert Response.objects.count() == 0


def test_too_large_or_too_long_files_are_refused(survey, registrar, tree):
    TerritorySetting.objects.create(territory=tree["rd_a"], key="surveys.import_max_rows", value=2)
    assert "more than 2 rows" in rejected(registrar, survey, GOOD)[0][2]
    TerritorySetting.objects.create(territory=tree["rd_a"], key="surveys.import_max_kb", value=1)
    big = "happy;comment\n" + "yes;" + "ж" * 2000 + "\n"
    assert "too large" in rejected(registrar, survey, big)[0][2]


def test_the_same_file_is_not_imported_twice(survey, registrar):
    run(registrar, survey, GOOD)
    with pytest.raises(ImportRejected, match="already imported"):
        run(registrar, survey, GOOD, name="again.csv")
    assert Response.objects.count() == 3


def test_only_staff_of_the_unit_import(survey, other_registrar):
    with pytest.raises(PermissionDenied):
        run(other_registrar, survey, GOOD)
    assert Response.objects.count() == 0


def test_a_settlement_is_a_village_not_the_rural_district_itself(survey, registrar, tree):
    """The breakdown by settlement would otherwise show the rural district as one of its own villages."""
    errors = rejected(registrar, survey, "settlement;happy\n111033000;yes\n")
    assert [(row, column) for row, column, _message in errors] == [(2, "settlement")]
    with pytest.raises(ValidationError, match="not a larger unit"):
        services.enter_paper_response(
            actor=registrar, survey=survey, values={"happy": "yes"}, settlement=tree["rd_a"]
        )
    assert Response.objects.count() == 0
