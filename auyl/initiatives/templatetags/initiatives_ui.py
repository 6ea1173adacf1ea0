"""Template filters of the civic-projects pages: sums in tenge, shares of an amount."""

from django import template

from auyl.initiatives.results import tenge as _tenge

register = template.Library()


@register.filter
def tenge(value) -> str:
    """``4500000`` -> ``4 500 000 ₸`` (empty for no value)."""
    if value in (None, ""):
        return ""
    try:
        return _tenge(int(value))
    except (TypeError, ValueError):
        return ""


@register.filter
def share_of(part, whole) -> int:
    """``part`` as a whole percentage of ``whole`` (0 when there is no whole), for bars."""
    try:
        return max(0, min(100, round(100 * int(part or 0) / int(whole)))) if whole else 0
    except (TypeError, ValueError, ZeroDivisionError):
        return 0
