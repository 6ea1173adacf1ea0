"""Helpers of the plan pages: the progress table typed from the keyboard."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .forms import MAX_NUMBER_TEXT
from .models import Plan


class BatchForm(forms.Form):
    measured_on = forms.DateField(
        label=_("Values measured on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


def batch_form(data=None) -> BatchForm:
    return BatchForm(data, initial={"measured_on": timezone.localdate()})


def batch_values(post, plan: Plan) -> dict:
    """The lines of the progress table that have a value: ``entries`` as ``(indicator, value, note)`` and
    ``typed`` — what was typed, by indicator pk, to show it again when something is wrong."""
    entries, typed = [], {}
    for indicator in plan.indicators.order_by("number"):
        value = str(post.get(f"value_{indicator.pk}", ""))[:MAX_NUMBER_TEXT].strip()
        note = str(post.get(f"note_{indicator.pk}", ""))[:2_100]
        typed[indicator.pk] = {"value": value, "note": note}
        if value:
            entries.append((indicator, value, note))
    return {"entries": entries, "typed": typed}
