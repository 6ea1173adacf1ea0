"""The monthly analysis of a territory (issue 3, "Analysis and reports"): what hurt most, how it was handled.

Part of :mod:`auyl.appeals.reports` (import it from there); the same rules apply: permission-scoped,
counted by the database, labels resolved when read.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from auyl.territory.models import Level, Territory

from .models import OPEN_STATUSES, Appeal, ApplicantKind, Channel, Outcome, Topic
from .reports import REPEAT_Q, Period, SummaryRow, appeals_of, format_number, in_period, percent, topics_by_id

DAYS_TO_ANSWER = ExpressionWrapper(F("answered_at__date") - F("received_on"), output_field=DurationField())


def month_period(year: int, month: int) -> Period:
    if not (1 <= month <= 12 and 2000 <= year <= 2100):
        raise ValidationError(_("Choose a month and a year."))
    last = calendar.monthrange(year, month)[1]
    return Period(f"{month:02d}.{year}", dt.date(year, month, 1), dt.date(year, month, last))


def shift_month(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


@dataclass
class TopIssue:
    topic: Topic
    count: int
    previous: int
    last_year: int

    @property
    def label(self) -> str:
        return self.topic.name

    @property
    def change_previous(self) -> int:
        return self.count - self.previous

    @property
    def change_last_year(self) -> int:
        return self.count - self.last_year


@dataclass
class MonthlyAnalysis:
    territory: Territory
    period: Period
    total: int
    by_topic: list[SummaryRow]
    by_channel: list[SummaryRow]
    by_applicant_kind: list[SummaryRow]
    by_outcome: list[SummaryRow]
    by_place: list[SummaryRow]
    place_is_settlement: bool
    indicators: list[SummaryRow]
    average_days_to_answer: Decimal | None
    top_issues: list[TopIssue] = field(default_factory=list)

    @property
    def average_days_display(self) -> str:
        return format_number(self.average_days_to_answer)


def monthly_analysis(user, territory: Territory, year: int, month: int, *, top: int = 5) -> MonthlyAnalysis:
    """What hurt most in ``territory`` in one month and how well it was handled (issue 3, "Analysis")."""
    period = month_period(year, month)
    qs = appeals_of(user, territory)
    in_month = qs.filter(in_period(period))
    topics, top_issues = _topics_with_trend(qs, period, top)
    total = sum(t.count for t in topics)
    indicators, average_days = _indicators(in_month, total)
    return MonthlyAnalysis(
        territory=territory, period=period, total=total,
        by_topic=[SummaryRow(t.topic.code, t.topic, t.count, percent(t.count, total)) for t in topics],
        by_channel=_grouped(in_month, "channel", dict(Channel.choices), total),
        by_applicant_kind=_grouped(in_month, "applicant_kind", dict(ApplicantKind.choices), total),
        by_outcome=_grouped(in_month, "outcome", {"": gettext_lazy("No answer yet"), **dict(Outcome.choices)}, total),
        by_place=_by_place(in_month, territory, total),
        place_is_settlement=territory.is_primary or territory.level == Level.SETTLEMENT,
        indicators=indicators, average_days_to_answer=average_days, top_issues=top_issues,
    )


def _grouped(qs: QuerySet[Appeal], column: str, labels: dict, total: int) -> list[SummaryRow]:
    """Counts by one column, in the order of ``labels``, zeros included."""
    counts = dict(qs.values_list(column).annotate(n=Count("id")).values_list(column, "n"))
    return [SummaryRow(key, label, counts.get(key, 0), percent(counts.get(key, 0), total))
            for key, label in labels.items()]


def _by_place(qs: QuerySet[Appeal], territory: Territory, total: int) -> list[SummaryRow]:
    """By settlement within a rural district; by rural district (or town) within anything larger."""
    column = "settlement_id" if territory.is_primary or territory.level == Level.SETTLEMENT else "territory_id"
    counts = dict(qs.values_list(column).annotate(n=Count("id")).values_list(column, "n"))
    places = Territory.objects.in_bulk([pk for pk in counts if pk is not None])
    rows = [SummaryRow(str(places[pk].code), places[pk], n, percent(n, total))
            for pk, n in counts.items() if pk is not None]
    rows.sort(key=lambda r: (-r.count, r.key))
    if counts.get(None):
        rows.append(SummaryRow("", gettext_lazy("Not specified"), counts[None], percent(counts[None], total)))
    return rows


def _topics_with_trend(qs: QuerySet[Appeal], period: Period, top: int) -> tuple[list[TopIssue], list[TopIssue]]:
    """Counts by topic this month, the month before and the same month a year ago (one query each: a
    single query over the three months would make SQLite scan the whole region instead of three months)."""
    y, m = period.start.year, period.start.month
    months = (period, month_period(*shift_month(y, m, -1)), month_period(*shift_month(y, m, -12)))
    counts = [dict(qs.filter(in_period(p)).values_list("topic_id").annotate(n=Count("id")).values_list("topic_id", "n"))
              for p in months]
    topics = topics_by_id()
    issues = [TopIssue(topics[pk], n, counts[1].get(pk, 0), counts[2].get(pk, 0)) for pk, n in counts[0].items()]
    current = sorted((i for i in issues if i.count), key=lambda i: (-i.count, i.topic.sort, i.topic.code))
    return current, current[:top]


def _indicators(qs: QuerySet[Appeal], total: int) -> tuple[list[SummaryRow], Decimal | None]:
    """Quality of handling: registered in time, answered in time, repeats, collective; average days."""
    answered = Q(answered_at__isnull=False)
    data = qs.aggregate(
        registered_in_time=Count("id", filter=Q(registered_at__date__lte=F("registration_due"))),
        answered=Count("id", filter=answered),
        answered_in_time=Count("id", filter=answered & Q(answered_at__date__lte=F("deadline"))),
        overdue=Count("id", filter=Q(status__in=OPEN_STATUSES, deadline__lt=timezone.localdate())),
        repeats=Count("id", filter=REPEAT_Q),
        collective=Count("id", filter=Q(is_collective=True)),
        days=Sum(DAYS_TO_ANSWER, filter=answered),
    )
    rows = [
        SummaryRow("registered_in_time", gettext_lazy("Registered within the registration time limit"),
                   data["registered_in_time"], percent(data["registered_in_time"], total)),
        SummaryRow("answered", gettext_lazy("Answered"), data["answered"], percent(data["answered"], total)),
        SummaryRow("answered_in_time", gettext_lazy("Answered by the deadline (share of those answered)"),
                   data["answered_in_time"], percent(data["answered_in_time"], data["answered"])),
        SummaryRow("overdue", gettext_lazy("Not answered and past the deadline"), data["overdue"],
                   percent(data["overdue"], total)),
        SummaryRow("repeats", gettext_lazy("Repeat appeals"), data["repeats"], percent(data["repeats"], total)),
        SummaryRow("collective", gettext_lazy("Collective appeals"), data["collective"],
                   percent(data["collective"], total)),
    ]
    average = None
    if data["answered"]:
        days = Decimal((data["days"] or dt.timedelta()).total_seconds()) / 86400
        average = (days / data["answered"]).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return rows, average
