"""Per-region rules of the akim's personal reception (see auyl.core.rules).

``reception.weekdays`` (default Tuesday and Thursday, 002:752) is registered by the foundation.
"""

from auyl.core.rules import register

register("reception.start", "10:00", "Time the personal reception begins (HH:MM, local time).",
         "default (not in sources)")
register("reception.end", "12:00", "Time the personal reception ends (HH:MM); the last slot ends by then.",
         "default (not in sources)")
register("reception.slot_minutes", 15, "Length of one pre-booked slot in minutes.", "default (not in sources)")
register("reception.booking_horizon_days", 30, "How many days ahead a reception may be booked.",
         "default (not in sources)")
