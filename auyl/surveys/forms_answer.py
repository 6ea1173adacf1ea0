"""Forms built from a survey's questions: the resident's online form and the staff's paper-form entry.

Field names are ``q-<question code>`` (stable for tests and for people typing CSV headers); option values
are the option codes. Both forms only shape the input: the parser in :mod:`.parsing` (called by the
services) accepts or refuses each value, so the three channels agree.
"""

from __future__ import annotations

import re
import secrets

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AgeBand, QuestionKind

REQUIRED = {"required": _("Answer this question."), "invalid_choice": _("Choose one of the offered options.")}


def field_name(question) -> str:
    return f"q-{question.code}"


def _choices(question) -> list[tuple[str, str]]:
    return [(option.code, option.text) for option in question.options.all()]


def _online_field(question, text_max: int) -> forms.Field:
    common = {"label": question.text, "required": question.is_required, "error_messages": REQUIRED}
    if question.kind in (QuestionKind.SINGLE, QuestionKind.SCALE):
        widget = forms.RadioSelect(attrs={"class": "scale" if question.kind == QuestionKind.SCALE else ""})
        return forms.ChoiceField(choices=_choices(question), widget=widget, **common)
    if question.kind == QuestionKind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=_choices(question), widget=forms.CheckboxSelectMultiple, **common
        )
    if question.kind == QuestionKind.NUMBER:
        return forms.CharField(
            max_length=40, widget=forms.TextInput(attrs={"inputmode": "decimal"}), **common
        )
    return forms.CharField(
        max_length=text_max, widget=forms.Textarea(attrs={"rows": 4, "maxlength": text_max}), **common
    )


class AnswerForm(forms.Form):
    """The questionnaire as a resident fills it in."""

    use_required_attribute = False  # the server says what is missing, in the page's language
    nonce = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100)

    def __init__(self, *args, questions=(), text_max: int = 2000, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[field_name(question)] = _online_field(question, text_max)
        if not self.is_bound:
            self.initial["nonce"] = secrets.token_urlsafe(16)

    def question_fields(self) -> list:
        return [(question, self[field_name(question)]) for question in self.questions]

    def values(self) -> dict:
        return {q.code: self.cleaned_data.get(field_name(q)) for q in self.questions}


def _paper_field(question) -> forms.Field:
    if question.kind == QuestionKind.TEXT:
        widget = forms.Textarea(attrs={"rows": 2, "autocomplete": "off"})
    else:
        mode = "text" if question.kind == QuestionKind.MULTIPLE else "decimal"
        widget = forms.TextInput(attrs={"autocomplete": "off", "inputmode": mode, "class": "paper-code"})
    return forms.CharField(label=question.text, required=False, max_length=20000, widget=widget)


class PaperForm(forms.Form):
    """One paper questionnaire typed by staff: option numbers (or codes) per question, Tab between them."""

    use_required_attribute = False
    settlement = forms.ModelChoiceField(label=_("Settlement (optional)"), queryset=None, required=False)
    age_band = forms.ChoiceField(
        label=_("Age band (optional)"), required=False, choices=[("", "—"), *AgeBand.choices]
    )
    sex = forms.ChoiceField(
        label=_("Sex (optional)"), required=False, choices=[("", "—"), ("m", _("Male")), ("f", _("Female"))]
    )
    resident_iin = forms.CharField(
        label=_("Resident's IIN (optional)"),
        required=False,
        max_length=20,
        help_text=_(
            "Marks the resident as having answered (one response per person); "
            "in an anonymous survey the answers are not linked to them."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args, questions=(), settlements=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        self.fields["settlement"].queryset = settlements
        for question in self.questions:
            self.fields[field_name(question)] = _paper_field(question)

    def clean_resident_iin(self) -> str:
        value = re.sub(r"\s", "", self.cleaned_data["resident_iin"])
        if value and not re.fullmatch(r"\d{12}", value):
            raise forms.ValidationError(_("An IIN has 12 digits."))
        return value

    def question_fields(self) -> list:
        return [(question, self[field_name(question)]) for question in self.questions]

    def values(self) -> dict:
        return {q.code: self.cleaned_data.get(field_name(q), "") for q in self.questions}
