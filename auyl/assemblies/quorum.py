"""Shares of a roll: quorum ("n of N required") and the votes needed to adopt a decision.

A rule value is ``">=10%"`` (at least) or ``">50%"`` (more than), optionally followed by the base of
a majority: ``">50% present"``, ``">=66.67% voting"``, ``">50% roll"``. Arithmetic is on fractions,
so "more than half of 10" is exactly 6 and "at least 10% of 44" exactly 5.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

BASES = ("present", "voting", "roll")
_SHARE = re.compile(r"^\s*(>=|>)\s*(\d{1,3}(?:\.\d{1,4})?)\s*%\s*(present|voting|roll)?\s*$")


@dataclass(frozen=True)
class Share:
    strict: bool  # ">" (more than) rather than ">=" (at least)
    percent: Fraction
    base: str  # for majorities: what the share is of

    def needed(self, total: int) -> int:
        """The smallest whole number of people meeting the share of ``total``."""
        exact = Fraction(total) * self.percent / 100
        whole = int(exact)  # floor, exact is non-negative
        if self.strict:
            return whole + 1
        return whole if exact == whole else whole + 1

    def __str__(self) -> str:
        op = ">" if self.strict else ">="
        return f"{op}{float(self.percent):g}%" + (f" {self.base}" if self.base else "")


def parse_share(value: str, *, default_base: str = "") -> Share:
    match = _SHARE.match(str(value or ""))
    if not match:
        raise ValidationError(
            _('The rule %(value)s is not understood: write it like ">=10%%" or ">50%% present".')
            % {"value": value}
        )
    percent = Fraction(match.group(2))
    if percent > 100:
        raise ValidationError(_("A share cannot exceed 100%."))
    return Share(strict=match.group(1) == ">", percent=percent, base=match.group(3) or default_base)


def quorum_needed(rule: str, roll_size: int) -> int:
    """How many of ``roll_size`` must be present; at least one person even for an empty roll."""
    return max(1, parse_share(rule).needed(roll_size))


def votes_needed(rule: str, *, present: int, voting: int, roll_size: int) -> int:
    """Votes for needed to adopt, under a majority rule such as ``">50% present"``."""
    share = parse_share(rule, default_base="present")
    total = {"present": present, "voting": voting, "roll": roll_size}[share.base]
    return max(1, share.needed(total))
