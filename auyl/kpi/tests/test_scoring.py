"""Normalisation, the composite (weights, missing data, coverage), quarters and recounting."""

import pytest
from django.core.exceptions import ValidationError

from auyl.kpi.scoring import DrillRecord, IndicatorResult, Period, composite, normalise, recount


def result(code, score, weight=1.0):
    return IndicatorResult(
        code,
        code,
        "%",
        "higher",
        None if score is None else 1.0,
        None,
        None,
        score,
        "",
        weight,
        0.0,
        100.0,
        0.0,
    )


@pytest.mark.parametrize(
    ("value", "target", "floor", "score"),
    [
        (80, 100, 80, 0.0),  # at the floor
        (90, 100, 80, 50.0),
        (100, 100, 80, 100.0),
        (120, 100, 80, 100.0),  # beyond the target: clamped
        (50, 100, 80, 0.0),  # below the floor: clamped
        (5, 0, 20, 75.0),  # lower is better: 5 % repeats with target 0 and floor 20
        (25, 0, 20, 0.0),
        (3.5, 4.5, 2, 60.0),
    ],
)
def test_normalise_is_linear_between_floor_and_target_and_clamped(value, target, floor, score):
    assert normalise(value, target=target, floor=floor) == score


def test_missing_value_stays_missing_never_zero():
    assert normalise(None, target=100, floor=0) is None


def test_composite_reweights_over_the_available_indicators_and_reports_coverage():
    results = [result("a", 100.0), result("b", 50.0), result("c", None), result("d", None)]
    score, coverage = composite(results)
    assert (score, coverage) == (75.0, 0.5)
    assert [r.effective_weight for r in results] == [0.5, 0.5, 0.0, 0.0]


def test_weights_change_the_composite():
    score, coverage = composite([result("a", 100.0, weight=3), result("b", 0.0, weight=1)])
    assert (score, coverage) == (75.0, 1.0)


def test_a_zero_weight_leaves_the_indicator_out():
    score, coverage = composite([result("a", 100.0), result("b", 0.0, weight=0)])
    assert (score, coverage) == (100.0, 1.0)


def test_no_data_at_all_gives_no_composite():
    assert composite([result("a", None), result("b", None)]) == (None, 0.0)


def test_too_little_coverage_gives_no_composite_rather_than_a_low_one():
    results = [result("a", 10.0), result("b", None), result("c", None)]
    assert composite(results, min_coverage=0.5) == (None, 0.3333)
    assert composite(results, min_coverage=0.3) == (10.0, 0.3333)


def test_quarters_parse_and_step():
    assert Period.parse("2025-Q1") == Period(2025, 1) == Period.parse("2025q1")
    assert str(Period(2025, 4)) == "2025-Q4"
    assert Period(2025, 1).previous() == Period(2024, 4)
    assert Period(2024, 4).next() == Period(2025, 1)
    assert (Period(2025, 2).start.isoformat(), Period(2025, 2).end.isoformat()) == (
        "2025-04-01",
        "2025-06-30",
    )


@pytest.mark.parametrize("text", ["", "2025", "2025-Q5", "Q1-2025", "2025-Q0", "x" * 500, None])
def test_bad_quarters_are_refused_with_a_message(text):
    with pytest.raises(ValidationError):
        Period.parse(text)


def test_recount_modes():
    rows = [
        DrillRecord("x", 1, "a", counted=True, weight=3, amount=4.0, base=10.0),
        DrillRecord("x", 2, "b", counted=False, weight=1, amount=1.0, base=10.0),
    ]
    assert recount("ratio", rows) == 75.0
    assert recount("mean", rows) == 2.5
    assert recount("sum_ratio", rows) == 25.0
    assert recount("count", rows) == 1.0


def test_a_record_survives_its_json_round_trip():
    row = DrillRecord(
        "appeal",
        7,
        "A7",
        Period(2025, 1).start,
        True,
        4.0,
        None,
        1,
        ref="appeal:7",
        note_key="rated",
        note_params={"rating": 4, "on": "2025-01-03"},
    )
    again = DrillRecord.from_json(row.to_json())
    assert (
        again.kind,
        again.pk,
        again.label,
        again.day,
        again.counted,
        again.amount,
        again.ref,
        again.note_params,
    ) == ("appeal", 7, "A7", row.day, True, 4.0, "appeal:7", {"rating": 4, "on": "2025-01-03"})
