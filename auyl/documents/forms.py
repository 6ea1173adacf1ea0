"""Input of the document channel's pages. Forms check shapes only; every rule lives in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .files import MAX_FILES
from .models import RECIPIENT_LEVELS, Kind
from .services import MAX_BODY, MAX_REPORT, MAX_TITLE


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.webp"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


FILES_HELP = _("PDF documents or photos (JPEG, PNG, WebP), at most %(n)s files.") % {"n": MAX_FILES}


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ContentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE)
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}), required=False, max_length=MAX_BODY
    )
    report_due = forms.DateField(
        label=_("Report due"),
        required=False,
        widget=_date_input(),
        help_text=_(
            "Leave empty when no report is asked for. A report request without a "
            "date gets the region's usual term."
        ),
    )
    is_public = forms.BooleanField(label=_("Publish on the recipients' public sites"), required=False)
    files = MultipleFileField(label=_("Files"), help_text=FILES_HELP)


class SendForm(ContentForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    level = forms.ChoiceField(label=_("Send to every unit of this level below"), required=False)
    units = forms.MultipleChoiceField(
        label=_("Or choose the units"), required=False, widget=forms.CheckboxSelectMultiple
    )
    field_order = ["kind", "title", "body", "level", "units", "report_due", "is_public", "files"]

    def __init__(self, *args, options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.options = {unit.code: unit for unit in options}
        self.fields["units"].choices = [(unit.code, unit.name) for unit in options]
        levels = [level for level in RECIPIENT_LEVELS if any(u.level == level for u in options)]
        self.fields["level"].choices = [("", _("— choose units below —"))] + [
            (level.value, level.label) for level in levels
        ]

    def chosen_units(self) -> list:
        return [self.options[code] for code in self.cleaned_data.get("units", []) if code in self.options]


class ReviseForm(ContentForm):
    correction_note = forms.CharField(
        label=_("What was corrected"), widget=forms.Textarea(attrs={"rows": 3}), max_length=MAX_BODY
    )
    field_order = ["correction_note", "title", "body", "report_due", "is_public", "files"]


class ReportForm(forms.Form):
    text = forms.CharField(label=_("Report"), widget=forms.Textarea(attrs={"rows": 5}), max_length=MAX_REPORT)
    files = MultipleFileField(label=_("Files"), help_text=FILES_HELP)
