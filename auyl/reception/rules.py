"""Per-region rules of the akim's personal reception (see auyl.core.rules).

``reception.weekdays`` (default Tuesday and Thursday, 002:752) is registered by the foundation.
"""

from django.utils.translation import gettext_lazy as _

from auyl.core.rules import register

register(
    "reception.start",
    "10:00",
    _("Time the personal reception begins (HH:MM, local time)."),
    _("default (not in sources)"),
)
register(
    "reception.end",
    "12:00",
    _("Time the personal reception ends (HH:MM); the last slot ends by then."),
    _("default (not in sources)"),
)
register(
    "reception.slot_minutes",
    15,
    _("Length of one pre-booked slot in minutes."),
    _("default (not in sources)"),
)
register(
    "reception.booking_horizon_days",
    30,
    _("How many days ahead a reception may be booked."),
    _("default (not in sources)"),
)
