"""Reports on appeals: the official forms, the applicant summary and the monthly analysis.

Every report is permission-scoped (``appeal.report`` on the territory, which covers its descendants) and
counted by the database (``values`` + ``annotate``/``aggregate`` with conditional ``Count``), never by
looping over appeals in Python: a region holds hundreds of thousands of them. Only the small results
(one row per topic, channel, outcome…) are shaped here.

The period of a report is the date of **receipt** (``received_on``): the sources count appeals "received
in 2021" (``002:446``). Percentages are ``Decimal`` rounded half-up to two places, which is how the
sources print them (``001:744-755``: 17 of 115 → 14.78, 4 of 115 → 3.48); a total is printed as 100.

Labels are resolved when they are read (``label`` properties, lazy translations), so one report object
can be rendered or exported in Kazakh, Russian or English under ``translation.override``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from auyl.core.permissions import require_perm, scoped
from auyl.territory.models import Level, Territory

from .models import Appeal, ApplicantKind, Channel, Topic
from .taxonomy import FORMS, FormRow, OfficialForm, localized

ACTION = "appeal.report"
PERIOD_FIELD = "received_on"
HUNDRED = Decimal(100)
CENT = Decimal("0.01")
MAX_COLUMNS = 12
# A repeat appeal: linked to an earlier one and not rejected as a repeat by staff.
REPEAT_Q = Q(repeat_of__isnull=False) & (Q(repeat_confirmed__isnull=True) | Q(repeat_confirmed=True))
UNCLASSIFIED = FormRow("?", "Жіктелмеген", "Не классифицировано", "Unclassified")
REPORT_LEVELS = (Level.REGION, Level.DISTRICT, Level.CITY, Level.RURAL_DISTRICT, Level.TOWN)


def percent(part: int, whole: int) -> Decimal:
    """``part`` of ``whole`` in percent, two decimals, rounded half-up (0.00 when ``whole`` is 0)."""
    if not whole:
        return Decimal("0.00")
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(CENT, rounding=ROUND_HALF_UP)


def total_percent(total: int) -> Decimal:
    return HUNDRED if total else Decimal(0)


def format_number(value: Decimal | int | float | None) -> str:
    """A number as the sources print it: decimal comma in Kazakh and Russian, point in English."""
    if value is None:
        return "—"
    text = str(value)
    return text.replace(".", ",") if (get_language() or "kk")[:2] in ("kk", "ru") else text


class Period(NamedTuple):
    label: str
    start: dt.date
    end: dt.date  # inclusive


def period_of(date_from: dt.date, date_to: dt.date) -> Period:
    if date_from > date_to:
        raise ValidationError(_("The start of the period is after its end."))
    label = str(date_from.year) if (date_from, date_to) == (dt.date(date_from.year, 1, 1),
                                                             dt.date(date_from.year, 12, 31)) else \
        f"{date_from:%d.%m.%Y}–{date_to:%d.%m.%Y}"
    return Period(label, date_from, date_to)


def split_by_year(date_from: dt.date, date_to: dt.date) -> list[Period]:
    """The calendar years a period spans, each clipped to the period (e.g. 2021, 2022, 2023)."""
    period_of(date_from, date_to)
    if date_to.year - date_from.year >= MAX_COLUMNS:
        raise ValidationError(_("At most %(n)s years can be compared side by side.") % {"n": MAX_COLUMNS})
    return [period_of(max(date_from, dt.date(y, 1, 1)), min(date_to, dt.date(y, 12, 31)))
            for y in range(date_from.year, date_to.year + 1)]


def report_territories(user) -> QuerySet[Territory]:
    """Units the user may report on, from regions down to rural districts and towns."""
    return scoped(Territory.objects.filter(level__in=REPORT_LEVELS, is_active=True), user, ACTION,
                  path_field="path").order_by("path")


def appeals_of(user, territory: Territory) -> QuerySet[Appeal]:
    """All appeals of ``territory`` and the units below it, after checking the user may report on it.

    Each case uses an index: a settlement or a rural district by its foreign key; anything larger by its
    path prefix, written on SQLite as a range (its ``LIKE`` ignores case, so it cannot use the index; the
    paths hold only digits and ``/``, so "starts with P" is "P <= path < P with its last ``/`` made ``0``").
    """
    require_perm(user, ACTION, territory)
    appeals = Appeal.objects.order_by()
    if territory.level == Level.SETTLEMENT:
        return appeals.filter(settlement=territory)
    if territory.is_primary:
        return appeals.filter(territory=territory)
    if connection.vendor == "sqlite" and territory.path.endswith("/"):
        return appeals.filter(territory_path__gte=territory.path, territory_path__lt=territory.path[:-1] + "0")
    return appeals.filter(territory_path__startswith=territory.path)


def in_period(period: Period) -> Q:
    return Q(**{f"{PERIOD_FIELD}__gte": period.start, f"{PERIOD_FIELD}__lte": period.end})


def topics_by_id() -> dict[int, Topic]:
    return {t.pk: t for t in Topic.objects.all()}


# ---- Official forms ---------------------------------------------------------------------------------


@dataclass
class Cell:
    count: int
    percent: Decimal
    repeats: int = 0
    period: str = ""  # the label of the column, for charts

    @property
    def percent_display(self) -> str:
        return format_number(self.percent)


@dataclass
class FormTableRow:
    row: FormRow
    cells: list[Cell]

    @property
    def code(self) -> str:
        return self.row.code

    @property
    def label(self) -> str:
        return localized(self.row)


@dataclass
class FormTable:
    """One official form: its rows (all of them, zeros included) × one column per period."""

    form: OfficialForm
    territory: Territory
    periods: list[Period]
    rows: list[FormTableRow]
    totals: list[Cell]
    channel: str = ""

    @property
    def title(self) -> str:
        return localized(self.form)

    @property
    def channel_label(self) -> str:
        return str(Channel(self.channel).label) if self.channel else ""


def form_table(user, territory: Territory, periods: Sequence[Period], form: str = "826",
               channel: str = "") -> FormTable:
    """Counts and shares of appeals by the rows of ``form``, one column per period, in one query."""
    official = FORMS.get(form)
    if official is None:
        raise ValidationError(_("Unknown report form."))
    if not periods or len(periods) > MAX_COLUMNS:
        raise ValidationError(_("Choose a period."))
    if channel and channel not in Channel.values:
        raise ValidationError(_("Unknown channel."))
    qs = appeals_of(user, territory)
    if channel:
        qs = qs.filter(channel=channel)
    within = Q()
    for period in periods:
        within |= in_period(period)
    counts: dict[str, Any] = {}
    for i, period in enumerate(periods):
        counts[f"n{i}"] = Count("id", filter=in_period(period))
        counts[f"r{i}"] = Count("id", filter=in_period(period) & REPEAT_Q)
    by_topic = qs.filter(within).values("topic_id").annotate(**counts)
    return _shape_form(official, territory, list(periods), by_topic, channel)


def _shape_form(official: OfficialForm, territory: Territory, periods: list[Period], by_topic, channel: str):
    """Sum the per-topic counts into the form's rows. A topic whose mapping names no row of the form (an
    administrator's mistake) is counted in an extra "unclassified" row, so that nothing goes missing."""
    topics = topics_by_id()
    form_rows = list(official.rows)
    sums = {row.code: [[0, 0] for _p in periods] for row in form_rows}
    for item in by_topic:
        code = str(getattr(topics[item["topic_id"]], official.field))
        if code not in sums:
            code = UNCLASSIFIED.code
            if code not in sums:
                form_rows.append(UNCLASSIFIED)
                sums[code] = [[0, 0] for _p in periods]
        for i in range(len(periods)):
            sums[code][i][0] += item[f"n{i}"]
            sums[code][i][1] += item[f"r{i}"]
    official = official._replace(rows=tuple(form_rows))
    totals = [sum(sums[row.code][i][0] for row in official.rows) for i in range(len(periods))]
    rows = [FormTableRow(row, [Cell(n, percent(n, totals[i]), r, periods[i].label)
                               for i, (n, r) in enumerate(sums[row.code])]) for row in official.rows]
    total_cells = [Cell(t, total_percent(t), sum(r.cells[i].repeats for r in rows), periods[i].label)
                   for i, t in enumerate(totals)]
    return FormTable(official, territory, periods, rows, total_cells, channel)


def form_report(user, territory: Territory, date_from: dt.date, date_to: dt.date, form: str = "826",
                channel: str = "") -> FormTable:
    """One period of one official form (the single-column case of :func:`form_table`)."""
    return form_table(user, territory, [period_of(date_from, date_to)], form, channel)


# ---- Applicants --------------------------------------------------------------------------------------


@dataclass
class SummaryRow:
    key: str
    label_text: Any  # a lazy translation, or an object with a localized ``name`` (Topic, Territory)
    count: int
    percent: Decimal

    @property
    def label(self) -> str:
        name = getattr(self.label_text, "name", None)
        return name if isinstance(name, str) else str(self.label_text)

    @property
    def cells(self) -> list[SummaryRow]:
        """The row as the one cell of a chart (templates draw bars from ``cells``)."""
        return [self]

    @property
    def percent_display(self) -> str:
        return format_number(self.percent)


@dataclass
class ApplicantSummary:
    """Appeals received as the Krasnoyarsky report counts them (``002:446-450``).

    The source's three lines (individuals 166, legal entities 49, personal reception 43) are disjoint
    and add up to the 258 received, so "personal reception" is a *channel*, not a third kind of
    applicant: a visitor at the reception is an individual in the data (channel ``reception``), and
    the first two lines count individuals and legal entities among appeals that came by any *other*
    channel. ``individual_repeats`` is the source's "repeat – 0" of the individuals' line.
    """

    territory: Territory
    period: Period
    rows: list[SummaryRow]
    total: int
    individual_repeats: int


def applicant_summary(user, territory: Territory, date_from: dt.date, date_to: dt.date) -> ApplicantSummary:
    period = period_of(date_from, date_to)
    not_reception = ~Q(channel=Channel.RECEPTION)
    individual = Q(applicant_kind=ApplicantKind.INDIVIDUAL) & not_reception
    data = appeals_of(user, territory).filter(in_period(period)).aggregate(
        total=Count("id"),
        individual=Count("id", filter=individual),
        individual_repeats=Count("id", filter=individual & REPEAT_Q),
        legal=Count("id", filter=Q(applicant_kind=ApplicantKind.LEGAL) & not_reception),
        reception=Count("id", filter=Q(channel=Channel.RECEPTION)),
    )
    labels = {
        "individual": gettext_lazy("Individuals"),
        "legal": gettext_lazy("Legal entities"),
        "reception": gettext_lazy("Personal reception"),
    }
    rows = [SummaryRow(key, label, data[key], percent(data[key], data["total"])) for key, label in labels.items()]
    return ApplicantSummary(territory, period, rows, data["total"], data["individual_repeats"])


# The monthly analysis lives in its own module; it is part of this one's interface.
from .reports_monthly import MonthlyAnalysis, TopIssue, monthly_analysis  # noqa: E402, F401
