"""Numbers of plans as people read them: thousands separated by a space, no trailing zeros."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()
NBSP = "\u00a0"


def _grouped(digits: str) -> str:
    groups = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return NBSP.join(groups)


def _format(value: Decimal, places: int | None) -> str:
    text = f"{value:f}" if places is None else f"{value:.{places}f}"
    if places is None and "." in text:
        text = text.rstrip("0").rstrip(".")
    sign = "−" if text.startswith("-") else ""
    whole, _sep, fraction = text.lstrip("-").partition(".")
    return f"{sign}{_grouped(whole)}{',' + fraction if fraction else ''}"


@register.filter
def num(value) -> str:
    """``Decimal("12500.5000")`` -> "12 500,5" (a comma before decimals, as in kk and ru)."""
    if value is None or value == "":
        return "—"
    return _format(Decimal(value), None)


@register.filter
def tenge(value) -> str:
    """An exact amount of tenge: "12 500 000" or "12 500 000,50" (kopecks only when there are any)."""
    if value is None or value == "":
        return "—"
    amount = Decimal(value)
    return _format(amount, 2 if amount != amount.to_integral_value() else 0)


@register.filter
def dictget(mapping, key):
    """``mapping[key]`` in a template (None when missing)."""
    return (mapping or {}).get(key)


@register.filter
def errors_for(errors, pk) -> list:
    """The messages a batch of progress gave for the line of indicator ``pk``."""
    return (errors or {}).get(str(pk), [])
