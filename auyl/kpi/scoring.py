"""The shapes a scorecard is made of, and the arithmetic that turns raw values into 0-100 scores.

Nothing here touches the database: ``indicators*.py`` compute raw figures, this module normalises and
combines them, ``selectors.py`` puts the two together for a user.

Normalisation (ours; the sources give no formula, BRIEF section 7): each indicator has a *target*
(the value that earns 100) and a *floor* (the value that earns 0), both set per region
(``kpi.targets`` / ``kpi.floors`` rules). The score is the linear position of the value between the
two, clamped to 0-100; it works for both directions because a "lower is better" indicator simply has
``floor > target``. The composite is the weighted mean of the available scores: a missing indicator is
left out and the remaining weights are re-scaled, and ``coverage`` says what share of the total weight
was available. A missing figure is never a zero.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PERIOD_RE = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Period:
    """A calendar quarter. ``str(Period(2025, 1)) == "2025-Q1"`` is the form used in URLs."""

    year: int
    quarter: int

    def __post_init__(self):
        if not (1 <= self.quarter <= 4) or not (1900 <= self.year <= 2999):
            raise ValidationError(_("Unknown quarter."), code="period")

    @classmethod
    def parse(cls, text: str | Period) -> Period:
        """``"2025-Q1"``, ``"2025Q1"`` (any case) -> Period; a clear ValidationError otherwise."""
        if isinstance(text, Period):
            return text
        match = PERIOD_RE.match(str(text or "").strip())
        if not match:
            raise ValidationError(_("A quarter is written like 2025-Q1."), code="period")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def containing(cls, day: dt.date) -> Period:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.quarter - 2, 1)

    @property
    def end(self) -> dt.date:
        """The last day of the quarter (inclusive)."""
        return self.next().start - dt.timedelta(days=1)

    def next(self) -> Period:
        return Period(self.year + 1, 1) if self.quarter == 4 else Period(self.year, self.quarter + 1)

    def previous(self) -> Period:
        return Period(self.year - 1, 4) if self.quarter == 1 else Period(self.year, self.quarter - 1)

    def __str__(self) -> str:
        return f"{self.year}-Q{self.quarter}"


@dataclass
class DrillRecord:
    """One record behind a figure. ``counted`` says whether it is in the numerator (ratio indicators);
    ``amount`` is what it adds (sums and averages: a rating, an amount of money)."""

    kind: str  # "appeal", "reporting_meeting", "promise", "meeting", "decision", "budget_line", ...
    pk: Any
    label: str
    day: dt.date | None = None
    counted: bool = False
    amount: float | None = None  # MEAN: the value; SUM_RATIO: the part in the numerator
    base: float | None = None  # SUM_RATIO: the part in the denominator
    weight: int = 1  # RATIO: how many items the row stands for (a survey option: its respondents)
    url: str = ""  # filled for the reader by selectors (depends on what they may open)
    note: str = ""  # filled for the reader by selectors, in their language, from the two fields below
    ref: str = ""  # "kind:pk" of the page the record links to ("url:<path>" for a ready address)
    note_key: str = ""  # a key of indicators.NOTES
    note_params: dict = field(default_factory=dict)  # JSON-safe values (dates as ISO strings)

    def to_json(self) -> list:
        return [
            self.kind,
            self.pk,
            str(self.label),
            self.day.isoformat() if self.day else None,
            self.counted,
            self.amount,
            self.base,
            self.weight,
            self.ref,
            self.note_key,
            self.note_params,
        ]

    @classmethod
    def from_json(cls, row: list) -> DrillRecord:
        kind, pk, label, day, counted, amount, base, weight, ref, note_key, note_params = row
        return cls(
            kind,
            pk,
            label,
            dt.date.fromisoformat(day) if day else None,
            counted,
            amount,
            base,
            weight,
            ref=ref,
            note_key=note_key,
            note_params=note_params,
        )


@dataclass
class RawFigure:
    """What an indicator query returns for one territory: the value, and what it was made from."""

    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    missing_reason: str = ""  # a code (catalogue.EMPTY or a key of catalogue.REASONS) when value is None


@dataclass
class IndicatorResult:
    code: str
    name: str
    unit: str
    direction: str  # "higher" | "lower"
    value: float | None
    numerator: float | None
    denominator: float | None
    score: float | None  # 0-100, None when the value is missing
    missing_reason: str
    weight: float  # the region's weight
    effective_weight: float  # share of the composite actually carried (0 when missing)
    target: float
    floor: float

    @property
    def is_missing(self) -> bool:
        return self.score is None


@dataclass
class Scorecard:
    territory: Any
    period: Period
    kind: str  # "akim" | "council"
    results: list[IndicatorResult]
    composite: float | None  # None when no indicator has data
    coverage: float  # 0-1: share of the total weight whose indicators had data
    provisional: bool  # True while the quarter is open or not yet closed (figures may still move)
    computed_at: Any = None
    previous_composite: float | None = None
    trend: float | None = None  # composite minus the previous quarter's, None if either is missing
    missing_reason: str = ""  # why the composite is None (no data, or too little of it)

    def result(self, code: str) -> IndicatorResult:
        for result in self.results:
            if result.code == code:
                return result
        raise KeyError(code)


@dataclass
class RankingRow:
    territory: Any
    composite: float | None
    coverage: float
    rank: int | None  # 1 = best; None when the composite is missing (listed last)
    previous_composite: float | None
    trend: float | None
    council_composite: float | None = None


@dataclass
class Ranking:
    parent: Any
    period: Period
    rows: list[RankingRow] = field(default_factory=list)
    provisional: bool = True


@dataclass
class Drilldown:
    territory: Any
    period: Period
    result: IndicatorResult
    records: list[DrillRecord]
    how_to_recount: str  # translated: "count the records marked counted, divide by all records, x100"
    mode: str  # catalogue.RATIO | MEAN | SUM_RATIO | COUNT

    def recount(self) -> float | None:
        """The figure recomputed from the listed records only (what the consistency test checks); a
        missing figure has no records and recounts to None."""
        if self.result.value is None and not self.records:
            return None
        return recount(self.mode, self.records, self.result)


def ratio(part: float, whole: float) -> float | None:
    """``part`` of ``whole`` in percent, two decimals; None when ``whole`` is zero."""
    if not whole:
        return None
    return round(100.0 * float(part) / float(whole), 2)


def mean(total: float, count: int) -> float | None:
    return round(float(total) / count, 2) if count else None


def recount(mode: str, records: list[DrillRecord], result: IndicatorResult | None = None) -> float | None:
    """The figure from the listed records alone, by the indicator's mode (catalogue.RATIO...)."""
    if mode == "ratio":
        return ratio(sum(r.weight for r in records if r.counted), sum(r.weight for r in records))
    if mode == "mean":
        return mean(sum(r.amount for r in records), len(records))
    if mode == "sum_ratio":
        return ratio(sum(r.amount or 0 for r in records), sum(r.base or 0 for r in records))
    if mode == "count":
        return float(sum(1 for r in records if r.counted))
    raise ValueError(f"unknown mode {mode!r}")


def normalise(value: float | None, *, target: float, floor: float) -> float | None:
    """0-100 linear between ``floor`` (0) and ``target`` (100), clamped; None stays None. Works for both
    directions: a lower-is-better indicator has ``floor > target``. A target equal to its floor makes the
    score all-or-nothing: 100 at or beyond the target, else 0."""
    if value is None:
        return None
    if target == floor:
        return 100.0 if value == target else 0.0
    share = (float(value) - float(floor)) / (float(target) - float(floor))
    return round(max(0.0, min(1.0, share)) * 100.0, 1)


def composite(results: list[IndicatorResult], min_coverage: float = 0.0) -> tuple[float | None, float]:
    """(weighted mean of the available scores, coverage 0-1). A missing score is left out and the other
    weights are re-scaled; coverage is the share of the total weight that had data. Below
    ``min_coverage`` there is too little data to speak for the unit: the composite is None."""
    total = sum(r.weight for r in results)
    available = [r for r in results if r.score is not None and r.weight > 0]
    carried = sum(r.weight for r in available)
    codes = {r.code for r in available}
    for r in results:
        r.effective_weight = round(r.weight / carried, 4) if r.code in codes else 0.0
    if not carried:
        return None, 0.0
    coverage = round(carried / total, 4) if total else 0.0
    if coverage < min_coverage:
        return None, coverage
    score = sum(r.score * r.weight for r in available) / carried
    return round(score, 1), coverage
