"""Page forms of the personal reception: shape only; the rules live in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from auyl.appeals.models import Topic

TEL = {"inputmode": "tel", "autocomplete": "tel"}


class BookingForm(forms.Form):
    """A slot on one date; the date comes from the page (chosen among the next reception days)."""

    date = forms.DateField(widget=forms.HiddenInput)
    # Any time of the day is accepted here and the service decides (a double-click on a slot just
    # taken by the same person is not an error); only the free ones are offered.
    slot_time = forms.TimeField(
        label=_("Time"), widget=forms.RadioSelect, input_formats=["%H:%M"],
        error_messages={"required": _("Choose a time."), "invalid": _("Choose one of the offered times.")})
    visitor_name = forms.CharField(label=_("Surname and name"), max_length=300,
                                   widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = forms.CharField(label=_("Phone"), max_length=32, widget=forms.TextInput(attrs=TEL),
                            help_text=_("The confirmation comes by SMS to this number."))
    note = forms.CharField(label=_("What would you like to talk about? (optional)"), max_length=300, required=False)
    resident = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, slots=(), phone_locked=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot_time"].widget.choices = [(f"{s:%H:%M}", f"{s:%H:%M}") for s in slots]
        if phone_locked:  # a resident's own booking uses the phone they signed in with
            self.fields["phone"].disabled = True
            self.fields["phone"].help_text = _("The number you signed in with; the confirmation comes to it by SMS.")


class WalkInForm(forms.Form):
    visitor_name = forms.CharField(label=_("Surname and name"), max_length=300)
    phone = forms.CharField(label=_("Phone (optional)"), max_length=32, required=False,
                            widget=forms.TextInput(attrs=TEL))
    note = forms.CharField(label=_("What the visit is about (optional)"), max_length=300, required=False)


class VisitAppealForm(forms.Form):
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=Topic.objects.none(),
                                   empty_label=_("— choose a topic —"))
    subject = forms.CharField(label=_("Subject"), max_length=200)
    text = forms.CharField(label=_("What the visitor asks"), max_length=20_000,
                           widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = Topic.objects.filter(is_active=True).order_by("sort", "code")


def visit_formset(extra: int):
    """One required appeal form plus ``extra`` optional ones (blank ones are skipped)."""
    return forms.formset_factory(VisitAppealForm, extra=extra, min_num=1, validate_min=True, max_num=10,
                                 validate_max=True)


class VisitForm(forms.Form):
    applicant_address = forms.CharField(
        label=_("Postal address for the answer (optional)"), max_length=300, required=False,
        help_text=_("Needed when the visitor has no phone and is not in the residents registry."))
