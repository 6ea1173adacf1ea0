"""The quarterly report of akims' meetings with the population, in the rows of the Decree No. 826 form.

The form (``002:529-678``; ``BRIEF.md`` section 3) is filled **cumulatively**: one column per quarter of
the year up to the chosen one, each counting from 1 January to the end of its quarter (Q1, Q1–Q2,
Q1–Q3, the year), "по нарастающей". Its ten rows and their sub-rows, as keys:

1 ``planned`` meetings planned, by akim level (``planned.<level>``): every meeting dated in the period,
  cancelled ones included (they were planned);
2 ``held`` meetings held, by akim level;
3 ``broadcast`` online broadcasts, by channel (``broadcast.<channel>``): a count of broadcasts, since
  one meeting went out once on Instagram and twice on television (``002:615-620``: 1 meeting, total 3);
4 ``participants`` = ``participants.offline`` + ``participants.online`` (``participants.online.<channel>``);
5 ``questions`` raised, by the 12 topics (``questions.1`` … ``questions.12``), each with its repeats;
6 ``social_appeals`` appeals by social network, blog, e-mail, by addressee level (from the appeals app);
7 ``receptions`` receptions held, by akim level, and ``receptions.citizens`` (from the reception app);
8 ``critical`` critical remarks, by addressee level;
9 ``media`` coverage: ``media.national``, ``media.local``, ``media.social``;
10 ``officials`` representatives present: ``officials.government``, ``officials.parliament``,
  ``officials.central_local`` (the form's "ЦГО и МИО" is one row; meetings record the two apart).

A report covers the meetings held in the chosen territory and every unit below it (rows 1-5, 8-10 by the
meeting's place; rows 6-7 by the appeal's or reception's unit). A level narrows every row to akims of
that level. All counting is done by the database (conditional aggregates), never by looping over rows.
Labels are lazy, so one report renders in Kazakh, Russian or English under ``translation.override``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from auyl.appeals.taxonomy import FORM_826, FormRow, localized
from auyl.core.permissions import require_perm

from . import sources
from .models import AkimLevel, Broadcast, BroadcastChannel, Question, ReportingMeeting, Status

ACTION = "reporting.report"
EARLIEST_YEAR = 2000
QUARTER_LABELS = {
    1: gettext_lazy("Q1"),
    2: gettext_lazy("Q1–Q2"),
    3: gettext_lazy("Q1–Q3"),
    4: gettext_lazy("Year"),
}
HELD_SUMS = (
    "offline_participants",
    "media_national",
    "media_local",
    "media_social",
    "officials_government",
    "officials_parliament",
    "officials_central",
    "officials_local",
)
LABELS = {
    "planned": gettext_lazy("Meetings of akims of all levels planned"),
    "held": gettext_lazy("Meetings of akims of all levels held (cumulative)"),
    "broadcast": gettext_lazy("Of them, held with online broadcasts (cumulative)"),
    "participants": gettext_lazy("Residents who took part in the meetings (cumulative), of them:"),
    "participants.offline": gettext_lazy("in person (offline)"),
    "participants.online": gettext_lazy("through online broadcasts, including:"),
    "questions": gettext_lazy("Questions raised and proposals made (cumulative), concerning:"),
    "social_appeals": gettext_lazy(
        "Appeals of citizens received through social networks, blogs, e-mail and "
        "others (cumulative), addressed to:"
    ),
    "receptions": gettext_lazy("Receptions of citizens held (cumulative), by:"),
    "receptions.citizens": gettext_lazy("Citizens received at the receptions (cumulative)"),
    "critical": gettext_lazy("Critical remarks made (cumulative), addressed to:"),
    "media": gettext_lazy("Coverage of the meetings in the media (cumulative):"),
    "media.national": gettext_lazy("in national (republican) media"),
    "media.local": gettext_lazy("in local (regional, district) media"),
    "media.social": gettext_lazy("in social networks (Instagram, Facebook and others)"),
    "officials": gettext_lazy("Representatives present at the meetings (cumulative):"),
    "officials.government": gettext_lazy("of the Presidential Administration or the Government"),
    "officials.parliament": gettext_lazy("of Parliament"),
    "officials.central_local": gettext_lazy("of central state bodies and local executive bodies"),
}


@dataclass(frozen=True)
class Column:
    quarter: int
    start: dt.date
    end: dt.date  # inclusive

    @property
    def label(self) -> str:
        return f"{QUARTER_LABELS[self.quarter]} {self.start.year}"


@dataclass
class ReportRow:
    key: str
    number: str  # "1" … "10" on a main row, "" on a sub-row
    label_text: Any  # a lazy translation, a choice label or a taxonomy row
    values: list[int]
    repeats: list[int] | None = None  # row 5 and its topics: how many of the questions were repeats

    @property
    def label(self) -> str:
        if isinstance(self.label_text, FormRow):
            return f"{self.label_text.code}) {localized(self.label_text)}"
        return str(self.label_text)

    @property
    def is_sub(self) -> bool:
        return not self.number

    @property
    def cells(self) -> list[tuple[int, int | None]]:
        return [(v, self.repeats[i] if self.repeats is not None else None) for i, v in enumerate(self.values)]


@dataclass
class Decree826Report:
    territory: Any
    year: int
    quarter: int
    level: str
    columns: list[Column]
    rows: list[ReportRow] = field(default_factory=list)

    @property
    def title(self) -> str:
        return _("Akims' meetings with the population (Decree No. 826 of 03.03.2022)")

    @property
    def period_label(self) -> str:
        return self.columns[-1].label

    @property
    def level_label(self) -> str:
        return str(AkimLevel(self.level).label) if self.level else _("All akim levels")

    def row(self, key: str) -> ReportRow:
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(key)

    def value(self, key: str, column: int = -1) -> int:
        return self.row(key).values[column]


def quarter_end(year: int, quarter: int) -> dt.date:
    return dt.date(year, 12, 31) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1) - dt.timedelta(days=1)


def columns_of(year, quarter) -> list[Column]:
    if (
        isinstance(year, bool)
        or not isinstance(year, int)
        or not EARLIEST_YEAR <= year <= timezone.localdate().year + 1
    ):
        raise ValidationError(
            {
                "year": [
                    _("Choose a year from %(first)s to %(last)s.")
                    % {"first": EARLIEST_YEAR, "last": timezone.localdate().year + 1}
                ]
            }
        )
    if quarter not in QUARTER_LABELS:
        raise ValidationError({"quarter": [_("Choose a quarter from 1 to 4.")]})
    return [Column(q, dt.date(year, 1, 1), quarter_end(year, q)) for q in range(1, quarter + 1)]


def _before(end: dt.date) -> dt.datetime:
    """The first moment after ``end`` in local time (meetings are dated by their local day)."""
    return timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))


def _per_level(rows, key: str, prefix: str, n: int) -> dict[str, list[int]]:
    result = {level: [0] * n for level in AkimLevel.values}
    for row in rows:
        if row[key] in result:
            result[row[key]] = [row[f"{prefix}{i}"] or 0 for i in range(n)]
    return result


def _level_rows(key: str, number: str, per_level: dict[str, list[int]], n: int) -> list[ReportRow]:
    total = [sum(values[i] for values in per_level.values()) for i in range(n)]
    return [
        ReportRow(key, number, LABELS[key], total),
        *[
            ReportRow(f"{key}.{level}", "", AkimLevel(level).label, per_level.get(level, [0] * n))
            for level in AkimLevel.values
        ],
    ]


def _meeting_rows(meetings, columns: list[Column]) -> list[ReportRow]:
    """Rows 1 and 2."""
    n, counts = len(columns), {}
    for i, col in enumerate(columns):
        within = Q(starts_at__lt=_before(col.end))
        counts[f"p{i}"] = Count("id", filter=within)
        counts[f"h{i}"] = Count("id", filter=within & Q(status=Status.HELD))
    rows = list(meetings.values("akim_level").annotate(**counts))
    return [
        *_level_rows("planned", "1", _per_level(rows, "akim_level", "p", n), n),
        *_level_rows("held", "2", _per_level(rows, "akim_level", "h", n), n),
    ]


def _broadcast_rows(held, sums: dict[str, list[int]], columns: list[Column]) -> list[ReportRow]:
    """Rows 3 and 4."""
    n, counts = len(columns), {}
    for i, col in enumerate(columns):
        within = Q(meeting__starts_at__lt=_before(col.end))
        counts[f"b{i}"] = Sum("broadcasts", filter=within)
        counts[f"w{i}"] = Sum("participants", filter=within)
    found = {
        r["channel"]: r
        for r in Broadcast.objects.filter(meeting__in=held).values("channel").annotate(**counts)
    }
    by_channel = {
        c: [[(found.get(c) or {}).get(f"{p}{i}") or 0 for i in range(n)] for p in "bw"]
        for c in BroadcastChannel.values
    }
    broadcasts = [sum(by_channel[c][0][i] for c in by_channel) for i in range(n)]
    online = [sum(by_channel[c][1][i] for c in by_channel) for i in range(n)]
    offline = sums["offline_participants"]
    return [
        ReportRow("broadcast", "3", LABELS["broadcast"], broadcasts),
        *[ReportRow(f"broadcast.{c}", "", BroadcastChannel(c).label, by_channel[c][0]) for c in by_channel],
        ReportRow("participants", "4", LABELS["participants"], [offline[i] + online[i] for i in range(n)]),
        ReportRow("participants.offline", "", LABELS["participants.offline"], offline),
        ReportRow("participants.online", "", LABELS["participants.online"], online),
        *[
            ReportRow(f"participants.online.{c}", "", BroadcastChannel(c).label, by_channel[c][1])
            for c in by_channel
        ],
    ]


def _question_rows(held, columns: list[Column]) -> list[ReportRow]:
    """Row 5: by the 12 topics of the form, each with its repeats."""
    n, counts = len(columns), {}
    for i, col in enumerate(columns):
        within = Q(meeting__starts_at__lt=_before(col.end))
        counts[f"q{i}"] = Count("id", filter=within)
        counts[f"r{i}"] = Count("id", filter=within & Q(is_repeat=True))
    found = {
        str(r["topic__form_826"]): r
        for r in Question.objects.filter(meeting__in=held).values("topic__form_826").annotate(**counts)
    }
    topic_rows = []
    for form_row in FORM_826.rows:
        data = found.get(form_row.code) or {}
        topic_rows.append(
            ReportRow(
                f"questions.{form_row.code}",
                "",
                form_row,
                [data.get(f"q{i}", 0) for i in range(n)],
                [data.get(f"r{i}", 0) for i in range(n)],
            )
        )
    # A topic mapped to no row of the form (an administrator's mistake) still counts in the total.
    total = [sum(r.get(f"q{i}", 0) for r in found.values()) for i in range(n)]
    repeats = [sum(r.get(f"r{i}", 0) for r in found.values()) for i in range(n)]
    return [ReportRow("questions", "5", LABELS["questions"], total, repeats), *topic_rows]


def _critical_rows(held, columns: list[Column]) -> list[ReportRow]:
    """Row 8: critical remarks by the level of the akim they were addressed to."""
    n = len(columns)
    counts = {
        f"c{i}": Count("id", filter=Q(meeting__starts_at__lt=_before(col.end)))
        for i, col in enumerate(columns)
    }
    rows = (
        Question.objects.filter(meeting__in=held, is_critical=True)
        .values("critical_addressee_level")
        .annotate(**counts)
    )
    return _level_rows("critical", "8", _per_level(rows, "critical_addressee_level", "c", n), n)


def _held_sums(held, columns: list[Column]) -> dict[str, list[int]]:
    sums = {
        f"{name}{i}": Sum(name, filter=Q(starts_at__lt=_before(col.end)))
        for name in HELD_SUMS
        for i, col in enumerate(columns)
    }
    data = held.aggregate(**sums)
    return {name: [data[f"{name}{i}"] or 0 for i in range(len(columns))] for name in HELD_SUMS}


def _sum_rows(key: str, number: str, parts: dict[str, list[int]], n: int) -> list[ReportRow]:
    total = [sum(values[i] for values in parts.values()) for i in range(n)]
    return [
        ReportRow(key, number, LABELS[key], total),
        *[ReportRow(f"{key}.{part}", "", LABELS[f"{key}.{part}"], values) for part, values in parts.items()],
    ]


def _appeal_rows(user, territory, level: str, columns: list[Column]) -> list[ReportRow]:
    """Rows 6 and 7, from the appeals and reception apps (see :mod:`.sources`)."""
    n, start, ends = len(columns), columns[0].start, [c.end for c in columns]
    social = sources.social_appeals(user, territory, start, ends)
    visits = sources.receptions(territory, start, ends)
    if level:
        social = {k: v for k, v in social.items() if k == level}
        visits = {k: v for k, v in visits.items() if k == level}
    held_by_level = {k: [days for days, _citizens in v] for k, v in visits.items()}
    citizens = [sum(v[i][1] for v in visits.values()) for i in range(n)]
    return [
        *_level_rows("social_appeals", "6", social, n),
        *_level_rows("receptions", "7", held_by_level, n),
        ReportRow("receptions.citizens", "", LABELS["receptions.citizens"], citizens),
    ]


def decree_826_report(user, territory, year: int, quarter: int, level: str = "") -> Decree826Report:
    """The form for ``territory`` (and every unit below it), cumulative from 1 January of ``year`` to the
    end of each quarter up to ``quarter``; ``level`` narrows it to akims of one level."""
    require_perm(user, ACTION, territory)
    columns = columns_of(year, quarter)
    if level and level not in AkimLevel.values:
        raise ValidationError({"level": [_("Unknown akim level.")]})
    n = len(columns)
    meetings = ReportingMeeting.objects.filter(
        territory_path__startswith=territory.path,
        starts_at__gte=_before(columns[0].start - dt.timedelta(days=1)),
        starts_at__lt=_before(columns[-1].end),
    ).order_by()
    if level:
        meetings = meetings.filter(akim_level=level)
    held = meetings.filter(status=Status.HELD)
    sums = _held_sums(held, columns)
    media = {part: sums[f"media_{part}"] for part in ("national", "local", "social")}
    officials = {
        "government": sums["officials_government"],
        "parliament": sums["officials_parliament"],
        "central_local": [
            a + b for a, b in zip(sums["officials_central"], sums["officials_local"], strict=True)
        ],
    }
    rows = [
        *_meeting_rows(meetings, columns),
        *_broadcast_rows(held, sums, columns),
        *_question_rows(held, columns),
        *_appeal_rows(user, territory, level, columns),
        *_critical_rows(held, columns),
        *_sum_rows("media", "9", media, n),
        *_sum_rows("officials", "10", officials, n),
    ]
    return Decree826Report(territory, year, quarter, level, columns, rows)
