"""Per-region rules of appeals, with their sources (see auyl.core.rules)."""

from django.utils.translation import gettext_lazy as _

from auyl.core.rules import register

register(
    "appeals.registration_days",
    3,
    _("Days from receipt within which an appeal must be registered."),
    "000:859",
)
register(
    "appeals.consideration_days",
    15,
    _("Days to consider an appeal."),
    _("001:718-720 (up to 15 calendar days)"),
)
register(
    "appeals.day_mode",
    "calendar",
    _("Count consideration days as calendar or working days."),
    _("001:718-720; mode is a setting"),
)
register(
    "appeals.extension_days",
    15,
    _("Length of the one allowed extension."),
    _("default (not in sources)"),
)
register(
    "appeals.redirect_days",
    3,
    _("Days within which an appeal for another body is redirected."),
    _("default (not in sources)"),
)
register(
    "appeals.repeat_window_months",
    12,
    _("A new appeal on the same matter within this many months after an answer is a repeat appeal."),
    _("default (not in sources)"),
)
register(
    "appeals.reminder_days_before",
    2,
    _("Remind the executor this many days before the deadline."),
    _("default (not in sources)"),
)
register(
    "appeals.max_attachment_mb",
    10,
    _("Largest attachment accepted."),
    _("default (not in sources)"),
)
register(
    "appeals.risk_points",
    {
        "collective": 2,
        "repeat": 3,
        "overdue": 3,
        "official_complaint": 2,
        "emergency_topic": 2,
        "extended": 1,
    },
    _("Points per risk factor; the total maps to yellow 1-2, orange 3-5, red 6-10."),
    _("002:306-309 (levels); factors default (not in sources)"),
)
