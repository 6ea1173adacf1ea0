"""Kazakhstan identifiers: IIN (individual identification number) and phone numbers."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WEIGHTS_FIRST = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
WEIGHTS_SECOND = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
# 7th digit: century of birth and sex.
CENTURY_SEX = {1: (1800, "m"), 2: (1800, "f"), 3: (1900, "m"), 4: (1900, "f"), 5: (2000, "m"), 6: (2000, "f")}


@dataclass(frozen=True)
class IinInfo:
    iin: str
    birth_date: dt.date
    sex: str


def iin_check_digit(first11: str) -> int | None:
    """The control digit for the first 11 digits, or None when no valid one exists (both sums give 10)."""
    digits = [int(c) for c in first11]
    total = sum(d * w for d, w in zip(digits, WEIGHTS_FIRST, strict=True)) % 11
    if total == 10:
        total = sum(d * w for d, w in zip(digits, WEIGHTS_SECOND, strict=True)) % 11
        if total == 10:
            return None
    return total


def parse_iin(raw: str) -> IinInfo:
    """Validate an IIN and return its birth date and sex; raise ValidationError with a clear reason."""
    iin = re.sub(r"[\s-]", "", raw or "")
    if not re.fullmatch(r"\d{12}", iin):
        raise ValidationError(_("The IIN must consist of exactly 12 digits."), code="iin_format")
    century_digit = int(iin[6])
    if century_digit not in CENTURY_SEX:
        raise ValidationError(
            _("The 7th digit of the IIN must be 1 to 6 (century of birth and sex)."), code="iin_century"
        )
    century, sex = CENTURY_SEX[century_digit]
    try:
        birth = dt.date(century + int(iin[0:2]), int(iin[2:4]), int(iin[4:6]))
    except ValueError:
        raise ValidationError(
            _("The first six digits of the IIN are not a valid birth date (YYMMDD)."), code="iin_date"
        ) from None
    if birth > dt.date.today():
        raise ValidationError(_("The birth date in the IIN is in the future."), code="iin_future")
    expected = iin_check_digit(iin[:11])
    if expected is None or expected != int(iin[11]):
        raise ValidationError(_("The IIN check digit is wrong: please check the number."), code="iin_checksum")
    return IinInfo(iin=iin, birth_date=birth, sex=sex)


def make_iin(birth: dt.date, sex: str, serial: int) -> str | None:
    """Build a valid IIN for a birth date, sex and 4-digit serial (demo data and benchmarks);
    None when that serial has no valid check digit."""
    century_digit = next(d for d, (c, s) in CENTURY_SEX.items() if c == birth.year // 100 * 100 and s == sex)
    first11 = f"{birth:%y%m%d}{century_digit}{serial:04d}"
    check = iin_check_digit(first11)
    return None if check is None else f"{first11}{check}"


def normalize_phone(raw: str) -> str:
    """Normalise a Kazakhstan phone number (mobile or landline) to +7XXXXXXXXXX."""
    digits = re.sub(r"[\s\-().]", "", raw or "")
    if digits.startswith("+"):
        digits = digits[1:]
        if not digits.startswith("7"):
            raise ValidationError(_("Only Kazakhstan numbers (+7) are accepted."), code="phone_country")
    if not digits.isdigit():
        raise ValidationError(_("The phone number may contain only digits, spaces, +, - and brackets."),
                              code="phone_chars")
    if len(digits) == 11 and digits[0] in "78":
        digits = digits[1:]
    if len(digits) != 10 or digits[0] != "7":
        raise ValidationError(
            _("Enter a Kazakhstan phone number, for example +7 701 123 45 67 or 8 7162 25 12 34."),
            code="phone_format",
        )
    return "+7" + digits
