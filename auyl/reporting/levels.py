"""Which akim levels of the Decree No. 826 form a unit's akim may stand for.

The form breaks meetings, appeals, receptions and critical remarks down by six akim levels
(``002:536-541``); the territory registry knows five kinds of unit (``territory.models.Level``). A region
is the first level; a city of regional significance is the third, or the first when it is a city of
republican significance (the registry has no separate level for those); a district is the fifth, or the
second or fourth when it is a district *of a city*; every primary unit and settlement is the sixth.
The first choice is the default.
"""

from __future__ import annotations

from auyl.territory.models import Level

from .models import AkimLevel

LEVELS_OF_UNIT: dict[str, tuple[str, ...]] = {
    Level.REGION: (AkimLevel.REGION,),
    Level.CITY: (AkimLevel.CITY_REGIONAL, AkimLevel.REGION),
    Level.DISTRICT: (
        AkimLevel.DISTRICT,
        AkimLevel.CITY_DISTRICT_REGIONAL,
        AkimLevel.CITY_DISTRICT_REPUBLICAN,
    ),
    Level.RURAL_DISTRICT: (AkimLevel.RURAL,),
    Level.TOWN: (AkimLevel.RURAL,),
    Level.SETTLEMENT: (AkimLevel.RURAL,),
}


def levels_for(unit) -> tuple[str, ...]:
    """The akim levels the akim of ``unit`` may report under (empty for an unknown kind of unit)."""
    return LEVELS_OF_UNIT.get(getattr(unit, "level", ""), ())


def default_level(unit) -> str:
    levels = levels_for(unit)
    return levels[0] if levels else ""


def level_of_unit(level: str) -> str:
    """The akim level the appeals and receptions of a unit of registry ``level`` are addressed to."""
    return LEVELS_OF_UNIT.get(level, (AkimLevel.RURAL,))[0]
