"""Public pages of the evaluation: a rural district's scorecard for a quarter (the akim's and, apart,
the council's), the records behind each figure, and the methodology generated from the catalogue.

Thin: figures come from ``selectors``; ``views_display`` turns them into words and bars. What is
public: the composite and every indicator (aggregates). The drill-down lists records as the engine
gives them for this reader — no resident's personal data, and links to staff pages only for those
allowed to open them.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from auyl.portal import selectors as portal_selectors
from auyl.territory import selectors as territory_selectors

from . import forms, selectors
from . import views_display as display


def refuse(request, message, *, back_url: str = "", status: int = 400):
    """A request the page cannot answer (a future quarter, an unknown choice): say why, never a 500."""
    messages = message.messages if isinstance(message, ValidationError) else [str(message)]
    return render(request, "kpi/refused.html", {"reasons": messages, "back_url": back_url}, status=status)


def _rankable_ancestor(user, territory):
    """The nearest district or region above ``territory`` the reader may rank (for a link), or None."""
    parents = {unit.pk: unit for unit in selectors.rankable_parents(user)} if user.is_authenticated else {}
    for unit in reversed(territory_selectors.ancestors(territory)):
        if unit.pk in parents:
            return unit
    return None


@require_safe
def scorecard_latest(request, code):
    """A rural district's scorecard for the last complete quarter."""
    territory = display.primary_unit_or_404(code)
    period = display.last_complete_quarter()
    return redirect("kpi:scorecard", code=territory.code, year=period.year, quarter=period.quarter)


@require_safe
def scorecard(request, code, year, quarter):
    territory = display.primary_unit_or_404(code)
    period = display.period_or_404(year, quarter)
    try:
        card = selectors.scorecard(request.user, territory, period)
        council = selectors.council_scorecard(request.user, territory, period)
    except ValidationError as exc:
        return refuse(request, exc, back_url=_latest_url(territory))
    by_code = definitions()
    return render(
        request,
        "kpi/scorecard.html",
        {
            "territory": territory,
            "ancestors": territory_selectors.ancestors(territory),
            "period": period,
            "period_label": display.quarter_label(period),
            "periods": display.period_links(
                "kpi:scorecard", territory.code, selectors.periods_available(territory), period
            ),
            "card": card,
            "council": council,
            "akim_rows": display.rows(card, by_code),
            "council_rows": display.rows(council, by_code),
            "composite": _composite(card),
            "council_composite": _composite(council),
            "ranking_unit": _rankable_ancestor(request.user, territory),
        },
    )


def _latest_url(territory) -> str:
    return reverse("kpi:scorecard_latest", args=[territory.code])


def scorecard_url(territory, period) -> str:
    return reverse("kpi:scorecard", args=[territory.code, period.year, period.quarter])


def definitions() -> dict:
    """The catalogue by indicator code (for the group heading, definition and formula of a figure)."""
    return {indicator.code: indicator for indicator in selectors.catalogue()}


def _composite(card) -> dict:
    """The composite as the ring and the sentence beside it show it."""
    score = card.composite
    circumference = 263.89  # 2 * pi * 42, the ring's radius in the SVG's own units
    filled = 0 if score is None else circumference * max(0, min(100, score)) / 100
    return {
        "score": display.score_text(score),
        "missing": score is None,
        "reason": getattr(card, "missing_reason", ""),
        "coverage": display.number(100 * card.coverage),
        "dash": f"{filled:.2f} {circumference:.2f}",
        "filled": filled > 0,
        "trend": display.trend(card.trend),
        "previous": display.score_text(card.previous_composite),
        "previous_label": display.quarter_label(card.period.previous()),
    }


@require_safe
def methodology(request):
    """The public methodology, generated from the catalogue, with one region's targets and weights."""
    form = forms.RegionForm(request.GET or None, regions=portal_selectors.regions())
    region = form.cleaned_data["region"] if form.is_bound and form.is_valid() else None
    status = 400 if form.is_bound and not form.is_valid() else 200
    method = selectors.methodology(region)
    by_code = definitions()
    return render(
        request,
        "kpi/methodology.html",
        {
            "form": form,
            "region": region,
            "method": method,
            "akim": _method_rows(method, by_code, "akim"),
            "council": _method_rows(method, by_code, "council"),
        },
        status=status,
    )


def _method_rows(method: dict, by_code_definition: dict, kind: str) -> list[dict]:
    codes = method["scorecards"].get(kind, [])
    by_code = {row["code"]: row for row in method["indicators"]}
    total = sum(by_code[code].get("weight") or 0 for code in codes if code in by_code) or 1
    rows = []
    for code in codes:
        row, definition = by_code.get(code), by_code_definition.get(code)
        if row is None or definition is None:
            continue
        rows.append(
            {
                "indicator": definition,
                "group": str(definition.group or ""),
                "unit": definition.unit_label,
                "direction": display.DIRECTIONS.get(definition.direction, definition.direction),
                "target": display.value_text(row.get("target"), definition.unit),
                "floor": display.value_text(row.get("floor"), definition.unit),
                "weight": display.number(row.get("weight"), 2),
                "share": f"{display.number(100 * (row.get('weight') or 0) / total)}\u00a0%",
                "changed": row.get("target") != definition.default_target
                or row.get("floor") != definition.default_floor,
            }
        )
    return rows
