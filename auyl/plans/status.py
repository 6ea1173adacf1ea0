"""The status of a plan indicator on a given day, computed from its dates and its progress.

The rule (the same on every page, in :func:`auyl.plans.selectors.indicators_for` and in the KPI):

* **achieved** = (latest value − baseline) / (target − baseline): the share of the way from the baseline
  to the target covered by the latest measurement on or before the day (0 when nothing was measured).
  A target below the baseline (a decrease) works the same way.
* **done** — the latest value has reached the target (≥ target, or ≤ target for a decrease). Done is
  done even after the deadline; ``done_on`` is the day it was measured, so "done on time" is
  ``done_on <= deadline``.
* **late** — not done, and the day is past the deadline (the deadline day itself is not late).
* **expected** = (day − start) / (deadline − start), between 0 and 1: progress pro rata of the time
  elapsed (a one-day indicator expects everything on its deadline).
* **at risk** — not done, not late, and achieved is *more than* the region's ``plans.at_risk_gap``
  percentage points (default 15) behind expected: ``achieved < expected − gap``. Exactly on the line is
  still on track.
* **on track** — everything else (including an indicator that has not started yet).

Arithmetic is exact (fractions of Decimals and whole days), so boundaries give known answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    LATE = "late", _("Late")
    DONE = "done", _("Done")


# Badge colours of site.css for each status.
TONE = {Status.ON_TRACK: "info", Status.AT_RISK: "warn", Status.LATE: "danger", Status.DONE: "ok"}


@dataclass(frozen=True)
class Assessment:
    status: str
    achieved: Fraction  # share of the way from baseline to target (may be < 0 or > 1)
    expected: Fraction  # share expected by the day, 0..1
    latest_value: Decimal | None
    latest_on: dt.date | None
    done_on: dt.date | None

    @property
    def achieved_percent(self) -> int:
        """For a progress bar: 0..100, rounded down (99.9 % is not shown as 100)."""
        return max(0, min(100, int(self.achieved * 100)))

    @property
    def expected_percent(self) -> int:
        return max(0, min(100, int(self.expected * 100)))

    @property
    def label(self) -> str:
        return str(Status(self.status).label)

    @property
    def tone(self) -> str:
        return TONE[Status(self.status)]


def reached(value: Decimal, baseline: Decimal, target: Decimal) -> bool:
    return value >= target if target > baseline else value <= target


def achieved_share(value: Decimal | None, baseline: Decimal, target: Decimal) -> Fraction:
    if value is None:
        return Fraction(0)
    return Fraction(value - baseline) / Fraction(target - baseline)


def expected_share(starts_on: dt.date, deadline: dt.date, day: dt.date) -> Fraction:
    span = (deadline - starts_on).days
    if span <= 0:
        return Fraction(1 if day >= deadline else 0)
    elapsed = (day - starts_on).days
    return Fraction(max(0, min(span, elapsed)), span)


def _done_on(history: list[tuple[dt.date, Decimal]], baseline: Decimal, target: Decimal) -> dt.date | None:
    """The first day of the final run of measurements at or past the target (None if the latest is not)."""
    done_on = None
    for day, value in history:
        if reached(value, baseline, target):
            done_on = done_on or day
        else:
            done_on = None
    return done_on


def assess(
    *,
    baseline: Decimal,
    target: Decimal,
    starts_on: dt.date,
    deadline: dt.date,
    history: Iterable[tuple[dt.date, Decimal]],
    day: dt.date,
    gap_points: int,
) -> Assessment:
    """The status on ``day`` from the measurements ``(measured_on, value)`` in the order they were
    recorded; those measured after ``day`` are ignored. The latest is the newest date (for several on
    one date, the last recorded: a correction)."""
    known = sorted(
        (
            (measured_on, index, value)
            for index, (measured_on, value) in enumerate(history)
            if measured_on <= day
        ),
    )
    ordered = [(measured_on, value) for measured_on, _index, value in known]
    latest_on, latest = ordered[-1] if ordered else (None, None)
    achieved = achieved_share(latest, baseline, target)
    expected = expected_share(starts_on, deadline, day)
    done_on = _done_on(ordered, baseline, target)
    if latest is not None and reached(latest, baseline, target):
        status = Status.DONE
    elif day > deadline:
        status = Status.LATE
    elif achieved < expected - Fraction(gap_points, 100):
        status = Status.AT_RISK
    else:
        status = Status.ON_TRACK
    return Assessment(str(status), achieved, expected, latest, latest_on, done_on)
