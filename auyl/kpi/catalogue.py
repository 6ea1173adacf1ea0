"""The indicator catalogue: the one place where every KPI is defined.

The sources ask for an evaluation "on objective criteria" (``000:123-128``) but give no formula (BRIEF
section 7): the definitions, targets and floors below are ours, written so that an akim who disagrees
with a score can recount it from the records (``selectors.drilldown``). The query that computes each
indicator lives in ``indicators_*.py`` under the same code; the methodology page is generated from
this list.

Windows. Most indicators count the events *due* (or happening) within the quarter: an appeal whose
deadline falls in the quarter is on time or not by the end of the quarter, whatever happens later.
Gatherings and civic projects happen once or twice a year, so they are counted over the four quarters
ending with the quarter (a "rolling year"). Budget figures are year-to-date (cumulative from 1 January
to the end of the quarter), as budgets are reported. While a quarter is still running, "due within
the quarter" means "due by today".

Targets and floors: the value that earns 100 and the value that earns 0 (for a "lower is better"
indicator the floor is above the target). None of them is in the sources — each region sets its own
(``kpi.targets``, ``kpi.floors``); the defaults are documented here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

AKIM = "akim"
COUNCIL = "council"
HIGHER = "higher"
LOWER = "lower"

# How a drill-down list recounts to the figure (scoring.recount).
RATIO = "ratio"  # 100 x (weight of records marked counted) / (weight of all records)
MEAN = "mean"  # mean of the records' amounts
SUM_RATIO = "sum_ratio"  # 100 x (sum of amounts) / (sum of bases)
COUNT = "count"  # number of records marked counted

NOT_IN_SOURCES = _("default (not in sources)")


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str  # lazy translated
    definition: str  # lazy translated: exactly what is counted
    unit: str  # "%", "count", "points"
    direction: str  # HIGHER | LOWER is better
    source: str  # lazy translated: which records (app) the figure comes from
    formula: str  # lazy translated: numerator / denominator in words
    default_target: float  # value earning 100
    default_floor: float  # value earning 0
    applies_to: str  # AKIM | COUNCIL
    mode: str  # RATIO | MEAN | SUM_RATIO | COUNT: how the drill-down recounts
    group: str = ""  # lazy translated heading
    basis: str = ""  # where the idea (not the number) comes from in the sources, "NNN:line"
    empty_reason: str = ""  # lazy translated: why the figure is missing when there is nothing to count

    @property
    def unit_label(self) -> str:
        return str(UNIT_LABELS.get(self.unit, self.unit))


UNIT_LABELS = {"%": "%", "count": _("count"), "points": _("points of 5")}

from .catalogue_indicators import INDICATORS  # noqa: E402  (the list needs the shapes above)

BY_CODE: dict[str, Indicator] = {indicator.code: indicator for indicator in INDICATORS}


def indicators(applies_to: str | None = None) -> list[Indicator]:
    return [i for i in INDICATORS if applies_to is None or i.applies_to == applies_to]


def get(code: str) -> Indicator | None:
    return BY_CODE.get(code)


# Why a figure is missing, beyond "nothing to count" (the indicator's own ``empty_reason``). The code
# is what a snapshot stores; the text is translated when shown.
EMPTY = "empty"
REASONS = {
    "no_council": _("No council served in this unit during the quarter."),
    "no_budget": _("No budget of this unit for the year is recorded."),
    "survey_too_small": _(
        "Too few respondents in this unit to show the survey's figures without singling anyone out."
    ),
    "no_adults": _("The adult population of the voting territory is not recorded."),
    "no_roll": _("The rolls of the gatherings held are empty."),
}


def reason_text(indicator: Indicator, code: str) -> str:
    if not code:
        return ""
    if code == EMPTY:
        return str(indicator.empty_reason)
    return str(REASONS.get(code, code))
