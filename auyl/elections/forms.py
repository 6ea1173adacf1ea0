"""Page forms of akim elections: shape only; the rules live in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Ethnicity, Nomination, Party, Sex

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NUMBER = {"inputmode": "numeric", "min": "0"}


class ScheduleForm(forms.Form):
    territory = forms.ModelChoiceField(
        label=_("Rural district or town"),
        queryset=None,
        error_messages={"invalid_choice": _("Choose one of your rural districts.")},
    )
    election_date = forms.DateField(label=_("Election day"), widget=DATE)
    nomination_end = forms.DateField(label=_("End of nomination"), widget=DATE)
    voters = forms.IntegerField(
        label=_("Voters in the district"),
        min_value=1,
        max_value=5_000_000,
        widget=forms.NumberInput(attrs=NUMBER),
    )
    commission = forms.CharField(label=_("Territorial election commission"), max_length=300, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = units
        self.fields["territory"].label_from_instance = lambda unit: f"{unit.name} ({unit.code})"


class CandidateForm(forms.Form):
    full_name = forms.CharField(label=_("Surname, name, patronymic"), max_length=300)
    birth_date = forms.DateField(label=_("Birth date"), widget=DATE)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, widget=forms.RadioSelect)
    nomination = forms.ChoiceField(label=_("Nomination"), choices=Nomination.choices)
    party = forms.ChoiceField(
        label=_("Party (for a party nominee)"), choices=[("", "—"), *Party.choices], required=False
    )
    signatures = forms.IntegerField(
        label=_("Valid signatures (for a self-nominated candidate)"),
        min_value=0,
        max_value=5_000_000,
        required=False,
        widget=forms.NumberInput(attrs=NUMBER),
    )
    lives_in_district = forms.BooleanField(label=_("Lives in the district"), required=False, initial=True)
    is_incumbent = forms.BooleanField(label=_("The serving akim"), required=False)
    ethnicity = forms.ChoiceField(
        label=_("Ethnicity (as declared, optional)"),
        choices=[("", _("Not declared")), *Ethnicity.choices],
        required=False,
    )
    occupation = forms.CharField(label=_("Occupation"), max_length=300, required=False)


class DecisionForm(forms.Form):
    registered = forms.TypedChoiceField(
        label=_("Decision"),
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        choices=[("yes", _("Registered")), ("no", _("Registration refused"))],
    )
    decision_date = forms.DateField(label=_("Date of the decision"), widget=DATE)
    reason = forms.CharField(
        label=_("Reason (required for a refusal)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class StationForm(forms.Form):
    number = forms.IntegerField(
        label=_("Polling station No."), min_value=1, max_value=99_999, widget=forms.NumberInput(attrs=NUMBER)
    )
    name = forms.CharField(label=_("Place"), max_length=300, required=False)
    voters = forms.IntegerField(
        label=_("Voters on the list"),
        min_value=1,
        max_value=5_000_000,
        widget=forms.NumberInput(attrs=NUMBER),
    )
    ballots_issued = forms.IntegerField(
        label=_("Voters who took part (ballots issued)"),
        min_value=0,
        max_value=5_000_000,
        widget=forms.NumberInput(attrs=NUMBER),
    )
    against_all = forms.IntegerField(
        label=_("Against all"), min_value=0, max_value=5_000_000, widget=forms.NumberInput(attrs=NUMBER)
    )
    invalid = forms.IntegerField(
        label=_("Invalid ballots"),
        min_value=0,
        max_value=5_000_000,
        initial=0,
        widget=forms.NumberInput(attrs=NUMBER),
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        for candidate in self.candidates:
            self.fields[f"votes_{candidate.pk}"] = forms.IntegerField(
                label=_("Votes for %(name)s") % {"name": candidate.full_name},
                min_value=0,
                max_value=5_000_000,
                widget=forms.NumberInput(attrs=NUMBER),
            )

    def vote_fields(self):
        return [self[f"votes_{c.pk}"] for c in self.candidates]

    def votes(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"votes_{c.pk}"] for c in self.candidates}
