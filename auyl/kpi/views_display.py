"""What the scorecard pages need besides the engine's figures: parsing a quarter from the URL, and
turning numbers into the words and bars a page shows (localised decimals, a trend as an arrow *and*
words, a missing figure as "no data" with its reason, never as 0).

No rule of evaluation lives here: the figures come from ``selectors``; this only presents them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from auyl.territory import selectors as territory_selectors

from .scoring import Period

# (thousands, decimal) separators by language: a no-break space and a comma in Kazakh and Russian.
SEPARATORS = {"kk": ("\u00a0", ","), "ru": ("\u00a0", ","), "en": (",", ".")}
# A score change smaller than this (in points of 0-100) is shown as "no change".
STEADY = 0.05
DIRECTIONS = {
    "higher": gettext_lazy("higher is better"),
    "lower": gettext_lazy("lower is better"),
}


def period_or_404(year: int, quarter: int) -> Period:
    """The quarter a URL names; a quarter that cannot exist (Q5, year 12) is "no such page"."""
    try:
        return Period(int(year), int(quarter))
    except (ValidationError, ValueError, OverflowError):
        raise Http404("no such quarter") from None


def last_complete_quarter(today: dt.date | None = None) -> Period:
    """The quarter before the one running today: the newest whose figures are whole."""
    return Period.containing(today or timezone.localdate()).previous()


def primary_unit_or_404(code: str):
    """A rural district (or town) by KATO code: scorecards exist for primary units only."""
    territory = territory_selectors.territory_by_code(code)
    if not territory.is_primary:
        raise Http404("not a primary unit")
    return territory


def quarter_label(period: Period) -> str:
    return _("Q%(quarter)s %(year)s") % {"quarter": period.quarter, "year": period.year}


def number(value, places: int = 1) -> str:
    """A number as the page's language writes it, with at most ``places`` decimals (trailing zeros
    dropped): "12 361,5" in Kazakh and Russian, "12,361.5" in English. (Django has no number formats
    for Kazakh, so the separators are set here, as the portal's ``thousands`` filter does.)"""
    if value is None:
        return ""
    thousands, decimal = SEPARATORS.get((get_language() or "")[:2], SEPARATORS["kk"])
    text = f"{round(float(value), places):,.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", "\u0001").replace(".", decimal).replace("\u0001", thousands)


def value_text(value, unit: str) -> str:
    """A raw value in its unit: "87,5 %", "12", "4,2 of 5" (an applicants' rating)."""
    if value is None:
        return ""
    if unit == "%":
        return f"{number(value)}\u00a0%"
    if unit == "count":
        return number(value, 0)
    if unit == "points":
        return _("%(value)s of 5") % {"value": number(value)}
    return number(value, 2)


def score_text(score) -> str:
    return "" if score is None else number(score)


def width(score) -> str:
    """A bar's width in per cent for inline CSS (always a dot decimal, whatever the language)."""
    if score is None:
        return "0"
    return f"{max(0.0, min(100.0, float(score))):.1f}"


def level(score) -> str:
    """A bar's tint; the number beside it is what counts (colour is never the only signal)."""
    if score is None:
        return "missing"
    return "low" if score < 50 else "high" if score >= 80 else "mid"


@dataclass(frozen=True)
class Trend:
    kind: str  # "up" | "down" | "same" | "none"
    arrow: str
    text: str


def trend(delta) -> Trend:
    """A quarter-on-quarter change of a score as an arrow and words (for readers and screen readers)."""
    if delta is None:
        return Trend("none", "•", _("no figure for the previous quarter"))
    if abs(delta) < STEADY:
        return Trend("same", "▶", _("no change"))
    points = number(abs(delta))
    if delta > 0:
        return Trend("up", "▲", _("up %(points)s points") % {"points": points})
    return Trend("down", "▼", _("down %(points)s points") % {"points": points})


@dataclass
class Row:
    """One indicator as a scorecard shows it."""

    result: object
    definition: object  # catalogue.Indicator or None
    value: str
    numerator: str
    denominator: str
    detail: str  # what the value is made of: "4 of 5", "average of 2 ratings"
    score: str
    width: str
    level: str
    target: str
    weight: str  # the indicator's share of its scorecard's total weight
    carries: str  # its share of this composite ("" when missing: it is left out)
    url: str
    group: str


def rows(card, definitions: dict, url_name: str = "kpi:drilldown") -> list[Row]:
    """The scorecard's indicators, each with the link to the records behind it."""
    code, period = card.territory.code, card.period
    total_weight = sum(result.weight for result in card.results) or 1
    out = []
    for result in card.results:
        definition = definitions.get(result.code)
        ratio = result.value is not None and result.numerator is not None and result.denominator is not None
        numerator = number(result.numerator, 2) if ratio else ""
        denominator = number(result.denominator, 2) if ratio else ""
        out.append(
            Row(
                result=result,
                definition=definition,
                value=value_text(result.value, result.unit),
                numerator=numerator,
                denominator=denominator,
                detail=_detail(getattr(definition, "mode", ""), numerator, denominator),
                score=score_text(result.score),
                width=width(result.score),
                level=level(result.score),
                target=value_text(result.target, result.unit),
                weight=f"{number(100 * result.weight / total_weight)}\u00a0%",
                carries="" if result.is_missing else f"{number(100 * result.effective_weight)}\u00a0%",
                url=reverse(url_name, args=[code, period.year, period.quarter, result.code]),
                group=str(getattr(definition, "group", "") or ""),
            )
        )
    return out


def _detail(mode: str, numerator: str, denominator: str) -> str:
    if not numerator:
        return ""
    if mode == "mean":
        return _("average of %(count)s") % {"count": denominator}
    if mode == "count":
        return ""
    return _("%(numerator)s of %(denominator)s") % {"numerator": numerator, "denominator": denominator}


def period_links(url_name: str, code: str, periods: list[Period], current: Period) -> list[dict]:
    """Pills for the quarters that can be shown (oldest first), the current one marked."""
    shown = sorted(set(periods) | {current})
    return [
        {
            "label": quarter_label(period),
            "url": reverse(url_name, args=[code, period.year, period.quarter]),
            "current": period == current,
        }
        for period in shown
    ]
