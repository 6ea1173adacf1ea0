"""Checks shared by the plan services: texts, exact numbers, dates. Each raises a ValidationError naming
the field, with a translated message; nothing here writes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

EARLIEST_YEAR = 2000
LATEST_YEAR = 2100
MAX_VALUE = Decimal("99999999999999")  # 14 digits before the point: the column holds 18 with 4 after
MAX_AMOUNT = Decimal("9999999999999999")  # 16 digits of tenge before the point, 2 after


def text(value, field: str, limit: int, *, required: str = "") -> str:
    """``value`` stripped; ``required`` is the message when it is empty (empty allowed without one)."""
    cleaned = value.strip() if isinstance(value, str) else ""
    if required and not cleaned:
        raise ValidationError({field: [required]})
    if len(cleaned) > limit:
        raise ValidationError({field: [_("This is too long (at most %(n)s characters).") % {"n": limit}]})
    return cleaned


def number(value, field: str, *, places: int, limit: Decimal, negative: bool = True) -> Decimal:
    """An exact decimal with at most ``places`` digits after the point and below ``limit`` in size.

    Accepts a Decimal, an int, or a string ("1 250,5" as typed in Kazakhstan: spaces between thousands,
    a comma before the decimals). Floats are refused: they are not exact."""
    if isinstance(value, bool) or isinstance(value, float):
        raise ValidationError({field: [_("Enter a number.")]})
    if isinstance(value, str):
        value = value.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        result = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: [_("Enter a number.")]}) from None
    if not result.is_finite():
        raise ValidationError({field: [_("Enter a number.")]})
    if not negative and result < 0:
        raise ValidationError({field: [_("This cannot be negative.")]})
    if abs(result) > limit:
        raise ValidationError({field: [_("This number is too large.")]})
    if -result.as_tuple().exponent > places and result != result.quantize(Decimal(1).scaleb(-places)):
        raise ValidationError(
            {field: [_("Use at most %(n)s digits after the decimal point.") % {"n": places}]}
        )
    return result.quantize(Decimal(1).scaleb(-places))


def date(value, field: str, *, required: str) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        raise ValidationError({field: [required]})
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationError({field: [_("Check the year.")]})
    return value
