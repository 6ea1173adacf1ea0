"""Per-territory rules of local referendums and recall initiatives (see :mod:`auyl.core.rules`).

The sources propose the local referendum (``000:845``) and recall procedures (``001:671``) without
thresholds, so every number here is a documented default a region overrides. A question copies them
when it is registered, so the rules of a vote never change while it runs.
"""

from django.utils.translation import gettext_lazy as _

from auyl.core.rules import register

register(
    "referendums.signature_percent",
    5,
    # xgettext:no-python-format
    _("Signatures needed for a residents' initiative, in % of the adult residents of the territory."),
    _("default (not in sources)"),
)
register(
    "referendums.signature_days",
    30,
    _("Days residents have to collect signatures for an initiative."),
    _("default (not in sources)"),
)
register(
    "referendums.min_voter_age",
    18,
    _("Minimum age of residents who sign and vote."),
    _("default (not in sources); the age of majority"),
)
register(
    "referendums.turnout_percent",
    50,
    # xgettext:no-python-format
    _("Turnout (in % of registered voters) below which a referendum is invalid."),
    _("default (not in sources)"),
)
register(
    "referendums.majority",
    "simple",
    _(
        "Majority needed: simple (more than half of the ballots), two_thirds, or absolute "
        "(more than half of all registered voters)."
    ),
    _("default (not in sources)"),
)
register(
    "referendums.recall_majority",
    "absolute",
    _("Majority needed to support the dismissal of an akim (same choices)."),
    _("default (not in sources)"),
)
