"""The Decree No. 826 report reproduces the sources' two worked examples, row by row.

The expected figures are copied from the sheets (``002:529-604`` and ``002:606-678``): an empty cell of a
sheet is 0 here. The data is entered through the services (plan, hold, questions, social-network appeals,
a reception visit), exactly as an akimat would; see :mod:`auyl.reporting.examples` for why the second
sheet is the akim's meeting in Krasny Yar.
"""

import pytest
from django.utils import translation

from auyl.reporting import examples
from auyl.reporting.models import AkimLevel
from auyl.reporting.report import decree_826_report

RURAL = AkimLevel.RURAL.value
OTHER_LEVELS = [level for level in AkimLevel.values if level != RURAL]

# Row key -> value of the Q1 column, as printed in the sheet. Keys not listed must be 0.
KYZYL_ZHULDYZ_Q1_2022 = {
    "planned": 1,
    f"planned.{RURAL}": 1,
    "held": 1,
    f"held.{RURAL}": 1,
    "broadcast": 1,
    "broadcast.instagram": 1,
    "participants": 39,
    "participants.offline": 10,
    "participants.online": 29,
    "participants.online.instagram": 29,
    "questions": 5,
    "questions.6": 1,
    "questions.8": 1,
    "questions.11": 1,
    "questions.12": 2,
    "social_appeals": 0,
    "receptions": 1,
    f"receptions.{RURAL}": 1,
    "receptions.citizens": 1,  # the sheet leaves this line blank; one resident was received
    "critical": 0,
    "media": 1,
    "media.social": 1,
    "officials": 0,
}
KRASNOYARSKY_Q1_2022 = {
    "planned": 1,
    f"planned.{RURAL}": 1,
    "held": 1,
    f"held.{RURAL}": 1,
    "broadcast": 3,
    "broadcast.instagram": 1,
    "broadcast.tv": 2,
    "participants": 1320,
    "participants.offline": 120,
    "participants.online": 1200,
    "participants.online.instagram": 1200,
    "questions": 31,
    "questions.4": 7,
    "questions.5": 1,
    "questions.6": 2,
    "questions.7": 2,
    "questions.8": 4,
    "questions.10": 2,
    "questions.11": 4,
    "questions.12": 9,
    "social_appeals": 11,
    f"social_appeals.{RURAL}": 11,
    "receptions": 0,
    "receptions.citizens": 0,
    "critical": 0,
    "media": 1,
    "media.social": 1,
    "officials": 0,
}


@pytest.fixture(autouse=True)
def _english():
    """Labels built outside a request are asserted in English (pages choose their language by URL)."""
    with translation.override("en"):
        yield


def assert_rows(report, expected: dict) -> None:
    actual = {row.key: row.values[0] for row in report.rows}
    wrong = {
        key: (actual[key], expected.get(key, 0)) for key in actual if actual[key] != expected.get(key, 0)
    }
    assert not wrong, f"row: (reported, sheet) {wrong}"
    assert set(expected) <= set(actual)


@pytest.fixture
def people_of_example(people):
    return examples.People(registrar=people["registrar"], executor=people["executor"])


@pytest.fixture
def kyzyl_zhuldyz(tree, people_of_example, kz_resident):
    return examples.build(
        examples.KYZYL_ZHULDYZ, people_of_example, tree["rd_a"], tree["village_a2"], resident=kz_resident
    )


@pytest.fixture
def krasny_yar(tree, people_of_example):
    return examples.build(examples.KRASNY_YAR, people_of_example, tree["rd_a"], tree["village_a1"])


def test_the_form_has_the_rows_of_the_decree_in_order(tree, people, kyzyl_zhuldyz):
    report = decree_826_report(people["akim"], tree["village_a2"], 2022, 1)
    numbers = [row.number for row in report.rows if row.number]
    assert numbers == [str(n) for n in range(1, 11)]
    levels_of_row_1 = [row.key for row in report.rows[1:7]]
    assert levels_of_row_1 == [f"planned.{level}" for level in AkimLevel.values]
    assert [row.key for row in report.rows if row.key.startswith("questions.")] == [
        f"questions.{n}" for n in range(1, 13)
    ]
    assert [c.label for c in report.columns] == ["Q1 2022"]


def test_kyzyl_zhuldyz_q1_2022(tree, people, kyzyl_zhuldyz):
    report = decree_826_report(people["akim"], tree["village_a2"], 2022, 1)
    assert_rows(report, KYZYL_ZHULDYZ_Q1_2022)


def test_krasnoyarsky_q1_2022_is_the_meeting_in_krasny_yar(tree, people, krasny_yar, kyzyl_zhuldyz):
    report = decree_826_report(people["akim"], tree["village_a1"], 2022, 1)
    assert_rows(report, KRASNOYARSKY_Q1_2022)
    assert_rows(decree_826_report(people["akim"], tree["village_a2"], 2022, 1), KYZYL_ZHULDYZ_Q1_2022)


def test_the_whole_rural_district_adds_up_both_villages(tree, people, krasny_yar, kyzyl_zhuldyz):
    """Every row of the rural district (and of the district above it) is the sum of its two villages."""
    both = {
        key: KYZYL_ZHULDYZ_Q1_2022.get(key, 0) + KRASNOYARSKY_Q1_2022.get(key, 0)
        for key in set(KYZYL_ZHULDYZ_Q1_2022) | set(KRASNOYARSKY_Q1_2022)
    }
    assert both["held"] == 2 and both["participants"] == 1359 and both["questions"] == 36
    assert_rows(decree_826_report(people["akim"], tree["rd_a"], 2022, 1), both)
    assert_rows(decree_826_report(people["supervisor"], tree["district"], 2022, 1), both)


def test_with_only_its_meeting_the_rural_district_is_the_second_sheet(tree, people, krasny_yar):
    assert_rows(decree_826_report(people["akim"], tree["rd_a"], 2022, 1), KRASNOYARSKY_Q1_2022)


def test_columns_are_cumulative(tree, people, krasny_yar):
    """Q1-Q3 of 2022 has three columns, each from 1 January: the Q1 meeting counts in all three."""
    report = decree_826_report(people["akim"], tree["rd_a"], 2022, 3)
    assert [c.label for c in report.columns] == ["Q1 2022", "Q1–Q2 2022", "Q1–Q3 2022"]
    assert report.row("held").values == [1, 1, 1]
    assert report.row("participants").values == [1320, 1320, 1320]
    assert report.row("questions.4").values == [7, 7, 7]
    assert decree_826_report(people["akim"], tree["rd_a"], 2023, 4).value("held") == 0
    assert decree_826_report(people["akim"], tree["rd_a"], 2021, 4).value("held") == 0


def test_a_level_narrows_every_row(tree, people, krasny_yar):
    rural = decree_826_report(people["akim"], tree["rd_a"], 2022, 1, level=RURAL)
    assert_rows(rural, KRASNOYARSKY_Q1_2022)
    for level in OTHER_LEVELS:
        assert all(
            v == 0
            for row in decree_826_report(people["akim"], tree["rd_a"], 2022, 1, level=level).rows
            for v in row.values
        ), level


def test_labels_follow_the_language(tree, people, kyzyl_zhuldyz):
    report = decree_826_report(people["akim"], tree["village_a2"], 2022, 1)
    with translation.override("ru"):
        assert report.row("questions.6").label == "6) Ремонта и строительства автомобильных дорог"
    with translation.override("kk"):
        assert "жолдарын" in report.row("questions.6").label
