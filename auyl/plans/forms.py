"""Page forms of development plans: shape only; the rules live in the services.

Numbers are typed as text ("1 250 000,50" as people write them) and parsed exactly by the services;
the form only checks the shape. A unit is chosen by KATO code among the user's units, so a forged code
is a form error, never a 500.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import FundingSource, Indicator, InputKind, Plan

DATE = {"type": "date"}
ISO = "%Y-%m-%d"  # what an <input type="date"> reads, whatever the language
DECIMAL = {"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"}
MAX_NUMBER_TEXT = 40


def _number_field(label, *, required=True, help_text="") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=MAX_NUMBER_TEXT,
        required=required,
        help_text=help_text,
        widget=forms.TextInput(attrs=DECIMAL),
    )


def _unit_label(unit) -> str:
    return f"{'· ' if unit.level == 'settlement' else ''}{unit.name} ({unit.code})"


class PlanForm(forms.Form):
    territory = forms.ChoiceField(label=_("Rural district or settlement"))
    title = forms.CharField(label=_("Title"), max_length=300)
    period_start = forms.DateField(label=_("Period from"), widget=forms.DateInput(attrs=DATE, format=ISO))
    period_end = forms.DateField(label=_("Period to"), widget=forms.DateInput(attrs=DATE, format=ISO))
    basis = forms.CharField(
        label=_("Approved by (optional)"),
        max_length=300,
        required=False,
        help_text=_("The decision that approved the plan, e.g. a decision of the district akimat."),
    )
    description = forms.CharField(
        label=_("Description (optional)"),
        max_length=20_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, units, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {u.code: u for u in units}
        self.fields["territory"].choices = [(u.code, _unit_label(u)) for u in units]

    def clean_territory(self):
        unit = self.units.get(self.cleaned_data["territory"])
        if unit is None:
            raise forms.ValidationError(_("Choose the rural district or settlement of the plan."))
        return unit


class PlanEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    period_start = forms.DateField(label=_("Period from"), widget=forms.DateInput(attrs=DATE, format=ISO))
    period_end = forms.DateField(label=_("Period to"), widget=forms.DateInput(attrs=DATE, format=ISO))
    basis = PlanForm.base_fields["basis"]
    description = PlanForm.base_fields["description"]

    @classmethod
    def initial_from(cls, plan: Plan) -> dict:
        return {
            name: getattr(plan, name)
            for name in ("title", "period_start", "period_end", "basis", "description")
        }


class IndicatorForm(forms.Form):
    SERVICE_FIELDS = (
        "title",
        "unit",
        "baseline",
        "target",
        "starts_on",
        "deadline",
        "executor",
        "funding_source",
        "amount",
    )

    title = forms.CharField(label=_("Indicator"), max_length=300)
    unit = forms.CharField(
        label=pgettext_lazy("unit of measure", "Unit"),
        max_length=50,
        help_text=_("km, %, households, units…"),
        widget=forms.TextInput(),
    )
    baseline = _number_field(_("Baseline"))
    target = _number_field(_("Target"))
    starts_on = forms.DateField(
        label=_("Start"),
        required=False,
        widget=forms.DateInput(attrs=DATE, format=ISO),
        help_text=_("Empty: the plan's start."),
    )
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs=DATE, format=ISO))
    executor = forms.CharField(label=_("Executor"), max_length=300)
    funding_source = forms.ChoiceField(label=_("Funding source"), choices=[("", "—"), *FundingSource.choices])
    amount = _number_field(_("Amount, tenge"), required=False, help_text=_("Exact, e.g. 12 500 000,00"))
    input = forms.ChoiceField(label=_("Responds to"), required=False)

    def __init__(self, inputs=(), *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— nothing in particular —"))]
        for kind, label in InputKind.choices:
            group = [(item.key, item.choice_label) for item in inputs if item.kind == kind]
            if group:
                choices.append((label, group))
        self.fields["input"].choices = choices

    def service_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.SERVICE_FIELDS}
        data["amount"] = data["amount"] or "0"
        return data

    @classmethod
    def initial_from(cls, indicator: Indicator) -> dict:
        initial = {name: getattr(indicator, name) for name in cls.SERVICE_FIELDS}
        for name in ("baseline", "target"):
            initial[name] = format_number(initial[name])
        initial["amount"] = format_number(indicator.amount)
        if indicator.input_kind:
            initial["input"] = f"{indicator.input_kind}:{indicator.input_id}"
        return initial


class LinkForm(forms.Form):
    input = forms.ChoiceField(label=_("Responds to"), required=False)

    def __init__(self, inputs=(), *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["input"].choices = IndicatorForm(inputs).fields["input"].choices


class ProgressForm(forms.Form):
    value = _number_field(_("Value"))
    measured_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs=DATE, format=ISO))
    note = forms.CharField(
        label=_("Note (optional)"), max_length=2_000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"measured_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


def format_number(value) -> str:
    """A stored Decimal as people type it back: no trailing zeros after the point."""
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
