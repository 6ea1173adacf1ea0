"""Indicators of the council and its deputies (``auyl.council``; its sessions and their decisions are
meetings of ``auyl.assemblies``).

Read-only aggregate queries on those apps' models (their selectors answer for one council at a time).
A unit without a council serving during the quarter has no council figures at all: each is missing
with that reason, never zero.
"""

from __future__ import annotations

from django.db.models import F, Q
from django.db.models.functions import Coalesce, TruncDate

from auyl.assemblies.models import Decision, DecisionStatus, Meeting, MeetingKind, MeetingStatus
from auyl.council.models import Commission, Council, Recommendation
from auyl.council.models import Outcome as RecommendationOutcome

from .indicators import RatioSource, Source, Units, Window, local_day, note, register
from .scoring import DrillRecord, RawFigure


def councils_serving(units: Units, window: Window) -> set[int]:
    """Ids of the units with a council whose term overlaps the quarter (read once per run)."""
    key = ("councils", window.start, window.end)
    if key not in units.memo:
        units.memo[key] = set(
            Council.objects.filter(
                territory_id__in=units.ids, term_start__lte=window.end, term_end__gte=window.start
            ).values_list("territory_id", flat=True)
        )
    return units.memo[key]


class CouncilOnly(Source):
    """A council indicator: missing ("no_council") for a unit without a council in the quarter."""

    def __init__(self, inner: Source):
        self.inner = inner
        self.code = inner.code

    def figures(self, units: Units, window: Window) -> dict[int, RawFigure]:
        serving = councils_serving(units, window)
        figures = self.inner.figures(units, window)
        return {
            unit_id: figure if unit_id in serving else RawFigure(None, None, None, "no_council")
            for unit_id, figure in figures.items()
        }

    def records(self, unit, window: Window) -> list[DrillRecord]:
        if not councils_serving(Units.of(unit), window):
            return []
        return self.inner.records(unit, window)


def _due_in(field: str):
    return lambda w: Q(**{f"{field}__gte": w.start, f"{field}__lte": w.end})


register(
    CouncilOnly(
        RatioSource(
            code="council_sessions_held",
            queryset=lambda: Meeting.objects.filter(kind=MeetingKind.COUNCIL_SESSION),
            group=("path", "territory_path"),
            population=lambda w: Q(
                starts_at__gte=w.start_at, starts_at__lt=w.end_before, status=MeetingStatus.CLOSED
            ),
            counted=lambda w: Q(status=MeetingStatus.CLOSED),
            fields=("title", "starts_at"),
            order=("starts_at", "pk"),
            count_only=True,
            record=lambda r: DrillRecord(
                "assemblies_meeting",
                r["pk"],
                r["title"],
                local_day(r["starts_at"]),
                r["kpi_counted"],
                ref=f"assemblies_meeting:{r['pk']}",
                **note("session"),
            ),
        )
    )
)


register(
    CouncilOnly(
        RatioSource(
            code="council_decisions_executed",
            queryset=lambda: Decision.objects.filter(meeting__kind=MeetingKind.COUNCIL_SESSION).exclude(
                status=DecisionStatus.NO_ACTION
            ),
            group=("path", "territory_path"),
            prepare=lambda qs: qs.annotate(
                due=Coalesce("plan_due", "response_due"), done_on=TruncDate("completed_at")
            ),
            population=_due_in("due"),
            counted=lambda w: Q(status=DecisionStatus.DONE, done_on__lte=F("due")),
            fields=("text", "meeting_id", "meeting__starts_at", "due", "done_on"),
            order=("due", "pk"),
            record=lambda r: DrillRecord(
                "decision",
                r["pk"],
                r["text"][:120],
                local_day(r["meeting__starts_at"]),
                r["kpi_counted"],
                ref=f"assemblies_meeting:{r['meeting_id']}",
                **note("decision", due=r["due"], on=r["done_on"]),
            ),
        )
    )
)


register(
    CouncilOnly(
        RatioSource(
            code="council_findings_answered",
            queryset=lambda: Recommendation.objects.all(),
            group=("fk", "council__territory_id"),
            population=_due_in("answer_due"),
            counted=lambda w: ~Q(status=RecommendationOutcome.SENT) & Q(answered_on__lte=F("answer_due")),
            fields=("akim_name", "sent_on", "answer_due", "answered_on", "council__territory__code"),
            order=("answer_due", "pk"),
            record=lambda r: DrillRecord(
                "recommendation",
                r["pk"],
                r["akim_name"],
                r["sent_on"],
                r["kpi_counted"],
                ref=f"council:{r['council__territory__code']}",
                **note("recommendation", due=r["answer_due"], on=r["answered_on"]),
            ),
        )
    )
)


register(
    CouncilOnly(
        RatioSource(
            code="council_commissions_reported",
            queryset=lambda: Commission.objects.all(),
            group=("fk", "council__territory_id"),
            population=_due_in("period_end"),
            counted=lambda w: Q(findings_published_at__lt=w.end_before),
            fields=(
                "subject",
                "period_start",
                "period_end",
                "findings_published_at",
                "council__territory__code",
            ),
            order=("period_end", "pk"),
            record=lambda r: DrillRecord(
                "commission",
                r["pk"],
                r["subject"],
                r["period_start"],
                r["kpi_counted"],
                ref=f"council:{r['council__territory__code']}",
                **note("commission", due=r["period_end"], on=r["findings_published_at"]),
            ),
        )
    )
)
