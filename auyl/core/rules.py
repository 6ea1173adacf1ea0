"""Rules that differ by region: registered keys with documented defaults, overridable per territory.

A value set on a unit applies to it and every descendant unless a nearer unit sets its own.
Domain apps register their keys at import time (``register(...)`` in their ``rules`` module or
``apps.py``); ``get_rule(territory, key)`` is the only way code reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Rule:
    key: str
    default: Any
    description: str
    source: str  # where the default comes from: a seed line, or "default (not in sources)"


REGISTRY: dict[str, Rule] = {}


def register(key: str, default: Any, description: str, source: str) -> Rule:
    rule = Rule(key, default, description, source)
    REGISTRY[key] = rule
    return rule


def get_rule(territory, key: str) -> Any:
    from .models import TerritorySetting

    if key not in REGISTRY:
        raise KeyError(f"unknown rule {key!r}")
    if territory is None:
        return REGISTRY[key].default
    codes = territory.ancestor_codes(include_self=True)
    found = {
        s.territory.code: s.value
        for s in TerritorySetting.objects.filter(key=key, territory__code__in=codes).select_related("territory")
    }
    for code in reversed(codes):  # nearest first
        if code in found:
            return found[code]
    return REGISTRY[key].default


def validate_rule_value(key: str, value: Any) -> None:
    rule = REGISTRY.get(key)
    if rule is None:
        raise ValidationError(_("Unknown setting: %(key)s"), params={"key": key})
    if type(value) is not type(rule.default):
        raise ValidationError(
            _("Setting %(key)s expects a value like %(example)s."), params={"key": key, "example": rule.default}
        )


# Foundation-level rules.
register(
    "calendar.deadline_mode",
    "calendar",
    "Whether deadlines count calendar days or working days.",
    "001:718-720 (15 calendar days); mode is a deployment choice",
)
register(
    "reception.weekdays",
    [1, 3],
    "Weekdays of the akim's personal reception (0 = Monday).",
    "002:752 (Tuesday and Thursday)",
)
