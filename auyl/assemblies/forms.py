"""Page forms of gatherings, community meetings and council sessions: shape only.

Fields are named like the arguments of the services they feed (``services.convene_meeting(kind=...,
territory=..., starts_at=...)``), so a service's ``ValidationError({"starts_at": ...})`` lands on the
field the person typed into. Every rule (notice period, quorum, counts within attendance, residence
and age) lives in the services; a form only checks that the input has the right shape and size.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import AttendeeKind, Choice, ItemKind, MeetingKind, Response

MAX_COUNT = 1_000_000  # more people than any hall; keeps absurd numbers out of the database
MAX_AGENDA_ROWS = 30
NAME = {"autocomplete": "off", "maxlength": 300}


def _count(label):
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=MAX_COUNT,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
    )


class ConveneForm(forms.Form):
    """Kind, place, time and venue of a new meeting; the agenda comes in :func:`agenda_formset`."""

    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=MeetingKind.choices)
    territory = forms.ModelChoiceField(
        label=_("Territory"),
        queryset=None,
        empty_label=_("— choose —"),
        help_text=_(
            "For a gathering: the village, settlement or the whole rural district whose residents gather."
        ),
    )
    title = forms.CharField(label=_("Title"), max_length=300, widget=forms.TextInput(attrs=NAME))
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    time = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    venue = forms.CharField(label=_("Venue"), max_length=300, widget=forms.TextInput(attrs=NAME))
    convener_label = forms.CharField(
        label=_("Convened by (as written in the notice and the minutes)"),
        max_length=300,
        required=False,
        help_text=_("For example: the akim of the rural district."),
        widget=forms.TextInput(attrs=NAME),
    )

    def __init__(self, *args, territories=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territories
        self.fields["territory"].label_from_instance = lambda unit: f"{unit.name} ({unit.code})"

    def clean(self):
        data = super().clean()
        if data.get("date") and data.get("time"):
            naive = dt.datetime.combine(data["date"], data["time"])
            data["starts_at"] = timezone.make_aware(naive, timezone.get_current_timezone())
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            key: data[key] for key in ("kind", "territory", "title", "starts_at", "venue", "convener_label")
        }


class AgendaRowForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type of question"), choices=ItemKind.choices, initial=ItemKind.LOCAL_QUESTION
    )
    title = forms.CharField(
        label=_("Question"),
        max_length=500,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": _("Write the question.")},
    )
    addressed_to_akim = forms.BooleanField(label=_("The decision is addressed to the akim"), required=False)


def agenda_formset(extra: int):
    """The agenda rows (one shown at least); blank rows are skipped; an empty agenda is refused by the service."""
    return forms.formset_factory(
        AgendaRowForm, extra=extra, min_num=1, validate_min=False, max_num=MAX_AGENDA_ROWS, validate_max=True
    )


def agenda_from(formset) -> list[dict]:
    return [
        {
            "kind": f.cleaned_data["kind"],
            "title": f.cleaned_data["title"],
            "addressed_to_akim": f.cleaned_data.get("addressed_to_akim", False),
        }
        for f in formset.forms
        if f.has_changed() and f.cleaned_data and f.cleaned_data.get("title")
    ]


class OpenForm(forms.Form):
    chair_name = forms.CharField(
        label=_("Chair"), max_length=300, required=False, widget=forms.TextInput(attrs=NAME)
    )
    secretary_name = forms.CharField(
        label=_("Secretary"), max_length=300, required=False, widget=forms.TextInput(attrs=NAME)
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"),
        max_length=500,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class CheckInForm(forms.Form):
    """A resident found by the search, checked in as a participant."""

    resident = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={"required": _("Choose a person from the search results.")},
    )


class GuestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Present as"),
        widget=forms.RadioSelect,
        initial=AttendeeKind.GUEST,
        choices=[
            (AttendeeKind.GUEST, AttendeeKind.GUEST.label),
            (AttendeeKind.OFFICIAL, AttendeeKind.OFFICIAL.label),
        ],
    )
    guest_name = forms.CharField(
        label=_("Surname and name"), max_length=300, widget=forms.TextInput(attrs=NAME)
    )
    position = forms.CharField(
        label=_("Position or organisation"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs=NAME),
    )


class RemoveCheckInForm(forms.Form):
    """Undo a mistaken check-in, or record that a person left."""

    attendance = forms.TypedChoiceField(label=_("Who"), coerce=int, choices=())
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )

    def __init__(self, *args, present=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendance"].choices = [("", _("— choose —"))] + [(a.pk, a.name) for a in present]


class VoteCountsForm(forms.Form):
    votes_for = _count(_("For"))
    votes_against = _count(_("Against"))
    abstained = _count(_("Abstained"))


class BallotsForm(forms.Form):
    """One radio group per participant present: for, against, abstained or did not vote."""

    NOT_VOTING = ""

    def __init__(self, *args, participants=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [*Choice.choices, (self.NOT_VOTING, _("Did not vote"))]
        for person in participants:
            self.fields[f"ballot_{person.pk}"] = forms.ChoiceField(
                label=person.full_name, choices=choices, required=False, widget=forms.RadioSelect
            )

    def ballots(self) -> dict[int, str]:
        return {
            int(name.removeprefix("ballot_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("ballot_") and value
        }


class ItemRecordForm(forms.Form):
    """What the minutes say about an item: the decision text, the discussion, the follow-up flags."""

    decision_text = forms.CharField(
        label=_("Decision"),
        max_length=20_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("As it will read in the minutes."),
    )
    discussion = forms.CharField(
        label=_("Speakers and discussion (optional)"),
        max_length=20_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    addressed_to_akim = forms.BooleanField(label=_("The decision is addressed to the akim"), required=False)
    is_task = forms.BooleanField(label=_("The decision is a task to carry out"), required=False)


class FinalizeForm(forms.Form):
    chair_name = forms.CharField(label=_("Chair"), max_length=300, widget=forms.TextInput(attrs=NAME))
    secretary_name = forms.CharField(label=_("Secretary"), max_length=300, widget=forms.TextInput(attrs=NAME))


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the correction"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    chair_name = forms.CharField(
        label=_("Chair"), max_length=300, required=False, widget=forms.TextInput(attrs=NAME)
    )
    secretary_name = forms.CharField(
        label=_("Secretary"), max_length=300, required=False, widget=forms.TextInput(attrs=NAME)
    )
    notes = forms.CharField(
        label=_("Notes to the minutes"),
        max_length=20_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, items=(), **kwargs):
        """``items``: the agenda items of the current version (``number``, ``title``, ``decision_text``),
        each offered as a decision text to correct."""
        super().__init__(*args, **kwargs)
        self.item_texts = {}
        for item in items:
            name = f"decision_{item['number']}"
            self.item_texts[item["number"]] = item.get("decision_text", "")
            self.fields[name] = forms.CharField(
                label=_("Decision on question %(number)s: %(title)s")
                % {"number": item["number"], "title": item["title"][:80]},
                max_length=20_000,
                required=False,
                initial=item.get("decision_text", ""),
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def changes(self) -> dict:
        """The service arguments besides ``reason``: only what differs from the current version."""
        data = self.cleaned_data
        out = {k: data[k] for k in ("chair_name", "secretary_name", "notes") if data.get(k)}
        items = {
            number: {"decision_text": data[f"decision_{number}"]}
            for number, before in self.item_texts.items()
            if data.get(f"decision_{number}", before) != before
        }
        if items:
            out["items"] = items
        return out


class RespondForm(forms.Form):
    response = forms.ChoiceField(label=_("Response"), choices=Response.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Plan, or reasons for rejecting"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 4})
    )
    plan_due = forms.DateField(
        label=_("To be done by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Needed when the decision is accepted, fully or in part."),
    )


class CompleteForm(forms.Form):
    note = forms.CharField(
        label=_("What was done"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 3})
    )
