"""Per-region rules of akims' reporting meetings (see auyl.core.rules)."""

from django.utils.translation import gettext_lazy as _

from auyl.core.rules import register

register(
    "reporting.plan_horizon_days",
    366,
    _("How far ahead a reporting meeting may be planned, in days."),
    _("default (not in sources)"),
)
register(
    "reporting.promise_days",
    30,
    _("Due date first offered for an akim's promise: this many days after the meeting."),
    _("default (not in sources)"),
)
