"""Forms of the functional analysis pages: they only shape input; the services validate and decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import GovLevel, Review, TransferStatus
from .selectors import programmes


def _programme_choices():
    return [("", _("— not known —"))] + [(p.code, p.name) for p in programmes()]


class BodyForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"), choices=GovLevel.choices)
    name_kk = forms.CharField(label=_("Name (Kazakh)"), required=False, max_length=300)
    name_ru = forms.CharField(label=_("Name (Russian)"), required=False, max_length=300)


class PowerForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Body"), queryset=None)
    name_kk = forms.CharField(label=_("Function (Kazakh)"), required=False, max_length=300)
    name_ru = forms.CharField(label=_("Function (Russian)"), required=False, max_length=300)
    legal_basis = forms.CharField(
        label=_("Legal basis"),
        required=False,
        max_length=300,
        help_text=_("The law, article and paragraph, e.g. “Law on local government, art. 35, para. 1”."),
    )
    programme_code = forms.ChoiceField(label=_("Budget programme"), required=False)
    staff_hours = forms.CharField(label=_("Staff time, hours a year"), required=False, max_length=20)

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        self.fields["body"].label_from_instance = _body_label
        self.fields["programme_code"].choices = _programme_choices()


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[c for c in Review.choices if c[0] != Review.PENDING]
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class ProposalForm(forms.Form):
    from_body = forms.ModelChoiceField(label=_("From (giving body)"), queryset=None)
    to_body = forms.ModelChoiceField(label=_("To (receiving body)"), queryset=None)
    power = forms.ModelChoiceField(
        label=_("Function of the giving body"),
        queryset=None,
        required=False,
        help_text=_("Or name the function below."),
    )
    title_kk = forms.CharField(label=_("Function (Kazakh)"), required=False, max_length=300)
    title_ru = forms.CharField(label=_("Function (Russian)"), required=False, max_length=300)
    financing = forms.CharField(label=_("Financing, tenge a year"), required=False, max_length=30)
    programme_code = forms.ChoiceField(label=_("Budget programme"), required=False)
    financing_note = forms.CharField(label=_("Financing: source and terms"), required=False, max_length=500)
    rationale = forms.CharField(label=_("Rationale"), required=False, max_length=5000, widget=forms.Textarea)
    proposed_on = forms.DateField(
        label=_("Proposed on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, bodies, powers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_body"].queryset = bodies
        self.fields["to_body"].queryset = bodies
        self.fields["power"].queryset = powers
        self.fields["power"].label_from_instance = lambda p: f"{p.name} — {p.body.name}"
        self.fields["from_body"].label_from_instance = self.fields["to_body"].label_from_instance = (
            _body_label
        )
        self.fields["programme_code"].choices = _programme_choices()


def _body_label(body) -> str:
    place = body.territory.name if body.territory_id else GovLevel.REPUBLIC.label
    return f"{body.name} ({place})"


class AdvanceForm(forms.Form):
    status = forms.ChoiceField(label=_("Next step"))
    on = forms.DateField(label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    decision_number = forms.CharField(label=_("Number of the decision"), required=False, max_length=50)
    note = forms.CharField(label=_("Note or reason"), required=False, max_length=1000, widget=forms.Textarea)

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(TransferStatus.choices)
        self.fields["status"].choices = [(str(s), labels[s]) for s in proposal.next_statuses]
