"""Page forms of the budget: shape only; every rule (dates, amounts, lines) lives in the services."""

from __future__ import annotations

import re
import secrets

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import PeriodKind, Programme, RevenueSource, Section

DATE = {"type": "date"}
AMOUNT_ATTRS = {"inputmode": "decimal", "autocomplete": "off", "class": "amount"}


def new_token() -> str:
    return secrets.token_urlsafe(16)


def field_name(section: str, code: str) -> str:
    return f"{section}__{code}"


class DateField(forms.DateField):
    widget = forms.DateInput(attrs=DATE, format="%Y-%m-%d")

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d", "%d.%m.%Y"])
        super().__init__(**kwargs)


class AmountField(forms.CharField):
    """An amount as typed: spaces between thousands and a decimal comma are accepted here; the service
    checks the number itself (not negative, at most two decimals) and names the line when it is wrong."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("widget", forms.TextInput(attrs=AMOUNT_ATTRS))
        super().__init__(**kwargs)

    def to_python(self, value):
        text = re.sub(r"[\s\u00a0\u202f]", "", super().to_python(value) or "")
        return text.replace(",", ".")


class CreateBudgetForm(forms.Form):
    territory = forms.ModelChoiceField(label=_("Rural district"), queryset=None, empty_label=None)
    year = forms.IntegerField(label=_("Year"), min_value=2018, max_value=2100)
    period_kind = forms.ChoiceField(
        label=_("Actuals are reported"), choices=PeriodKind.choices, initial=PeriodKind.MONTH
    )
    drafted_on = DateField(
        label=_("Draft prepared on"),
        required=False,
        help_text=_("Leave empty for today; give the real date when entering an earlier year."),
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = units
        self.fields["year"].initial = timezone.localdate().year + 1


class PlanForm(forms.Form):
    """One amount per revenue source and per budget programme (active ones, and those already planned)."""

    def __init__(self, *args, version=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = {(line.section, line.code): line.amount for line in version.lines.all()}
        self.revenue_fields, self.expenditure_fields = [], []
        for source in RevenueSource:
            name = field_name(Section.REVENUE, source.value)
            self.fields[name] = AmountField(
                label=source.label, initial=current.get((Section.REVENUE, source.value))
            )
            self.revenue_fields.append(name)
        planned = {code for section, code in current if section == Section.EXPENDITURE}
        for programme in Programme.objects.filter(is_active=True) | Programme.objects.filter(
            code__in=planned
        ):
            name = field_name(Section.EXPENDITURE, programme.code)
            self.fields[name] = AmountField(
                label=programme.name, initial=current.get((Section.EXPENDITURE, programme.code))
            )
            self.expenditure_fields.append(name)

    def amounts(self, section: str) -> dict[str, str]:
        prefix = f"{section}__"
        return {
            name[len(prefix) :]: value for name, value in self.cleaned_data.items() if name.startswith(prefix)
        }

    def revenue_boundfields(self):
        return [self[name] for name in self.revenue_fields]

    def expenditure_boundfields(self):
        return [self[name] for name in self.expenditure_fields]


class PublishForm(forms.Form):
    published_on = DateField(label=_("Published for discussion on"))


class AgreementForm(forms.Form):
    agreed_on = DateField(label=_("Date of the community meeting's decision"))
    agreement_number = forms.CharField(label=_("Number of the decision"), max_length=50)
    agreement_meeting_id = forms.IntegerField(
        label=_("Meeting in this platform (optional)"), required=False, min_value=1, widget=forms.Select
    )
    agreement_item_number = forms.IntegerField(
        label=_("Agenda item number (optional)"), required=False, min_value=1, max_value=99
    )

    def __init__(self, *args, meetings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement_meeting_id"].widget.choices = [("", _("— not linked —")), *meetings]


class ApprovalForm(forms.Form):
    approved_on = DateField(label=_("Date of the maslikhat's decision"))
    approval_number = forms.CharField(label=_("Number of the decision"), max_length=50)


class StartForm(forms.Form):
    started_on = DateField(label=_("Execution started on"))


class CloseForm(forms.Form):
    closed_on = DateField(label=_("Closed on"))


class AmendForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the plan is changed"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    drafted_on = DateField(label=_("Date"), required=False, help_text=_("Leave empty for today."))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Why the amendment is withdrawn"), max_length=500)


class ActualsForm(forms.Form):
    """The actuals of one period: one amount per line of the plan in force (empty = not reported)."""

    def __init__(self, *args, lines=(), current=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = current or {}
        self.line_names = []
        for figure in lines:
            name = field_name(figure.section, figure.code)
            self.fields[name] = AmountField(
                label=figure.name, initial=current.get((figure.section, figure.code))
            )
            self.line_names.append((figure.section, name))

    def section_fields(self, section: str):
        return [self[name] for line_section, name in self.line_names if line_section == section]

    def revenue_fields(self):
        return self.section_fields(Section.REVENUE)

    def expenditure_fields(self):
        return self.section_fields(Section.EXPENDITURE)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        error_messages={"required": _("Choose the file to import."), "empty": _("The file is empty.")},
    )


class AskForm(forms.Form):
    text = forms.CharField(
        label=_("Your question"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Write your question."),
            "max_length": _("The question is too long (at most 5000 characters)."),
        },
    )
    token = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)
