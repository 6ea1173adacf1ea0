"""Page forms of the survey builder and the CSV import: shape only; the rules live in services."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Audience, Indicator, Profile, QuestionKind

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"]


def _datetime_field(label) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": _("Give a date and time, e.g. 2026-05-01 09:00.")},
    )


class SurveyForm(forms.Form):
    title_kk = forms.CharField(label=_("Title (Kazakh)"), max_length=300)
    title_ru = forms.CharField(label=_("Title (Russian)"), max_length=300)
    title_en = forms.CharField(label=_("Title (English, optional)"), max_length=300, required=False)
    intro_kk = forms.CharField(
        label=_("Introduction (Kazakh, optional)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    intro_ru = forms.CharField(
        label=_("Introduction (Russian, optional)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    intro_en = forms.CharField(
        label=_("Introduction (English, optional)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    audience = forms.ChoiceField(
        label=_("Who may answer"), choices=Audience.choices, widget=forms.RadioSelect
    )
    body = forms.ChoiceField(label=_("Body whose members answer"), required=False, choices=[])
    opens_at = _datetime_field(_("Opens"))
    closes_at = _datetime_field(_("Closes"))
    is_anonymous = forms.BooleanField(
        label=_("Anonymous: nobody can see who gave which answers"),
        required=False,
        initial=True,
        help_text=_("Each resident can still answer only once."),
    )
    results_public = forms.BooleanField(
        label=_("Publish the results after the survey closes"), required=False, initial=True
    )

    def __init__(self, *args, bodies=(), locked=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [("", _("— choose a body —")), *bodies]
        if not bodies:
            del self.fields["body"]
            self.fields["audience"].choices = [c for c in Audience.choices if c[0] != Audience.BODY]
        for name in locked:  # settings a published survey keeps
            if name in self.fields:
                self.fields[name].disabled = True


class NewSurveyForm(SurveyForm):
    territory = forms.ModelChoiceField(label=_("Territory"), queryset=None, empty_label=None)
    template = forms.ChoiceField(label=_("Start from"), required=False, choices=[])

    field_order = ["template", "territory"]

    def __init__(self, *args, units=None, templates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = units
        self.fields["template"].choices = [("", _("A blank survey")), *templates]
        for name in ("title_kk", "title_ru"):  # a template brings its own title
            self.fields[name].required = False
            self.fields[name].help_text = _(
                "Required for a blank survey; from a template, leave empty to keep its title."
            )


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of question"), choices=QuestionKind.choices)
    text_kk = forms.CharField(
        label=_("Question (Kazakh)"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    text_ru = forms.CharField(
        label=_("Question (Russian)"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    text_en = forms.CharField(
        label=_("Question (English, optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    is_required = forms.BooleanField(label=_("An answer is required"), required=False)
    options_kk = forms.CharField(
        label=_("Options (Kazakh), one per line"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    options_ru = forms.CharField(
        label=_("Options (Russian), one per line, in the same order"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    options_en = forms.CharField(
        label=_("Options (English, optional)"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    favourable = forms.CharField(
        label=_("Favourable options (optional)"),
        required=False,
        max_length=200,
        help_text=_("Numbers of the options indicators count as favourable, e.g. 1, 2."),
    )
    scale_min = forms.IntegerField(
        label=_("Scale from"), required=False, min_value=0, max_value=10, initial=1
    )
    scale_max = forms.IntegerField(label=_("Scale to"), required=False, min_value=0, max_value=10, initial=5)
    number_min = forms.DecimalField(
        label=_("Smallest number (optional)"), required=False, max_digits=14, decimal_places=4
    )
    number_max = forms.DecimalField(
        label=_("Largest number (optional)"), required=False, max_digits=14, decimal_places=4
    )
    code = forms.SlugField(label=_("Code in CSV files (optional)"), required=False, max_length=40)
    indicator = forms.ChoiceField(
        label=_("Indicator this question measures"), choices=Indicator.choices, required=False
    )
    profile = forms.ChoiceField(
        label=_("The answer gives the respondent's"), choices=Profile.choices, required=False
    )

    def clean_favourable(self) -> list[int]:
        value = self.cleaned_data["favourable"]
        numbers = [part for part in re.split(r"[\s,;]+", value) if part]
        if not all(part.isdigit() for part in numbers):
            raise forms.ValidationError(_("Give option numbers separated by commas."))
        return [int(part) for part in numbers]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"), help_text=_("UTF-8 text (in Excel: “CSV UTF-8”), first row: the column codes.")
    )
