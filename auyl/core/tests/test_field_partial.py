"""core/_field.html, the one form-field partial: what a person (and a screen reader) gets for each kind of
field, and the options some pages need."""

import re

import pytest
from django import forms
from django.template.loader import render_to_string
from django.utils import translation

STAR = '<span aria-hidden="true">*</span><span class="visually-hidden">(required)</span>'


class SampleForm(forms.Form):
    name = forms.CharField(label="Name", help_text="As in the passport.")
    note = forms.CharField(label="Note", required=False)
    locked = forms.CharField(label="Office", disabled=True)
    token = forms.CharField(widget=forms.HiddenInput)
    agree = forms.BooleanField(label="I agree", required=False)
    rating = forms.ChoiceField(
        label="Rating", choices=[("1", "Bad"), ("5", "Good")], widget=forms.RadioSelect
    )
    units = forms.MultipleChoiceField(
        label="Units",
        required=False,
        choices=[("a", "North"), ("b", "South")],
        widget=forms.CheckboxSelectMultiple,
    )
    members = forms.MultipleChoiceField(label="Members", choices=[], widget=forms.CheckboxSelectMultiple)


def render(form, name, **options) -> str:
    with translation.override("en"):
        html = render_to_string("core/_field.html", {"field": form[name], **options})
    return re.sub(r">\s+<", "><", html).strip()


def invalid_form(**kwargs) -> SampleForm:
    form = SampleForm({"token": "t"}, **kwargs)
    assert not form.is_valid()
    return form


def test_a_text_field_has_its_label_marker_help_and_error_tied_to_the_input():
    html = render(invalid_form(), "name")
    assert html.startswith('<div class="field has-error">')
    assert f'<label for="id_name">Name {STAR}</label>' in html
    assert 'aria-invalid="true"' in html
    described = re.search(r'aria-describedby="([^"]+)"', html).group(1).split()
    assert described == ["id_name_helptext", "id_name_error"]
    for element_id in described:
        assert f'id="{element_id}"' in html
    assert '<div class="error" id="id_name_error" role="alert"><p>This field is required.</p></div>' in html


def test_no_required_marker_where_nothing_must_be_typed():
    form = SampleForm()
    assert "*" not in render(form, "note")
    assert "*" not in render(form, "locked")
    assert "*" not in render(SampleForm(empty_permitted=True, use_required_attribute=False), "name")
    assert "*" not in render(form, "name", unmarked=True)
    assert STAR in render(form, "name")


def test_a_hidden_field_is_its_input_only():
    html = render(SampleForm(initial={"token": "abc"}), "token")
    assert html == '<input type="hidden" name="token" value="abc" id="id_token">'


def test_a_single_checkbox_stands_before_its_label():
    html = render(SampleForm(), "agree")
    assert html.startswith('<div class="field check">')
    assert '<input type="checkbox" name="agree" id="id_agree"><label for="id_agree">I agree</label>' in html


def test_radio_buttons_are_a_fieldset_with_the_label_as_legend():
    html = render(invalid_form(), "rating")
    assert f'<fieldset class="choices"><legend>Rating {STAR}</legend>' in html
    assert '<label class="choice" for="id_rating_0"><input type="radio" name="rating" value="1"' in html
    assert 'id="id_rating_error"' in html
    assert '<label for="' not in html


def test_a_checkbox_group_without_choices_says_so():
    html = render(SampleForm(), "members")
    assert "<legend>Members" in html and "Nothing to choose from yet." in html


def test_options_list_the_choices_render_the_plain_widget_and_anchor_the_block():
    form = SampleForm()
    listed = render(form, "units", listed=True)
    assert '<fieldset><legend>Units</legend><ul class="choices"><li><label for="id_units_0">' in listed
    plain = render(form, "units", plain=True)
    assert "<fieldset" not in plain and '<div id="id_units">' in plain
    assert render(form, "note", anchored=True).startswith('<div class="field" id="field-note">')
    assert 'id="field-' not in render(form, "note")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("name", "This field is required."),
        ("rating", "Select a valid choice."),
        ("units", "Select a valid choice."),
        ("agree", "Tick this to go on."),
    ],
)
def test_every_kind_of_field_shows_its_errors_under_the_id_the_input_points_at(name, message):
    form = SampleForm({"token": "t", "rating": "9", "units": ["zzz"]})
    form.add_error("agree", "Tick this to go on.")
    html = render(form, name)
    assert 'class="field has-error' in html
    assert re.search(rf'<div class="error" id="id_{name}_error" role="alert"><p>{re.escape(message)}', html)
