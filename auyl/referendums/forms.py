"""Input of the staff pages (the services validate again: forms only shape the input)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from auyl.core.permissions import scoped
from auyl.territory.models import PRIMARY_LEVELS, Level, Territory

from .models import Initiator, Kind


class QuestionForm(forms.Form):
    territory = forms.ModelChoiceField(label=_("Territory"), queryset=Territory.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    initiator = forms.ChoiceField(label=_("Initiated by"), choices=Initiator.choices)
    meeting_id = forms.IntegerField(
        label=_("Number of the meeting that decided it"),
        required=False,
        min_value=1,
        help_text=_("For a question of the council or the community meeting: the meeting's number in auyl."),
    )
    question = forms.CharField(label=_("Question"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    description = forms.CharField(
        label=_("Explanation"), required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 5})
    )
    binding = forms.BooleanField(label=_("The result is binding"), required=False, initial=True)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = Territory.objects.filter(level__in=[*PRIMARY_LEVELS, Level.SETTLEMENT], is_active=True)
        self.fields["territory"].queryset = scoped(units, user, "referendums.manage", "path").order_by("path")


class ScheduleForm(forms.Form):
    voting_from = forms.DateField(label=_("Voting from"), widget=forms.DateInput(attrs={"type": "date"}))
    voting_until = forms.DateField(label=_("Voting until"), widget=forms.DateInput(attrs={"type": "date"}))


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=500)


class EntryForm(forms.Form):
    """A paper signature or a polling-point ballot of a resident found in the registry."""

    resident = forms.IntegerField(widget=forms.HiddenInput)
    choice = forms.ChoiceField(
        label=_("Answer"),
        required=False,
        choices=[("yes", _("Yes")), ("no", _("No"))],
        widget=forms.RadioSelect,
    )
    polling_point = forms.CharField(label=_("Polling point"), required=False, max_length=200)
