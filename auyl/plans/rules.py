"""Per-region rules of development plans (see :mod:`auyl.core.rules`)."""

from django.utils.translation import gettext_lazy as _

from auyl.core.rules import register

register(
    "plans.at_risk_gap",
    15,
    _(
        "An indicator is at risk when its progress is more than this many percentage points behind the "
        "progress expected pro rata of the time elapsed (see auyl.plans.status)."
    ),
    _("default (not in sources): 002:767-769 ask for deadlines of every indicator, not for a tolerance"),
)
register(
    "plans.max_years",
    10,
    _("The longest period a development plan may cover, in years (medium and long term, 002:767)."),
    _("002:767 (medium- and long-term development projects); the number is a default"),
)
