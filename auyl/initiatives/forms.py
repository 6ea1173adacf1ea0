"""Page forms of civic projects: shape only; the rules live in the services.

Ballots are not a Django form: the voting page posts the chosen proposals as ``choice`` values and the
service checks them against the ballot it keeps in memory (no queries to build choices on each vote).
"""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from auyl.core.permissions import scoped
from auyl.territory.models import PRIMARY_LEVELS, Level, Territory

from .models import (
    BallotType,
    Category,
    FundingSource,
    ImplementationStatus,
    OutcomeRule,
    ProposalStatus,
    RejectionReason,
)


def _date() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text(max_length: int, **attrs) -> forms.TextInput:
    return forms.TextInput(attrs={"maxlength": max_length, **attrs})


class TengeField(forms.CharField):
    """A sum in whole tenge, typed as people write it: "4 500 000", "4500000 ₸", "4 500 000 тг"."""

    default_error_messages = {"invalid": _("Give the sum in whole tenge, for example 4 500 000.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", _text(24, inputmode="numeric", autocomplete="off"))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        if len(value) > 40:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        compact = re.sub(r"[\s\u00a0\u202f,'₸]|тг\.?|тенге|teñge|tenge", "", str(value), flags=re.IGNORECASE)
        if not re.fullmatch(r"\d{1,14}", compact):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return int(compact)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos in one input (checked one by one in the service)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(PhotosField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


def campaign_places(user):
    """Rural districts, towns and their settlements where ``user`` may run campaigns."""
    levels = [*PRIMARY_LEVELS, Level.SETTLEMENT]
    qs = Territory.objects.filter(level__in=levels, is_active=True)
    return scoped(qs, user, "initiative.manage", path_field="path").order_by("path")


class PlaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.code})"


class CampaignForm(forms.Form):
    territory = PlaceChoiceField(label=_("Territory"), queryset=Territory.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200, widget=_text(200))
    description = forms.CharField(
        label=_("Description"), required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 4})
    )
    year = forms.IntegerField(label=_("Budget year"), min_value=2000, max_value=2100)
    amount = TengeField(label=_("Amount, tenge"))
    funding_source = forms.ChoiceField(label=_("Funding source"), choices=FundingSource.choices)
    ballot_type = forms.ChoiceField(label=_("Ballot"), choices=BallotType.choices, widget=forms.RadioSelect)
    max_choices = forms.IntegerField(
        label=_("Projects a voter may choose (approval ballot)"), required=False, min_value=1, max_value=50
    )
    rule = forms.ChoiceField(label=_("Outcome rule"), choices=OutcomeRule.choices, widget=forms.RadioSelect)
    allow_ballot_changes = forms.BooleanField(
        label=_("A voter may change the ballot until voting closes"), required=False
    )
    min_age = forms.IntegerField(label=_("Minimum age of voters"), min_value=14, max_value=100)
    eligibility_criteria = forms.CharField(
        label=_("Criteria of the technical review"),
        required=False,
        max_length=10_000,
        help_text=_("What a project must meet to be put to the vote; shown to residents."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    proposals_from = forms.DateField(label=_("Proposals from"), widget=_date())
    proposals_until = forms.DateField(label=_("Proposals until"), widget=_date())
    review_until = forms.DateField(label=_("Technical review until"), widget=_date())
    discussion_until = forms.DateField(label=_("Discussion until"), widget=_date())
    voting_until = forms.DateField(label=_("Voting until"), widget=_date())
    results_until = forms.DateField(
        label=_("Results until"), widget=_date(), help_text=_("Implementation follows from the next day.")
    )

    def __init__(self, *args, user=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = campaign_places(user)
        if editing:
            del self.fields["territory"]


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title of the project"), max_length=200, widget=_text(200))
    description = forms.CharField(
        label=_("What should be done, and why"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 6})
    )
    place = forms.CharField(
        label=_("Where"),
        max_length=300,
        widget=_text(300),
        help_text=_("The street, the building or a landmark."),
    )
    settlement = forms.ModelChoiceField(
        label=_("Settlement"), queryset=Territory.objects.none(), required=False
    )
    category = forms.ChoiceField(label=_("Category"), choices=[("", "---------"), *Category.choices])
    estimated_cost = TengeField(
        label=_("Estimated cost, tenge"),
        help_text=_("Your estimate; the akim's office checks it at the review."),
    )
    photos = PhotosField(
        label=_("Photos of the place"), required=False, help_text=_("Up to 6 photos: JPEG, PNG or WebP.")
    )

    def __init__(self, *args, campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        settlements = Territory.objects.filter(
            path__startswith=campaign.territory_path, level=Level.SETTLEMENT, is_active=True
        ).order_by("path")
        self.fields["settlement"].queryset = settlements
        self.fields["settlement"].label_from_instance = lambda obj: obj.name


class StaffProposalForm(ProposalForm):
    resident = forms.IntegerField(widget=forms.HiddenInput)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[(ProposalStatus.ACCEPTED, _("Accept for the vote")), (ProposalStatus.REJECTED, _("Reject"))],
    )
    reviewed_cost = TengeField(label=_("Reviewed cost, tenge"), required=False)
    reasons = forms.MultipleChoiceField(
        label=_("Reasons for a rejection"),
        choices=RejectionReason.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Note (published with the decision)"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ImportForm(forms.Form):
    territory = PlaceChoiceField(label=_("Territory"), queryset=Territory.objects.none())
    funding_source = forms.ChoiceField(label=_("Funding source"), choices=FundingSource.choices)
    file = forms.FileField(
        label=_("A .pb file"), widget=forms.ClearableFileInput(attrs={"accept": ".pb,text/plain"})
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = campaign_places(user)


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ImplementationStatus.choices)
    progress = forms.IntegerField(label=_("Progress, %"), min_value=0, max_value=100)
    note = forms.CharField(
        label=_("What was done (public)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SpendingForm(forms.Form):
    amount = TengeField(label=_("Amount, tenge"))
    spent_on = forms.DateField(label=_("Date of payment"), widget=_date())
    note = forms.CharField(label=_("What was paid for"), max_length=300, widget=_text(300))
    budget_line = forms.ChoiceField(label=_("Budget line"), required=False)

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        if lines:
            self.fields["budget_line"].choices = [
                ("", "---------"),
                *[(line.key, line.label) for line in lines],
            ]
        else:
            del self.fields["budget_line"]


class WorkPhotoForm(forms.Form):
    photos = PhotosField(label=_("Photos of the work"))
    caption = forms.CharField(label=_("Caption"), required=False, max_length=200, widget=_text(200))
