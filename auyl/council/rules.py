"""Per-region rules of the council (see auyl.core.rules)."""

from django.utils.translation import gettext_lazy as _

from auyl.core.rules import register

register(
    "council.term_years",
    4,
    _("Term of office of the council of a rural district, in years."),
    _("004:116 and 001:423 (4 years); the sources disagree: 001:431 gives 3 years, 001:465 gives 5"),
)
register(
    "council.seats",
    9,
    _(
        "Number of seats on the council of a rural district; every settlement with residents needs at least "
        "one, so it must not be below the number of inhabited settlements."
    ),
    _(
        "default (not in sources): 001:431-433 says only that the size depends on population and every "
        "settlement is represented"
    ),
)
register(
    "council.recommendation_answer_days",
    30,
    _(
        "Days the superior akim has to answer the council's recommendation on disciplinary action "
        "against the village akim (counted in the mode of calendar.deadline_mode)."
    ),
    _("default (not in sources): 004:116 names the recommendation, not a deadline"),
)
