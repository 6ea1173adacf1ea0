"""Input of the report pages: which territory, which period, which form (all read from the query string)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from auyl.core.permissions import has_perm

from . import reports
from .models import Channel
from .taxonomy import FORMS, localized

MAX_TERRITORY_CHOICES = 500


class TerritoryChoiceField(forms.ChoiceField):
    """A unit the user may report on. The list shows the first units of their scope; a KATO code of any
    other unit within it is accepted too (a national administrator's scope has thousands)."""

    def __init__(self, user, **kwargs):
        self.user = user
        units = list(reports.report_territories(user)[:MAX_TERRITORY_CHOICES])
        super().__init__(choices=[(t.code, f"{'· ' * t.depth}{t.name} ({t.code})") for t in units], **kwargs)
        self.units = {t.code: t for t in units}

    def valid_value(self, value) -> bool:
        return self.territory(value) is not None

    def territory(self, code):
        if code in self.units:
            return self.units[code]
        unit = reports.report_territories(self.user).filter(code=str(code)[:12]).first()
        return unit if unit is not None and has_perm(self.user, reports.ACTION, unit) else None

    def clean(self, value):
        return self.territory(super().clean(value))


class PeriodForm(forms.Form):
    territory = forms.CharField(label=_("Territory"))
    form = forms.ChoiceField(label=_("Report form"), choices=())
    date_from = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=())
    by_year = forms.BooleanField(label=_("One column per year"), required=False)

    def __init__(self, user, data=None):
        today = timezone.localdate()
        super().__init__(data, initial={"date_from": dt.date(today.year, 1, 1), "date_to": today, "form": "826"})
        self.fields["territory"] = TerritoryChoiceField(user, label=_("Territory"))
        self.fields["form"].choices = [(key, localized(form)) for key, form in FORMS.items()]
        self.fields["channel"].choices = [("", _("All channels")), *Channel.choices]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end:
            if start > end:
                self.add_error("date_to", _("The end of the period must not be before its start."))
            elif data.get("by_year") and end.year - start.year >= reports.MAX_COLUMNS:
                self.add_error("by_year", _("At most %(n)s years can be compared side by side.") % {
                    "n": reports.MAX_COLUMNS})
        return data

    def periods(self) -> list[reports.Period]:
        data = self.cleaned_data
        if data["by_year"]:
            return reports.split_by_year(data["date_from"], data["date_to"])
        return [reports.period_of(data["date_from"], data["date_to"])]


class MonthForm(forms.Form):
    territory = forms.CharField(label=_("Territory"))
    month = forms.RegexField(label=_("Month"), regex=r"^\d{4}-(0[1-9]|1[0-2])$",
                             widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-01"}),
                             error_messages={"invalid": _("Give the month as year-month, e.g. 2026-01.")})

    def __init__(self, user, data=None):
        super().__init__(data, initial={"month": f"{timezone.localdate():%Y-%m}"})
        self.fields["territory"] = TerritoryChoiceField(user, label=_("Territory"))

    def clean_month(self) -> tuple[int, int]:
        year, month = (int(part) for part in self.cleaned_data["month"].split("-"))
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(_("Give the month as year-month, e.g. 2026-01."))
        return year, month
