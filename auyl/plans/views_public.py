"""Public pages: a rural district's development plans with each indicator's progress and status, the
inputs that fed them and what became of each; one indicator with its history. Published plans only."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from . import selectors


@require_safe
def public_page(request, code):
    unit = selectors.public_unit(code)
    inputs = selectors.plan_inputs(unit)
    plans = selectors.public_plans(unit)
    return render(
        request,
        "plans/public.html",
        {
            "territory": unit,
            "plans": plans,
            "many_plans": len(plans) > 1,
            "input_groups": selectors.grouped(inputs),
            "input_urls": {item.key: item.url for item in inputs},
            "inputs_summary": selectors.inputs_summary(inputs),
            "today": timezone.localdate(),
        },
    )


@require_safe
def public_indicator(request, code, pk):
    unit = selectors.public_unit(code)
    indicator = selectors.public_indicator(code, pk)
    source = (
        selectors.find_input(unit, indicator.input_kind, indicator.input_id) if indicator.input_kind else None
    )
    return render(
        request,
        "plans/public_indicator.html",
        {
            "territory": unit,
            "indicator": indicator,
            "plan": indicator.plan,
            "row": selectors.row_of(indicator),
            "history": selectors.public_history(indicator),
            "input_urls": {source.key: source.url} if source else {},
        },
    )
