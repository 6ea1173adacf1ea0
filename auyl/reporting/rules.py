"""Per-region rules of akims' reporting meetings (see auyl.core.rules)."""

from auyl.core.rules import register

register(
    "reporting.plan_horizon_days",
    366,
    "How far ahead a reporting meeting may be planned, in days.",
    "default (not in sources)",
)
register(
    "reporting.promise_days",
    30,
    "Due date first offered for an akim's promise: this many days after the meeting.",
    "default (not in sources)",
)
