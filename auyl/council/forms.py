"""Page forms of the council: shape only; the rules live in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Outcome

DATE = {"type": "date"}
DATE_ERRORS = {"required": _("Enter the date."), "invalid": _("Enter a valid date.")}


def date_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
        error_messages=DATE_ERRORS,
        **kwargs,
    )


class TermForm(forms.Form):
    """Step one: the date the new term starts; the page then shows the apportionment to confirm."""

    term_start = date_field(_("The term starts on"))


class ConfirmTermForm(TermForm):
    """Step two: confirm exactly the apportionment shown (its signature)."""

    term_start = forms.DateField(widget=forms.HiddenInput, error_messages=DATE_ERRORS)
    signature = forms.CharField(widget=forms.HiddenInput, max_length=4000)


class MemberForm(forms.Form):
    resident = forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": _("Find and choose the resident first.")}
    )
    start_date = date_field(
        _("Member from"),
        required=False,
        help_text=_("Empty: today, or the start of the term if it has not begun."),
    )
    is_chair = forms.BooleanField(label=_("Chair of the council (a paid, full-time post)"), required=False)


class EndMembershipForm(forms.Form):
    end_date = date_field(_("Last day on the council"))
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        error_messages={
            "required": _("Give the reason (resignation, moved away, recall…)."),
            "max_length": _("The reason is too long (at most 500 characters)."),
        },
    )


class ChairForm(forms.Form):
    since = date_field(_("Chair since"))


class CommissionForm(forms.Form):
    subject = forms.CharField(
        label=_("What the commission monitors"),
        max_length=300,
        error_messages={"required": _("Say what the commission monitors.")},
    )
    period_start = date_field(_("Works from"))
    period_end = date_field(_("Works until"))
    members = forms.ModelMultipleChoiceField(
        label=_("Members"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one council member."),
            "invalid_choice": _("Choose members of this council only."),
            "invalid_pk_value": _("Choose members of this council only."),
        },
    )

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members
        self.fields["members"].label_from_instance = lambda m: f"{m.resident.full_name} ({m.settlement.name})"


class FindingsForm(forms.Form):
    findings = forms.CharField(
        label=_("Findings"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Write the commission's findings.")},
    )


TEXT_ERRORS = {"max_length": _("The text is too long (at most %(limit_value)d characters).")}


class RecommendationForm(forms.Form):
    akim_name = forms.CharField(
        label=_("Village akim concerned"),
        max_length=200,
        error_messages={"required": _("Give the name of the village akim."), **TEXT_ERRORS},
    )
    addressee = forms.CharField(
        label=_("Sent to (superior akim)"),
        max_length=300,
        error_messages={"required": _("Say to which akim the recommendation is sent."), **TEXT_ERRORS},
    )
    text = forms.CharField(
        label=_("Recommendation"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write the recommendation."), **TEXT_ERRORS},
    )
    grounds = forms.CharField(
        label=_("Grounds"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Facts, commission findings or session decisions it rests on."),
        error_messages={"required": _("Give the grounds of the recommendation."), **TEXT_ERRORS},
    )
    sent_on = date_field(_("Sent on"))


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("The superior akim"),
        widget=forms.RadioSelect,
        choices=[
            (Outcome.ACCEPTED.value, _("accepted the recommendation")),
            (Outcome.REJECTED.value, _("rejected the recommendation")),
        ],
        error_messages={
            "required": _("Choose whether the recommendation was accepted or rejected."),
            "invalid_choice": _("Choose whether the recommendation was accepted or rejected."),
        },
    )
    text = forms.CharField(
        label=_("Answer"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write what the superior akim answered."), **TEXT_ERRORS},
    )
    answered_on = date_field(_("Answered on"))
