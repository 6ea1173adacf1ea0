"""The drill-down page: the records one figure of a scorecard was computed from.

What the page promises, and tests check: the numbers in its summary are recounted from the very list it
shows (``Drilldown.recount``), and equal the figure on the scorecard. Which details and links a record
carries is the engine's decision for this reader (no resident's personal data; staff pages only for
staff allowed to open them).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from auyl.territory import selectors as territory_selectors

from . import forms, selectors
from . import views_display as display
from .views import definitions, refuse, scorecard_url

RECORDS_PER_PAGE = 100


class _OneIndicator:
    """A one-indicator stand-in for a scorecard, so that the page's headline is built like its row."""

    def __init__(self, drill):
        self.territory, self.period, self.results = drill.territory, drill.period, [drill.result]


def summary(drill) -> dict:
    """Totals over *all* the listed records (not just the page shown), by the indicator's mode."""
    records = drill.records
    considered = sum(record.weight for record in records)
    counted = sum(record.weight for record in records if record.counted)
    amounts = [record.amount for record in records if record.amount is not None]
    bases = [record.base for record in records if record.base is not None]
    return {
        "records": len(records),
        "considered": considered,
        "counted": counted,
        "considered_text": display.number(considered, 0),
        "counted_text": display.number(counted, 0),
        "records_text": display.number(len(records), 0),
        "amount_sum": display.number(sum(amounts), 2) if amounts else "",
        "base_sum": display.number(sum(bases), 2) if bases else "",
        "has_amounts": bool(amounts),
        "has_bases": bool(bases),
        "has_weights": any(record.weight != 1 for record in records),
        "has_days": any(record.day is not None for record in records),
        "recount": display.value_text(drill.recount(), drill.result.unit),
    }


def _line(record) -> dict:
    """One record of the page shown, with its amounts written as the page's language writes numbers."""
    return {
        "record": record,
        "weight": display.number(record.weight, 0),
        "amount": display.number(record.amount, 2),
        "base": display.number(record.base, 2),
    }


@require_safe
def drilldown(request, code, year, quarter, indicator):
    territory = display.primary_unit_or_404(code)
    period = display.period_or_404(year, quarter)
    back = scorecard_url(territory, period)
    filters = forms.DrillFilterForm(request.GET)
    if not filters.is_valid():
        return refuse(request, ValidationError(list(filters.errors.values())), back_url=back)
    try:
        drill = selectors.drilldown(request.user, territory, period, indicator)
    except ValidationError as exc:
        return refuse(request, exc, back_url=back)
    show = filters.cleaned_data["show"]
    shown = [record for record in drill.records if not show or record.counted == (show == "counted")]
    result = drill.result
    definition = definitions().get(result.code)
    page = Paginator(shown, RECORDS_PER_PAGE).get_page(filters.cleaned_data["page"])
    return render(
        request,
        "kpi/drilldown.html",
        {
            "territory": territory,
            "ancestors": territory_selectors.ancestors(territory),
            "period": period,
            "period_label": display.quarter_label(period),
            "scorecard_url": back,
            "drill": drill,
            "result": result,
            "definition": definition,
            "row": display.rows(_OneIndicator(drill), {result.code: definition})[0],
            "total": summary(drill),
            "show": show,
            "page": page,
            "lines": [_line(record) for record in page.object_list],
            "query": f"show={show}" if show else "",
        },
    )
