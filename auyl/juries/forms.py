"""Input forms of jury pages; the services validate again (they are the only gate)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_SIZE, MIN_SIZE, AnswerOutcome


class JuryForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    question = forms.CharField(
        label=_("Question for the jury"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    size = forms.IntegerField(
        label=_("Number of jurors"),
        initial=MIN_SIZE,
        help_text=_("From %(min)s to %(max)s residents (002:144).") % {"min": MIN_SIZE, "max": MAX_SIZE},
    )


class AnnounceForm(forms.Form):
    seed_source = forms.CharField(
        label=_("Source of the public value"),
        max_length=300,
        help_text=_(
            "A number nobody controls and everyone can check, known only after the announcement, "
            "e.g. a lottery result on a given date. It is published now; the value is entered at the draw."
        ),
    )


class DrawForm(forms.Form):
    public_value = forms.CharField(
        label=_("Public value"), max_length=200, help_text=_("Exactly as published by its source.")
    )


class SessionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    topic = forms.CharField(label=_("Topic"), max_length=300)
    experts = forms.CharField(label=_("Experts heard"), max_length=500, required=False)
    present = forms.IntegerField(label=_("Jurors present"), min_value=0, max_value=MAX_SIZE, required=False)


class RecommendationForm(forms.Form):
    text = forms.CharField(
        label=_("Recommendation of the jury"), max_length=8000, widget=forms.Textarea(attrs={"rows": 5})
    )


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Answer"), choices=AnswerOutcome.choices)
    text = forms.CharField(
        label=_("Answer of the authority"), max_length=8000, widget=forms.Textarea(attrs={"rows": 5})
    )
