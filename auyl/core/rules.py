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


# Bumped whenever a setting is saved or deleted in this process (signals in CoreConfig.ready), so a
# territory object never answers from values read before the change.
_generation = 0


def settings_changed(**_kwargs) -> None:
    global _generation
    _generation += 1


def _values_for(territory) -> dict[str, Any]:
    """Every setting that applies to ``territory`` (the nearest unit's value per key), read in one query
    and kept on the territory object itself: a service that reads six rules of one unit asks the
    database once, and nothing outlives the object (one request, one task)."""
    from .models import TerritorySetting

    memo = getattr(territory, "_rule_values", None)
    if memo is not None and memo[0] == _generation:
        return memo[1]
    codes = territory.ancestor_codes(include_self=True)
    depth = {code: index for index, code in enumerate(codes)}
    rows = TerritorySetting.objects.filter(territory__code__in=codes).values_list(
        "territory__code", "key", "value"
    )
    values: dict[str, Any] = {}
    for _code, key, value in sorted(rows, key=lambda row: depth[row[0]]):  # the nearest unit is written last
        values[key] = value
    territory._rule_values = (_generation, values)
    return values


def get_rule(territory, key: str) -> Any:
    if key not in REGISTRY:
        raise KeyError(f"unknown rule {key!r}")
    if territory is None:
        return REGISTRY[key].default
    return _values_for(territory).get(key, REGISTRY[key].default)


def validate_rule_value(key: str, value: Any) -> None:
    rule = REGISTRY.get(key)
    if rule is None:
        raise ValidationError(_("Unknown setting: %(key)s"), params={"key": key})
    if type(value) is not type(rule.default):
        raise ValidationError(
            _("Setting %(key)s expects a value like %(example)s."),
            params={"key": key, "example": rule.default},
        )


# Foundation-level rules.
register(
    "calendar.deadline_mode",
    "calendar",
    _("Whether deadlines count calendar days or working days."),
    _("001:718-720 (15 calendar days); mode is a deployment choice"),
)
register(
    "reception.weekdays",
    [1, 3],
    _("Weekdays of the akim's personal reception (0 = Monday)."),
    _("002:752 (Tuesday and Thursday)"),
)
