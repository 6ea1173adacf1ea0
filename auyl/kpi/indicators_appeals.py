"""Appeal indicators, counted by the database over ``appeals.Appeal`` grouped by the rural district's
path prefix.

Read-only aggregate queries on the appeals app's model: ``auyl.appeals.reports`` aggregates one
territory at a time behind a permission check, and the scorecards need every unit of a region in one
grouped query. The repeat rule is the appeals app's own (``reports.REPEAT_Q``).

An appeal's receipt, registration, deadline and answer dates are set once by the workflow, but an
appeal can still be re-examined (its answer and rating replaced) or its repeat link confirmed later:
a quarter is therefore frozen by its snapshot (``services.close_quarter``), not by these queries alone.
"""

from __future__ import annotations

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, TruncDate

from auyl.appeals.models import Appeal, Outcome
from auyl.appeals.reports import REPEAT_Q

from .catalogue import EMPTY
from .indicators import LABELS, RatioSource, Source, Units, Window, grouped, note, register, within_unit
from .scoring import DrillRecord, RawFigure, mean

GROUP = ("path", "territory_path")
LABELS["outcome"] = dict(Outcome.choices)


def _appeals():
    return Appeal.objects.all()


def _with_response(queryset):
    """``responded_on``: the local date of the answer, or of the redirection to another body."""
    return queryset.annotate(responded_on=TruncDate(Coalesce("answered_at", "redirected_at")))


def _received(window: Window) -> Q:
    return Q(received_on__gte=window.start, received_on__lte=window.end)


def _record(make_note):
    def build(row: dict) -> DrillRecord:
        return DrillRecord(
            "appeal",
            row["pk"],
            row["number"],
            row["received_on"],
            row["kpi_counted"],
            ref=f"appeal:{row['pk']}",
            **make_note(row),
        )

    return build


register(
    RatioSource(
        code="appeals_registered_on_time",
        family="appeals_received",
        queryset=_appeals,
        group=GROUP,
        population=_received,
        counted=lambda w: Q(registered_at__date__lte=F("registration_due")),
        fields=("number", "received_on", "registered_at", "registration_due"),
        order=("received_on", "pk"),
        record=_record(lambda r: note("registered", on=r["registered_at"], due=r["registration_due"])),
    )
)

register(
    RatioSource(
        code="appeals_answered_on_time",
        queryset=_appeals,
        group=GROUP,
        prepare=_with_response,
        population=lambda w: Q(deadline__gte=w.start, deadline__lte=w.end),
        counted=lambda w: Q(responded_on__lte=F("deadline")),
        fields=("number", "received_on", "deadline", "responded_on"),
        order=("deadline", "pk"),
        record=_record(lambda r: note("answered", due=r["deadline"], on=r["responded_on"])),
    )
)

register(
    RatioSource(
        code="appeals_positive",
        queryset=_appeals,
        group=GROUP,
        population=lambda w: (
            Q(answered_at__gte=w.start_at, answered_at__lt=w.end_before)
            & ~Q(outcome__in=["", Outcome.REDIRECTED])
        ),
        counted=lambda w: Q(outcome=Outcome.SATISFIED),
        fields=("number", "received_on", "answered_at", "outcome"),
        order=("answered_at", "pk"),
        record=_record(lambda r: note("outcome", on=r["answered_at"], outcome=r["outcome"])),
    )
)

register(
    RatioSource(
        code="appeals_repeat",
        family="appeals_received",
        queryset=_appeals,
        group=GROUP,
        population=_received,
        counted=lambda w: REPEAT_Q,
        fields=("number", "received_on", "repeat_of__number"),
        order=("received_on", "pk"),
        record=_record(lambda r: note("repeats", number=r["repeat_of__number"]) if r["kpi_counted"] else {}),
    )
)

register(
    RatioSource(
        code="appeals_collective",
        family="appeals_received",
        queryset=_appeals,
        group=GROUP,
        population=_received,
        counted=lambda w: Q(is_collective=True),
        fields=("number", "received_on"),
        order=("received_on", "pk"),
        record=_record(lambda r: note("collective") if r["kpi_counted"] else {}),
    )
)


class RatingSource(Source):
    """The mean rating given during the quarter (mode MEAN)."""

    code = "appeals_rating"

    @staticmethod
    def _base(window: Window):
        return Appeal.objects.filter(
            rated_at__gte=window.start_at, rated_at__lt=window.end_before, rating__isnull=False
        )

    def figures(self, units: Units, window: Window) -> dict[int, RawFigure]:
        rows = grouped(self._base(window), units, GROUP, n=Count("pk"), total=Sum("rating"))
        out = {}
        for unit_id in units.ids:
            row = rows.get(unit_id)
            if row and row["n"]:
                out[unit_id] = RawFigure(mean(row["total"], row["n"]), row["total"], row["n"])
            else:
                out[unit_id] = RawFigure(None, 0, 0, EMPTY)
        return out

    def records(self, unit, window: Window) -> list[DrillRecord]:
        rows = (
            within_unit(self._base(window), unit, GROUP)
            .order_by("rated_at", "pk")
            .values("pk", "number", "received_on", "rating", "rated_at")
        )
        return [
            DrillRecord(
                "appeal",
                r["pk"],
                r["number"],
                r["received_on"],
                True,
                amount=float(r["rating"]),
                ref=f"appeal:{r['pk']}",
                **note("rated", rating=r["rating"], on=r["rated_at"]),
            )
            for r in rows
        ]


register(RatingSource())
