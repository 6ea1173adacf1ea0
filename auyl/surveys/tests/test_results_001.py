"""The 597 responses behind 001:773-798, imported through the CSV import into the resident survey
template, reproduce every published count and percentage; the satisfaction indicator, breakdowns and
the exports are computed from them."""

import csv
import datetime as dt
import io
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.utils import translation

from auyl.core.models import TerritorySetting
from auyl.core.tests.pdf_reading import pdf_text
from auyl.surveys import exports, services
from auyl.surveys.demo import PUBLISHED, PUBLISHED_PERCENT, resident_survey_csv
from auyl.surveys.indicators import indicator_distribution, indicator_responses, satisfaction_distribution
from auyl.surveys.results import compute_results


@pytest.fixture
def survey_001(closed_001):
    return closed_001


@pytest.fixture
def results(survey_001):
    return {r.question.code: r for r in compute_results(survey_001).questions}


def whole(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def test_every_published_count_and_percentage(results):
    for code, counts in PUBLISHED.items():
        rows = {row.option.code: row for row in results[code].rows}
        assert {option: rows[option].count for option in counts} == counts, code
        assert {option: whole(rows[option].percent) for option in counts} == PUBLISHED_PERCENT[code], code


def test_bases_and_two_place_percentages(results):
    """Satisfaction and channels: every one of the 597 answered; question 6 one skipped (596); question 7
    had 598 choices from 597 people."""
    assert [r.base for r in (results["q12"], results["q10"], results["q6"], results["q7"])] == [
        597,
        597,
        596,
        597,
    ]
    assert [str(row.percent) for row in results["q12"].rows] == ["15.08", "7.04", "59.97", "17.92"]
    assert [str(row.percent) for row in results["q10"].rows] == ["10.05", "24.96", "64.99"]
    assert [str(row.percent) for row in results["q6"].rows] == ["55.03", "16.95", "28.02"]
    assert [str(row.percent) for row in results["q7"].rows] == [
        "40.03",
        "15.08",
        "10.05",
        "5.03",
        "2.01",
        "27.97",
    ]
    assert sum(row.count for row in results["q7"].rows) == 598


def test_profile_questions_feed_the_breakdowns(survey_001):
    report = compute_results(survey_001, by="age_band")
    assert [(g.key, g.respondents) for g in report.groups] == [
        ("18-25", 92),
        ("26-35", 141),
        ("36-45", 137),
        ("46-55", 118),
        ("56+", 109),
    ]
    satisfaction = next(r for r in report.questions if r.question.code == "q12").crosstab
    assert [sum(c.count for c in cells) for _option, cells in satisfaction.rows] == [90, 42, 358, 107]
    assert sum(c.count for c in satisfaction.bases) == 597 and not any(c.hidden for c in satisfaction.bases)
    by_village = compute_results(survey_001, by="settlement")
    assert [(g.label, g.respondents) for g in by_village.groups] == [("Қызыл Жар", 582), ("Қызыл Жұлдыз", 15)]


def test_satisfaction_indicator_once_results_are_final(survey_001, registrar, tree, clock):
    assert satisfaction_distribution(tree["rd_a"]) is None  # paper forms may still come: not final
    services.finalise_results(actor=registrar, survey=survey_001)
    final_at = clock.now
    clock.shift(days=1)
    found = satisfaction_distribution(tree["rd_a"])
    assert (found.base, found.favourable, str(found.favourable_percent)) == (597, 132, "22.11")
    assert [row.count for row in found.rows] == [90, 42, 358, 107]
    assert found.url.endswith(f"/surveys/{survey_001.pk}/results/")
    # Reproducible: the same "as of" gives the same answer later, and before finalising there was none.
    assert satisfaction_distribution(tree["rd_a"], as_of=final_at - dt.timedelta(minutes=1)) is None
    assert indicator_responses(tree["rd_a"]).count() == 597
    assert indicator_distribution(tree["rd_a"], "feedback_channel").rows[2].count == 388
    # A village's figure: only its 15 respondents; another rural district has none (missing, not zero).
    village = satisfaction_distribution(tree["village_a2"])
    assert (village.respondents, village.base, sum(row.count for row in village.rows)) == (15, 15, 15)
    assert village.url.endswith("?within=111033200")
    assert satisfaction_distribution(tree["rd_b"]) is None
    # An anonymous survey's group too small to show is missing data for indicators as well.
    TerritorySetting.objects.create(territory=tree["rd_a"], key="surveys.min_group_size", value=20)
    assert satisfaction_distribution(tree["village_a2"]) is None
    assert satisfaction_distribution(tree["rd_a"]).base == 597


def test_a_district_survey_counts_for_each_rural_district_its_own_respondents(
    templates, registrar, tree, clock, make_staff
):
    from auyl.core.roles import Role

    district_akim = make_staff(Role.AKIM, tree["district"], username="akim-district")
    survey = services.create_from_template(
        actor=district_akim,
        template_key="resident-lsg-001",
        territory=tree["district"],
        opens_at=clock.now - dt.timedelta(days=60),
        closes_at=clock.now - dt.timedelta(days=20),
    )
    survey = services.publish_survey(actor=district_akim, survey=survey)
    services.import_responses(
        actor=district_akim, survey=survey, data=resident_survey_csv(), file_name="d.csv"
    )
    services.finalise_results(actor=district_akim, survey=survey)
    clock.shift(minutes=1)
    assert satisfaction_distribution(tree["rd_a"]).respondents == 597  # every row is from its villages
    assert satisfaction_distribution(tree["rd_b"]) is None


def test_csv_export_in_kazakh(survey_001):
    with translation.override("kk"):
        content, content_type, name = exports.export(compute_results(survey_001), "csv")
    assert content.startswith(b"\xef\xbb\xbf") and content_type.startswith("text/csv")
    assert name == f"survey-{survey_001.pk}-111033000-kk.csv"
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    body = {r[1]: r[2:] for r in rows if len(r) == 4}
    assert body["Толығымен қанағаттанамын"] == ["90", "15,08"]
    assert body["Жеке кездесулер"] == ["388", "64,99"]


def test_xlsx_export_with_a_breakdown(survey_001):
    from openpyxl import load_workbook

    with translation.override("ru"):
        content, _type, name = exports.export(compute_results(survey_001, by="sex"), "xlsx")
    assert name.endswith("-by-sex-ru.xlsx")
    book = load_workbook(io.BytesIO(content))
    rows = [list(row[:4]) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]
    assert [1, "Полностью удовлетворён(а)", 90, 15.08] in rows
    assert [None, "Полностью удовлетворён(а)", 40, 14.23] not in rows  # breakdown rows carry their number
    assert any(row[2:] == [597, 100] for row in rows)  # each question's base
    assert any(row[:2] == [1, "Полностью удовлетворён(а)"] and len(row) == 4 for row in rows)


def test_pdf_export_carries_kazakh_letters(survey_001):
    with translation.override("kk"):
        content, content_type, _name = exports.export(compute_results(survey_001), "pdf")
    assert content.startswith(b"%PDF") and content_type == "application/pdf"
    text = pdf_text(content)
    assert "Толығымен қанағаттанамын" in text and "Жеке кездесулер" in text
