"""The periodic job ``documents.reminders`` (``manage.py tick``): reminders to receiving units.

For the current version of every recent document, each unit that has not acknowledged it is reminded once
(from the day after it was sent), each unit that has not reported is reminded ``documents.reminder_days_before``
days before the due date and once more when the report is overdue. Idempotent: every message has a dedupe
key naming the document, version, unit, occasion (with the due date) and person.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch
from django.utils import timezone

from auyl.core.rules import get_rule

from .messages import remind
from .models import Document, Recipient
from .selectors import with_current_version

WINDOW_DAYS = 365
BATCH = 500


def _remind_document(document: Document, today: dt.date) -> dict[str, int]:
    counts = {"acknowledge": 0, "due_soon": 0, "overdue": 0}
    version = document.current[0]
    sent_on = timezone.localdate(version.created_at)
    before = get_rule(document.sender, "documents.reminder_days_before")
    for recipient in document.recipients.all():
        acknowledged = any(a.version == version.number for a in recipient.acknowledgements.all())
        if not acknowledged and today > sent_on:
            counts["acknowledge"] += remind(document, version, recipient, occasion="acknowledge", key="ack")
        if version.report_due is None or recipient.reports.all():
            continue
        days_left = (version.report_due - today).days
        if 0 <= days_left <= before:
            counts["due_soon"] += remind(
                document, version, recipient, occasion="due_soon", key=f"due:{version.report_due}"
            )
        elif days_left < 0:
            counts["overdue"] += remind(
                document, version, recipient, occasion="overdue", key=f"overdue:{version.report_due}"
            )
    return counts


def run_reminders(today: dt.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    since = timezone.now() - dt.timedelta(days=WINDOW_DAYS)
    documents = with_current_version(
        Document.objects.filter(created_at__gte=since)
        .select_related("sender")
        .prefetch_related(
            Prefetch(
                "recipients",
                queryset=Recipient.objects.select_related("territory").prefetch_related(
                    "acknowledgements", "reports"
                ),
            )
        )
    )
    totals = {"documents": 0, "acknowledge": 0, "due_soon": 0, "overdue": 0}
    for document in documents.iterator(chunk_size=BATCH):
        totals["documents"] += 1
        for key, value in _remind_document(document, today).items():
            totals[key] += value
    return totals
