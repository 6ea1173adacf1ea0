"""The eligible pool of a jury, read from the residents registry through the territory selectors."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from auyl.core.crypto import keyed_hash
from auyl.core.rules import get_rule
from auyl.territory import selectors as territory_selectors

from . import draw


def token_for(jury_id: int, resident_id: int) -> str:
    """The resident's pseudonym in one jury: 16 hex digits of a keyed hash (not linkable across juries)."""
    return keyed_hash(f"juries:{jury_id}:resident:{resident_id}")[:16]


@dataclass
class Pool:
    entries: list[list[str]]  # [[token, stratum]] sorted by token (published)
    resident_ids: list[int]  # in the same order (kept private)
    excluded: int  # residents of the territory without birth date or sex: cannot be stratified
    bands: list[int]


def build_pool(actor, jury, day: dt.date) -> Pool:
    """Adult active residents of the jury's territory on ``day`` (age bands from ``juries.age_bands``)."""
    bands = sorted(int(b) for b in get_rule(jury.territory, "juries.age_bands"))
    residents = (
        territory_selectors.residents_visible_to(actor)
        .filter(territory_path__startswith=jury.territory.path, merged_into__isnull=True)
        .select_related("settlement")
        .only("pk", "birth_date", "sex", "settlement__code")
    )
    rows, excluded = [], 0
    for resident in residents.iterator(chunk_size=2000):
        if not resident.birth_date or not resident.sex:
            excluded += 1
            continue
        age = resident.age_on(day)
        if age < bands[0]:
            continue
        stratum = draw.stratum_key(resident.settlement.code, resident.sex, draw.age_band(age, bands))
        rows.append((token_for(jury.pk, resident.pk), stratum, resident.pk))
    rows.sort()
    return Pool([[t, s] for t, s, _pk in rows], [pk for _t, _s, pk in rows], excluded, bands)
