"""Per-territory rules of civic projects, with their sources (see :mod:`auyl.core.rules`).

A campaign copies ``initiatives.min_voter_age`` and ``initiatives.ballot_changes_allowed`` of its
territory when it is created (staff may edit them until voting opens), so the rules of a vote never
change while it runs.
"""

from auyl.core.rules import register

register(
    "initiatives.min_voter_age",
    18,
    "Minimum age of residents who vote on civic projects.",
    "default (not in sources); the issue's default, the age of majority",
)
register(
    "initiatives.ballot_changes_allowed",
    True,
    "Whether a voter may change their ballot until voting closes.",
    "default (not in sources)",
)
register(
    "initiatives.max_photo_mb",
    10,
    "Largest photo accepted with a proposal or an implementation report.",
    "default (not in sources)",
)
register(
    "initiatives.max_photos",
    6,
    "Photos per proposal (and as many per implementation).",
    "default (not in sources)",
)
