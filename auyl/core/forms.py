"""Helpers the apps' views share for their forms."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError


def apply_errors(
    form: forms.BaseForm,
    exc: ValidationError,
    *,
    aliases: Mapping[str, str | None] | None = None,
) -> None:
    """Put a service's ``ValidationError`` on ``form`` so that the person filling it sees every message.

    A message goes on the field it names when the form shows that field: the form has it and it is
    neither disabled nor hidden. Everything else goes above the form, among the non-field errors: a
    ValidationError without fields (a message or a list of them), ``__all__``, a name the form does not
    have, a disabled field (it cannot be corrected), a hidden one (``_field.html`` shows no errors
    there).

    ``aliases`` maps a service's field name to the form's (``{"starts_at": "date"}``); a name mapped to
    ``None`` always goes above the form.

    Never raises, whatever the fields named; an unbound form gets the messages too.
    """
    if not hasattr(form, "cleaned_data"):
        form.cleaned_data = {}  # an unbound form: Form.add_error expects it
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    aliases = aliases or {}
    for name, messages in exc.message_dict.items():
        form.add_error(_shown_field(form, aliases.get(name, name)), messages)


def _shown_field(form: forms.BaseForm, name: str | None) -> str | None:
    """``name`` when the form shows that field to be corrected, else None (above the form)."""
    field = form.fields.get(name) if name else None
    if field is None or field.disabled or field.widget.is_hidden:
        return None
    return name
