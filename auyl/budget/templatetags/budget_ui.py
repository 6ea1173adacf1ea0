"""Template helpers of the budget pages: amounts in tenge, percentages, bar widths."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()

# Kazakh and Russian group thousands with a no-break space and write a decimal comma; English, a comma
# and a point (as the portal's ``thousands`` filter does).
SEPARATORS = {"kk": ("\u00a0", ","), "ru": ("\u00a0", ","), "en": (",", ".")}
MILLION = Decimal(1_000_000)


def _separators() -> tuple[str, str]:
    return SEPARATORS.get((get_language() or "kk")[:2], SEPARATORS["kk"])


def _number(value: Decimal, places: int) -> str:
    thousands, point = _separators()
    text = f"{value:,.{places}f}"
    return text.replace(",", "\x00").replace(".", point).replace("\x00", thousands)


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(value)
    except (ArithmeticError, ValueError, TypeError):
        return None


@register.filter
def money(value):
    """1234567.5 -> "1 234 567,50 ₸" (kk, ru) / "1,234,567.50 ₸" (en); whole tenge without decimals."""
    amount = _decimal(value)
    if amount is None:
        return "—"
    places = 0 if amount == amount.to_integral_value() else 2
    return f"{_number(amount, places)}\u00a0₸"


@register.filter
def number(value):
    """An amount without the currency sign (for tables whose header says "tenge")."""
    amount = _decimal(value)
    if amount is None:
        return ""
    return _number(amount, 0 if amount == amount.to_integral_value() else 2)


@register.filter
def money_short(value):
    """Millions with one decimal ("107,3 mln ₸") for the charts; smaller amounts in full."""
    amount = _decimal(value)
    if amount is None:
        return "—"
    if abs(amount) < MILLION:
        return money(amount)
    millions = (amount / MILLION).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return _("%(n)s mln ₸") % {"n": _number(millions, 1)}


@register.filter
def pct(value):
    """13.4 -> "13,4 %" (kk, ru) / "13.4%" (en); "—" when there is no figure."""
    number = _decimal(value)
    if number is None:
        return "—"
    text = _number(number, 1)
    return f"{text}%" if (get_language() or "")[:2] == "en" else f"{text}\u00a0%"


@register.filter
def width(value):
    """A percentage for a CSS width: a point as decimal separator, between 0 and 100."""
    number = _decimal(value)
    if number is None:
        return "0"
    return str(max(Decimal(0), min(number, Decimal(100))).quantize(Decimal("0.1")))
