"""The machinery every indicator query shares: the quarter's window, the primary units being scored,
grouping by a unit's path prefix, and the ratio query that both counts and lists the same rows.

Every indicator is a :class:`Source` with two methods over the *same* filter:

* ``figures(units, window)`` -> ``{unit id: RawFigure}``: one grouped database query for all units
  (``GROUP BY substr(territory_path, 1, len(unit path))`` or by the unit's foreign key), never a loop
  over the counted rows in Python;
* ``records(unit, window)`` -> the rows behind one unit's figure, each marked whether it is counted,
  so that recounting the list gives the figure (``scoring.recount``).

Reading other apps' models here is read-only aggregation for which those apps have no grouped
selector (documented in each ``indicators_*`` module); nothing here writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .catalogue import EMPTY
from .scoring import DrillRecord, Period, RawFigure, ratio, recount

SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    SOURCES[source.code] = source
    return source


# ---------------------------------------------------------------- the window of a quarter


@dataclass(frozen=True)
class Window:
    """What "during the quarter" means for a computation made on ``today``.

    ``end`` is the last day counted: the quarter's last day once it is over; while it runs, yesterday
    (what is due today may still be done today). ``rolling_start`` opens the four quarters ending with
    this one; ``year_start`` is 1 January for year-to-date figures."""

    period: Period
    start: dt.date
    end: dt.date
    provisional: bool
    computed_at: dt.datetime | None = None  # when a running quarter is computed

    @property
    def rolling_start(self) -> dt.date:
        return Period(self.period.year - 1, self.period.quarter).next().start

    @property
    def year_start(self) -> dt.date:
        return dt.date(self.period.year, 1, 1)

    @property
    def quarters_elapsed(self) -> int:
        return self.period.quarter

    @staticmethod
    def moment(day: dt.date) -> dt.datetime:
        """Local midnight at the start of ``day`` (aware): datetime columns compare with these bounds so
        that their indexes serve the filter."""
        return timezone.make_aware(dt.datetime.combine(day, dt.time.min))

    @property
    def start_at(self) -> dt.datetime:
        return self.moment(self.start)

    @property
    def end_before(self) -> dt.datetime:
        return self.moment(self.end + dt.timedelta(days=1))

    @property
    def rolling_start_at(self) -> dt.datetime:
        return self.moment(self.rolling_start)

    @property
    def as_of(self) -> dt.datetime:
        """What was final "by the end of the quarter": its end once over, else the moment of computing."""
        return self.computed_at if self.provisional and self.computed_at else self.end_before


def local_day(value: dt.datetime | None) -> dt.date | None:
    """The local calendar day of an aware datetime (None stays None)."""
    return timezone.localtime(value).date() if value is not None else None


def window_for(period: Period, today: dt.date | None = None) -> Window:
    """The window of ``period`` as seen on ``today``; a quarter that has not begun is refused."""
    today = today or timezone.localdate()
    if period.start > today:
        raise ValidationError(_("This quarter has not begun yet."), code="future")
    if period.end < today:
        return Window(period, period.start, period.end, provisional=False)
    now = timezone.now()
    return Window(
        period,
        period.start,
        today - dt.timedelta(days=1),
        provisional=True,
        computed_at=max(now, Window.moment(today)),
    )


# ---------------------------------------------------------------- the units scored together


@dataclass
class Units:
    """Primary units scored together, and the path prefix that covers them all (``scope``)."""

    territories: list
    scope: str
    by_path: dict = field(init=False)
    by_id: dict = field(init=False)
    memo: dict = field(init=False, default_factory=dict)  # reads shared by several indicators of one run

    def __post_init__(self):
        self.by_path = {t.path: t for t in self.territories}
        self.by_id = {t.pk: t for t in self.territories}

    @classmethod
    def of(cls, territory) -> Units:
        return cls([territory], territory.path)

    @property
    def ids(self) -> list[int]:
        return list(self.by_id)

    @property
    def lengths(self) -> list[int]:
        return sorted({len(path) for path in self.by_path})


def path_within(field_name: str, prefix: str) -> Q:
    """``field`` starts with ``prefix``, written on SQLite as a range so that the column's index serves
    it (SQLite's LIKE ignores case and cannot): paths hold only digits and ``/``, so "starts with P" is
    ``P <= path < P with its last "/" made "0"`` (as ``appeals.reports.appeals_of`` does)."""
    if connection.vendor == "sqlite" and prefix.endswith("/"):
        return Q(**{f"{field_name}__gte": prefix, f"{field_name}__lt": prefix[:-1] + "0"})
    return Q(**{f"{field_name}__startswith": prefix})


def grouped(queryset: QuerySet, units: Units, group: tuple[str, str], **aggregates) -> dict[int, dict]:
    """``{unit id: {aggregate: value}}`` of ``queryset`` for the units, in one query per path length
    (one in practice: every primary unit sits at the same depth). ``group`` is ``("path", field)`` to
    group by the prefix of a materialised path, or ``("fk", field)`` to group by a unit's id."""
    kind, field_name = group
    out: dict[int, dict] = {}
    if kind == "fk":
        rows = (
            queryset.filter(**{f"{field_name}__in": units.ids})
            .order_by()
            .values(field_name)
            .annotate(**aggregates)
        )
        for row in rows:
            out[row.pop(field_name)] = row
        return out
    scoped = queryset.filter(path_within(field_name, units.scope)).order_by()
    for length in units.lengths:
        rows = (
            scoped.annotate(kpi_unit=Substr(field_name, 1, length)).values("kpi_unit").annotate(**aggregates)
        )
        for row in rows:
            unit = units.by_path.get(row.pop("kpi_unit"))
            if unit is not None:
                out[unit.pk] = row
    return out


def within_unit(queryset: QuerySet, unit, group: tuple[str, str]) -> QuerySet:
    kind, field_name = group
    if kind == "fk":
        return queryset.filter(**{field_name: unit.pk})
    return queryset.filter(path_within(field_name, unit.path))


def flag(condition: Q) -> Case:
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


# ---------------------------------------------------------------- indicator sources


class Source:
    """One indicator's query. Subclasses implement ``figures`` and ``records`` and set ``code``."""

    code: str

    def figures(self, units: Units, window: Window) -> dict[int, RawFigure]:
        raise NotImplementedError

    def records(self, unit, window: Window) -> list[DrillRecord]:
        raise NotImplementedError

    def records_many(self, units: Units, window: Window) -> dict[int, list[DrillRecord]]:
        """Every unit's records (what closing a quarter stores); one query where the source allows."""
        return {unit.pk: self.records(unit, window) for unit in units.territories}


@dataclass
class RatioSource(Source):
    """Counted rows / all rows of a population, grouped per unit (mode RATIO) — or, with
    ``count_only``, the number of rows (mode COUNT, where zero is a real figure, not missing).

    ``population(window)`` and ``counted(window)`` are filters on ``queryset()``; ``prepare`` adds the
    annotations they need; ``record(row)`` turns a ``values()`` row (with ``kpi_counted``) into a
    :class:`DrillRecord`; ``fields`` are the values read for it."""

    code: str
    queryset: Callable[[], QuerySet]
    group: tuple[str, str]
    population: Callable[[Window], Q]
    counted: Callable[[Window], Q]
    fields: tuple[str, ...]
    record: Callable[[dict], DrillRecord]
    prepare: Callable[[QuerySet], QuerySet] = lambda qs: qs
    order: tuple[str, ...] = ("pk",)
    count_only: bool = False
    family: str = ""  # sources of one family share queryset, population and group: counted in one query

    def _base(self, window: Window) -> QuerySet:
        return self.prepare(self.queryset()).filter(self.population(window))

    def _counts(self, units: Units, window: Window) -> dict[int, dict]:
        """``{unit id: {"total": n, code: hits}}`` for this source and every source of its family."""
        members = [s for s in SOURCES.values() if self.family and getattr(s, "family", "") == self.family]
        members = members or [self]
        key = ("family", self.family or self.code, window)
        if key not in units.memo:
            hits = {m.code: Count("pk", filter=m.counted(window)) for m in members}
            units.memo[key] = grouped(self._base(window), units, self.group, total=Count("pk"), **hits)
        return units.memo[key]

    def figures(self, units: Units, window: Window) -> dict[int, RawFigure]:
        rows = self._counts(units, window)
        out = {}
        for unit_id in units.ids:
            row = rows.get(unit_id) or {"total": 0, self.code: 0}
            hits, total = row[self.code], row["total"]
            if self.count_only:
                out[unit_id] = RawFigure(float(hits), hits, None)
            elif total:
                out[unit_id] = RawFigure(ratio(hits, total), hits, total)
            else:
                out[unit_id] = RawFigure(None, 0, 0, EMPTY)
        return out

    def _rows(self, queryset: QuerySet, window: Window, *extra: str):
        return (
            queryset.annotate(kpi_counted=flag(self.counted(window)))
            .order_by(*self.order)
            .values("pk", "kpi_counted", *self.fields, *extra)
        )

    def _keep(self, records: list[DrillRecord]) -> list[DrillRecord]:
        return [r for r in records if r.counted] if self.count_only else records

    def records(self, unit, window: Window) -> list[DrillRecord]:
        rows = self._rows(within_unit(self._base(window), unit, self.group), window)
        return self._keep([self.record(row) for row in rows])

    def records_many(self, units: Units, window: Window) -> dict[int, list[DrillRecord]]:
        kind, field_name = self.group
        if kind == "fk":
            queryset = self._base(window).filter(**{f"{field_name}__in": units.ids})
        else:
            queryset = self._base(window).filter(path_within(field_name, units.scope))
        out: dict[int, list[DrillRecord]] = {}
        for row in self._rows(queryset, window, field_name):
            key = row.pop(field_name)
            unit = units.by_id.get(key) if kind == "fk" else unit_of(units, key)
            if unit is not None:
                out.setdefault(unit.pk, []).append(self.record(row))
        return {unit_id: self._keep(records) for unit_id, records in out.items()}


class RowsSource(Source):
    """An indicator over few rows per unit (meetings, campaigns, budget lines, plan indicators, survey
    options): the rows are read for all units in one query, and the figure *is* the recount of each
    unit's rows (``scoring.recount``), so list and figure cannot disagree. Subclasses implement
    ``rows(units, window) -> {unit id: [DrillRecord]}`` and may name unit-specific reasons for a missing
    figure in ``missing(units, window) -> {unit id: reason code}``."""

    mode: str = "ratio"

    def rows(self, units: Units, window: Window) -> dict[int, list[DrillRecord]]:
        raise NotImplementedError

    def missing(self, units: Units, window: Window) -> dict[int, str]:
        return {}

    def collect(self, units: Units, window: Window) -> tuple[dict[int, list[DrillRecord]], dict[int, str]]:
        """(rows, missing): what ``figures`` and ``records`` are built from."""
        missing = self.missing(units, window)
        return self.rows(units, window), missing

    def figures(self, units: Units, window: Window) -> dict[int, RawFigure]:
        rows, missing = self.collect(units, window)
        out = {}
        for unit_id in units.ids:
            if unit_id in missing:
                out[unit_id] = RawFigure(None, None, None, missing[unit_id])
                continue
            records = rows.get(unit_id, [])
            value = recount(self.mode, records)
            numerator, denominator = parts(self.mode, records)
            out[unit_id] = RawFigure(value, numerator, denominator, "" if value is not None else EMPTY)
        return out

    def records(self, unit, window: Window) -> list[DrillRecord]:
        rows, missing = self.collect(Units.of(unit), window)
        return [] if unit.pk in missing else rows.get(unit.pk, [])

    def records_many(self, units: Units, window: Window) -> dict[int, list[DrillRecord]]:
        rows, missing = self.collect(units, window)
        return {unit_id: records for unit_id, records in rows.items() if unit_id not in missing}


def parts(mode: str, records: list[DrillRecord]) -> tuple[float | None, float | None]:
    """(numerator, denominator) shown beside a figure computed from ``records``."""
    if mode == "ratio":
        return sum(r.weight for r in records if r.counted), sum(r.weight for r in records)
    if mode == "sum_ratio":
        return round(sum(r.amount or 0 for r in records), 2), round(sum(r.base or 0 for r in records), 2)
    if mode == "mean":
        return round(sum(r.amount for r in records), 2), len(records)
    return sum(1 for r in records if r.counted), None


def unit_of(units: Units, path: str):
    """The unit whose path prefixes ``path`` (None when the row lies outside every unit)."""
    for length in units.lengths:
        unit = units.by_path.get(path[:length])
        if unit is not None:
            return unit
    return None


def bucket(records: list[tuple[str, DrillRecord]], units: Units) -> dict[int, list[DrillRecord]]:
    """``[(path, record)]`` -> ``{unit id: [record]}``."""
    out: dict[int, list[DrillRecord]] = {}
    for path, record in records:
        unit = unit_of(units, path)
        if unit is not None:
            out.setdefault(unit.pk, []).append(record)
    return out


def _load() -> None:
    """Import the indicator modules (each registers its sources); they import this module, so not at
    the top."""
    from . import (  # noqa: F401
        indicators_appeals,
        indicators_budget,
        indicators_council,
        indicators_meetings,
        indicators_other,  # noqa: F401
    )


def run(codes: list[str], units: Units, window: Window) -> dict[str, dict[int, RawFigure]]:
    """Every listed indicator's figures for every unit: ``{code: {unit id: RawFigure}}``."""
    _load()
    return {code: SOURCES[code].figures(units, window) for code in codes}


def records_for_units(code: str, units: Units, window: Window) -> dict[int, list[DrillRecord]]:
    _load()
    return SOURCES[code].records_many(units, window)


def records(code: str, unit, window: Window) -> list[DrillRecord]:
    _load()
    return SOURCES[code].records(unit, window)


from .indicators_notes import LABELS, NOTES, note, note_text  # noqa: E402,F401  (re-exported)
