"""Per-region settings of the evaluation (see auyl.core.rules).

Targets, floors and weights are read from the *region* of a unit (``get_rule(region, ...)``), so that
every rural district of a region is scored against the same yardstick and a ranking compares like with
like. Each is a dictionary ``{indicator code: number}`` that overrides the catalogue's defaults for the
codes it names (the others keep their defaults). None of the numbers is in the sources (BRIEF section
7: "no formula exists in the sources").
"""

from django.utils.translation import gettext_lazy as _

from auyl.core.rules import register

NOT_IN_SOURCES = _("default (not in sources); the sources give no formula (000:123-128, BRIEF section 7)")

register(
    "kpi.targets",
    {},
    _(
        "Value of each indicator that earns 100 points, by indicator code; codes not named keep the catalogue's "
        "default target."
    ),
    NOT_IN_SOURCES,
)
register(
    "kpi.floors",
    {},
    _(
        "Value of each indicator that earns 0 points (above the target for a lower-is-better indicator), by "
        "indicator code; codes not named keep the catalogue's default floor."
    ),
    NOT_IN_SOURCES,
)
register(
    "kpi.weights",
    {},
    _(
        "Weight of each indicator in its scorecard's composite, by indicator code; codes not named weigh 1 "
        "(equal weights). A weight of 0 leaves the indicator out of the composite (it is still shown)."
    ),
    NOT_IN_SOURCES,
)
register(
    "kpi.min_coverage",
    0.5,
    _(
        "Share of a scorecard's total weight (0 to 1) whose indicators must have data for a composite score to "
        "be given; below it the unit is shown as not scored (too little data), never as a low score."
    ),
    _("default (not in sources)"),
)
register(
    "kpi.close_after_days",
    15,
    _(
        "Days after the end of a quarter when its scorecards are closed (stored for good): late entries of the "
        "quarter's events made after that no longer change it."
    ),
    _("default (not in sources)"),
)
