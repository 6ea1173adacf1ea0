"""Per-region rules of the document channel, with their sources (see auyl.core.rules)."""

from django.utils.translation import gettext_lazy as _

from auyl.core.rules import register

register(
    "documents.report_days",
    10,
    _(
        "Days a recipient has to report on a report request when the sender "
        "gives no date (counted as calendar.deadline_mode)."
    ),
    _("default (not in sources); 003:515-523 names the reports, not a deadline"),
)
register(
    "documents.reminder_days_before",
    2,
    _("Remind the recipients who have not reported this many days before the report is due."),
    _("default (not in sources)"),
)
register(
    "documents.max_attachment_mb",
    20,
    _("Largest file attached to a document or a report."),
    _("default (not in sources)"),
)
