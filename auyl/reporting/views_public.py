"""Public pages: the reporting meetings of a rural district, and one meeting with the questions raised,
what became of each, and the akim's promises against what was done. No names, no phones."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from . import selectors


@require_safe
def public_list(request, code):
    unit = selectors.public_unit(code)
    today = timezone.localdate()
    promises = selectors.public_promises(unit)
    return render(
        request,
        "reporting/public_list.html",
        {
            "territory": unit,
            "meetings": selectors.public_meetings(unit),
            "today": today,
            "promises": [(p, p.is_overdue(today)) for p in promises],
            "promise_counts": selectors.promise_counts(promises, today),
        },
    )


@require_safe
def public_meeting(request, code, pk):
    unit = selectors.public_unit(code)
    meeting = selectors.public_meeting(code, pk)
    today = timezone.localdate()
    promises = selectors.promises_of(meeting)
    return render(
        request,
        "reporting/public_meeting.html",
        {
            "territory": unit,
            "meeting": meeting,
            "title": selectors.meeting_title(meeting),
            "today": today,
            "questions": [
                (q, selectors.fate_of(q, today)) for q in selectors.questions_of(meeting, public=True)
            ],
            "hidden_questions": meeting.questions.filter(is_public=False).count(),
            "promises": [(p, p.is_overdue(today)) for p in promises],
            "promise_counts": selectors.promise_counts(promises, today),
        },
    )
