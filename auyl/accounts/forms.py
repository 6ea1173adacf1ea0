"""Input of the sign-in pages. Forms only check shape; the decisions are in signin/otp/services."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

CODE_ATTRS = {
    "autocomplete": "one-time-code",
    "inputmode": "numeric",
    "autocapitalize": "off",
    "spellcheck": "false",
    "size": "8",
    "maxlength": "9",
}


class AccessibleForm(forms.Form):
    """Django (5.2) marks a field with errors ``aria-invalid`` and points ``aria-describedby`` at
    ``<id>_helptext`` and ``<id>_error``; ``core/_field.html`` renders elements with those ids."""


class SixDigitCodeField(forms.CharField):
    default_error_messages = {"invalid": _("Enter the 6-digit code.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 9)
        kwargs.setdefault("widget", forms.TextInput(attrs=dict(CODE_ATTRS)))
        super().__init__(**kwargs)

    def to_python(self, value):
        return "".join((super().to_python(value) or "").split())

    def validate(self, value):
        super().validate(value)
        if len(value) != 6 or not (value.isascii() and value.isdigit()):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class StaffLoginForm(AccessibleForm):
    username = forms.CharField(
        label=_("Login"),
        max_length=150,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "username",
                "autocapitalize": "none",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )
    password = forms.CharField(
        label=_("Password"),
        max_length=4096,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class TotpCodeForm(AccessibleForm):
    code = SixDigitCodeField(
        label=_("Code from the authenticator app"),
        help_text=_("6 digits; a new code appears every 30 seconds."),
    )


class PhoneForm(AccessibleForm):
    phone = forms.CharField(
        label=_("Mobile phone number"),
        max_length=32,
        help_text=_("For example +7 701 123 45 67. We will send a sign-in code by SMS."),
        widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel", "autofocus": True}
        ),
    )


class SmsCodeForm(AccessibleForm):
    code = SixDigitCodeField(label=_("Code from the SMS"), help_text=_("6 digits."))


class LanguageForm(AccessibleForm):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
