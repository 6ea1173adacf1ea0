"""Per-territory rules of civic projects, with their sources (see :mod:`auyl.core.rules`).

A campaign copies ``initiatives.min_voter_age`` and ``initiatives.ballot_changes_allowed`` of its
territory when it is created (staff may edit them until voting opens), so the rules of a vote never
change while it runs.
"""

from django.utils.translation import gettext_lazy as _

from auyl.core.rules import register

register(
    "initiatives.min_voter_age",
    18,
    _("Minimum age of residents who vote on civic projects."),
    _("default (not in sources); the issue's default, the age of majority"),
)
register(
    "initiatives.ballot_changes_allowed",
    True,
    _("Whether a voter may change their ballot until voting closes."),
    _("default (not in sources)"),
)
register(
    "initiatives.max_photo_mb",
    10,
    _("Largest photo accepted with a proposal or an implementation report."),
    _("default (not in sources)"),
)
register(
    "initiatives.max_photos",
    6,
    _("Photos per proposal (and as many per implementation)."),
    _("default (not in sources)"),
)
