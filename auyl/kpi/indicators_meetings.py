"""Indicators of the akim's reporting meetings (``auyl.reporting``) and of gatherings and community
meetings (``auyl.assemblies``).

Read-only aggregate queries on those apps' models: their selectors list one meeting or one user's
meetings, and the scorecards need every unit of a region at once. Reporting meetings are attributed to
the unit whose akim holds them (``akim_unit``), wherever they are held; gatherings to the unit they are
held in or below.
"""

from __future__ import annotations

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncDate

from auyl.assemblies.models import Attendance, AttendeeKind, Decision, Meeting, MeetingKind, MeetingStatus
from auyl.reporting.models import Promise, PromiseStatus, Question, ReportingMeeting
from auyl.reporting.models import Status as ReportingStatus

from .indicators import (
    LABELS,
    RatioSource,
    RowsSource,
    Units,
    Window,
    bucket,
    local_day,
    note,
    path_within,
    register,
)
from .scoring import DrillRecord

LABELS["meeting_status"] = dict(ReportingStatus.choices)
VOTING_KINDS = (MeetingKind.GATHERING, MeetingKind.COMMUNITY_MEETING)


def _in_quarter(field: str):
    return lambda w: Q(**{f"{field}__gte": w.start_at, f"{field}__lt": w.end_before})


# ---------------------------------------------------------------- reporting meetings (Decree No. 826)

register(
    RatioSource(
        code="reporting_meetings_held",
        queryset=lambda: ReportingMeeting.objects.all(),
        group=("fk", "akim_unit_id"),
        population=_in_quarter("starts_at"),
        counted=lambda w: Q(status=ReportingStatus.HELD),
        fields=("title", "venue", "starts_at", "status"),
        order=("starts_at", "pk"),
        record=lambda r: DrillRecord(
            "reporting_meeting",
            r["pk"],
            r["title"] or r["venue"],
            local_day(r["starts_at"]),
            r["kpi_counted"],
            ref=f"reporting_meeting:{r['pk']}",
            **note("meeting", meeting_status=r["status"]),
        ),
    )
)


register(
    RatioSource(
        code="reporting_questions_on_time",
        queryset=lambda: Question.objects.filter(appeal__isnull=False),
        group=("fk", "meeting__akim_unit_id"),
        prepare=lambda qs: qs.annotate(
            responded_on=TruncDate(Coalesce("appeal__answered_at", "appeal__redirected_at"))
        ),
        population=lambda w: Q(appeal__deadline__gte=w.start, appeal__deadline__lte=w.end),
        counted=lambda w: Q(responded_on__lte=F("appeal__deadline")),
        fields=(
            "number",
            "meeting__starts_at",
            "appeal_id",
            "appeal__number",
            "appeal__deadline",
            "responded_on",
        ),
        order=("appeal__deadline", "pk"),
        record=lambda r: DrillRecord(
            "question",
            r["pk"],
            f"№ {r['number']}",
            local_day(r["meeting__starts_at"]),
            r["kpi_counted"],
            ref=f"appeal:{r['appeal_id']}",
            **note("question", number=r["appeal__number"], due=r["appeal__deadline"], on=r["responded_on"]),
        ),
    )
)


register(
    RatioSource(
        code="reporting_promises_delivered",
        queryset=lambda: Promise.objects.all(),
        group=("fk", "meeting__akim_unit_id"),
        population=lambda w: Q(due_on__gte=w.start, due_on__lte=w.end),
        counted=lambda w: Q(status=PromiseStatus.DONE, done_on__lte=F("due_on")),
        fields=("text", "due_on", "done_on", "meeting_id"),
        order=("due_on", "pk"),
        record=lambda r: DrillRecord(
            "promise",
            r["pk"],
            r["text"][:120],
            r["due_on"],
            r["kpi_counted"],
            ref=f"reporting_meeting:{r['meeting_id']}",
            **note("promise", due=r["due_on"], on=r["done_on"]),
        ),
    )
)


# ---------------------------------------------------------------- gatherings and community meetings


def _rolling(window: Window) -> Q:
    return Q(starts_at__gte=window.rolling_start_at, starts_at__lt=window.end_before)


register(
    RatioSource(
        code="gatherings_held",
        queryset=lambda: Meeting.objects.filter(kind=MeetingKind.GATHERING),
        group=("path", "territory_path"),
        population=lambda w: _rolling(w) & Q(status=MeetingStatus.CLOSED),
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
        ),
    )
)


def _held_meetings(units: Units, window: Window, kinds) -> list[dict]:
    """Closed meetings of ``kinds`` in the rolling year within the units, with the participants checked
    in (``present``): one query (for gatherings and community meetings together, shared by the two
    indicators of a run), a count of the attendance per meeting as a subquery."""
    key = ("held", window)
    if key not in units.memo:
        units.memo[key] = _read_held(units, window)
    return [m for m in units.memo[key] if m["kind"] in kinds]


def _read_held(units: Units, window: Window) -> list[dict]:
    present = (
        Attendance.objects.filter(meeting=OuterRef("pk"), kind=AttendeeKind.PARTICIPANT)
        .order_by()
        .values("meeting")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return list(
        Meeting.objects.filter(
            _rolling(window),
            path_within("territory_path", units.scope),
            kind__in=VOTING_KINDS,
            status=MeetingStatus.CLOSED,
            roll_size__isnull=False,
        )
        .annotate(present=Coalesce(Subquery(present), 0))
        .order_by("starts_at", "pk")
        .values(
            "pk", "kind", "territory_path", "title", "starts_at", "roll_size", "quorum_required", "present"
        )
    )


class QuorumSource(RowsSource):
    code = "gatherings_quorum"
    mode = "ratio"

    def rows(self, units: Units, window: Window) -> dict[int, list[DrillRecord]]:
        return bucket(
            [
                (
                    m["territory_path"],
                    DrillRecord(
                        "assemblies_meeting",
                        m["pk"],
                        m["title"],
                        local_day(m["starts_at"]),
                        m["present"] >= (m["quorum_required"] or 0),
                        ref=f"assemblies_meeting:{m['pk']}",
                        **note("quorum", present=m["present"], required=m["quorum_required"]),
                    ),
                )
                for m in _held_meetings(units, window, VOTING_KINDS)
            ],
            units,
        )


class AttendanceSource(RowsSource):
    code = "gatherings_attendance"
    mode = "sum_ratio"

    def rows(self, units: Units, window: Window) -> dict[int, list[DrillRecord]]:
        return bucket(
            [
                (
                    m["territory_path"],
                    DrillRecord(
                        "assemblies_meeting",
                        m["pk"],
                        m["title"],
                        local_day(m["starts_at"]),
                        True,
                        amount=float(m["present"]),
                        base=float(m["roll_size"]),
                        ref=f"assemblies_meeting:{m['pk']}",
                        **note("attendance", present=m["present"], roll=m["roll_size"]),
                    ),
                )
                for m in _held_meetings(units, window, (MeetingKind.GATHERING,))
                if m["roll_size"]
            ],
            units,
        )


register(QuorumSource())
register(AttendanceSource())


register(
    RatioSource(
        code="gathering_decisions_answered",
        queryset=lambda: Decision.objects.filter(addressed_to_akim=True, meeting__kind__in=VOTING_KINDS),
        group=("path", "territory_path"),
        prepare=lambda qs: qs.annotate(responded_on=TruncDate("responded_at")),
        population=lambda w: Q(response_due__gte=w.start, response_due__lte=w.end),
        counted=lambda w: Q(responded_on__lte=F("response_due")),
        fields=("text", "meeting_id", "meeting__starts_at", "response_due", "responded_on"),
        order=("response_due", "pk"),
        record=lambda r: DrillRecord(
            "decision",
            r["pk"],
            r["text"][:120],
            local_day(r["meeting__starts_at"]),
            r["kpi_counted"],
            ref=f"assemblies_meeting:{r['meeting_id']}",
            **note("response", due=r["response_due"], on=r["responded_on"]),
        ),
    )
)
