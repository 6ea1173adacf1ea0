"""Input of the scorecard pages: the drill-down's filter and page, the methodology's region.

Everything arrives in a query string a person can edit by hand, so every field is validated and a
bad value is a translated message on a 400 page, never a 500.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_PAGE = 100_000


class DrillFilterForm(forms.Form):
    """Which records of a drill-down to list: all, those counted in the figure, or the others."""

    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("all records")), ("counted", _("counted")), ("not_counted", _("not counted"))],
        error_messages={"invalid_choice": _("Choose which records to show from the list.")},
    )
    page = forms.IntegerField(
        label=_("Page"),
        required=False,
        min_value=1,
        max_value=MAX_PAGE,
        error_messages={
            "invalid": _("A page number is a whole number."),
            "min_value": _("Pages are numbered from 1."),
            "max_value": _("There is no such page."),
        },
    )

    def clean_page(self):
        return self.cleaned_data.get("page") or 1


class RegionForm(forms.Form):
    """The region whose targets and weights the methodology page shows (the defaults when empty)."""

    region = forms.ChoiceField(
        label=_("Targets and weights of"),
        required=False,
        error_messages={"invalid_choice": _("Choose a region from the list.")},
    )

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.regions = {unit.code: unit for unit in regions}
        self.fields["region"].choices = [("", _("the default values"))] + [
            (unit.code, unit.name) for unit in regions
        ]

    def clean_region(self):
        code = self.cleaned_data.get("region")
        return self.regions.get(code) if code else None
