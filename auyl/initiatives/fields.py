"""Checks of plain input shared by the services: text within a length, whole numbers within a range."""

from __future__ import annotations

from django.utils.translation import gettext as _


def clean_text(errors: dict, name: str, value, limit: int, *, required: bool, message: str) -> str:
    value = (value or "").strip() if isinstance(value, str) or value is None else str(value)
    if required and not value:
        errors[name] = [message]
    elif len(value) > limit:
        errors[name] = [_("Too long (at most %(n)s characters).") % {"n": limit}]
    return value


def clean_whole(errors: dict, name: str, value, low: int, high: int, message: str) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        errors[name] = [message]
        return None
    return value
