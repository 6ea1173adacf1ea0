"""apply_errors: every message of a service's ValidationError lands where the person filling the form
sees it, on the field it names or above the form, and nothing raises."""

import pytest
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from auyl.core.forms import apply_errors


class MeetingForm(forms.Form):
    date = forms.DateField()
    venue = forms.CharField(required=False)
    resident = forms.IntegerField(widget=forms.HiddenInput, required=False)
    territory = forms.CharField(disabled=True, required=False)


def bound(**data) -> MeetingForm:
    form = MeetingForm({"date": "2025-03-01", "venue": "School", **data})
    assert form.is_valid(), form.errors
    return form


def on_top(form) -> list[str]:
    return list(form.non_field_errors())


def test_a_message_without_a_field_goes_above_the_form():
    form = bound()
    apply_errors(form, ValidationError("The meeting is closed."))
    assert on_top(form) == ["The meeting is closed."]
    assert set(form.errors) == {NON_FIELD_ERRORS}
    assert not form.is_valid()


def test_a_list_of_messages_all_go_above_the_form():
    form = bound()
    apply_errors(form, ValidationError(["Too late.", ValidationError("Quorum not reached.")]))
    assert on_top(form) == ["Too late.", "Quorum not reached."]


def test_a_message_for_a_shown_field_goes_on_that_field_only():
    form = bound()
    apply_errors(form, ValidationError({"date": ["The date is in the past."]}))
    assert form.errors["date"] == ["The date is in the past."]
    assert on_top(form) == []
    assert "date" not in form.cleaned_data


def test_a_field_the_form_does_not_have_goes_above_the_form():
    form = bound()
    apply_errors(form, ValidationError({"starts_at": ["Not on a holiday."], "venue": ["Too long."]}))
    assert on_top(form) == ["Not on a holiday."]
    assert form.errors["venue"] == ["Too long."]
    assert "starts_at" not in form.errors


def test_all_goes_above_the_form():
    form = bound()
    apply_errors(form, ValidationError({NON_FIELD_ERRORS: ["Duplicate."], "date": ["Past."]}))
    assert on_top(form) == ["Duplicate."]
    assert form.errors["date"] == ["Past."]


def test_hidden_and_disabled_fields_send_their_messages_above_the_form():
    form = bound()
    apply_errors(form, ValidationError({"resident": ["Already voted."], "territory": ["Not yours."]}))
    assert on_top(form) == ["Already voted.", "Not yours."]
    assert "resident" not in form.errors and "territory" not in form.errors


def test_aliases_rename_a_services_field_or_send_it_above_the_form():
    form = bound()
    error = ValidationError({"starts_at": ["Past."], "guest": ["Unknown guest."], "room": ["No room."]})
    apply_errors(form, error, aliases={"starts_at": "date", "guest": None, "room": "hall"})
    assert form.errors["date"] == ["Past."]
    assert on_top(form) == ["Unknown guest.", "No room."]


def test_message_parameters_are_filled_in():
    form = bound()
    apply_errors(form, ValidationError({"venue": ValidationError("At most %(n)s letters.", params={"n": 5})}))
    assert form.errors["venue"] == ["At most 5 letters."]


@pytest.mark.parametrize(
    "error",
    [ValidationError("Closed."), ValidationError({"date": ["Past."], "nope": ["Odd."]})],
)
def test_an_unbound_form_gets_the_messages_without_raising(error):
    form = MeetingForm()
    apply_errors(form, error)
    shown = [m for messages in form.errors.values() for m in messages]
    assert set(shown) == set(error.messages)
    assert not form.is_valid()
