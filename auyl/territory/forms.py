"""Page forms for the residents registry: shape only; the rules live in services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Territory

TEXT = {"class": "input"}


class ResidentForm(forms.Form):
    last_name = forms.CharField(label=_("Surname"), max_length=100)
    first_name = forms.CharField(label=_("First name"), max_length=100)
    middle_name = forms.CharField(label=_("Patronymic"), max_length=100, required=False)
    iin = forms.CharField(
        label=_("IIN"), max_length=20, required=False,
        help_text=_("12 digits. Birth date and sex are taken from it."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    settlement = forms.ModelChoiceField(label=_("Settlement"), queryset=Territory.objects.none())
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}))
    email = forms.EmailField(label=_("E-mail"), required=False)
    consent = forms.BooleanField(label=_("The resident consents to the processing of personal data"),
                                 required=False)
    confirm_new = forms.BooleanField(label=_("This is a different person: register anyway"), required=False)

    def __init__(self, *args, settlements=None, confirm_duplicates=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not confirm_duplicates:  # asked only after a likely duplicate was shown
            del self.fields["confirm_new"]
        if settlements is not None:
            self.fields["settlement"].queryset = settlements
        self.fields["settlement"].label_from_instance = lambda t: f"{t.name} ({t.code})"

    def person(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("confirm_new", None)
        return data


class MergeForm(forms.Form):
    duplicate_id = forms.IntegerField(label=_("Number of the duplicate record"), min_value=1)
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class OfficeForm(forms.Form):
    akim_name = forms.CharField(label=_("Akim"), max_length=200, required=False)
    address_kk = forms.CharField(label=_("Address (Kazakh)"), max_length=300, required=False)
    address_ru = forms.CharField(label=_("Address (Russian)"), max_length=300, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    reception_kk = forms.CharField(label=_("Reception schedule (Kazakh)"), max_length=300, required=False)
    reception_ru = forms.CharField(label=_("Reception schedule (Russian)"), max_length=300, required=False)
    reception_en = forms.CharField(label=_("Reception schedule (English)"), max_length=300, required=False)
