"""The published, re-runnable draw of a citizen jury (``002:144``: 15-25 randomly selected residents of a
territory, representative of its population by given parameters).

Everything here is a pure function of published values, so that anyone can repeat the draw with any
SHA-256 implementation; the jury's public page prints these steps (``ALGORITHM``).

1. **Pool.** When the draw is announced, the eligible residents (active, of the territory, adult on
   that day, birth date and sex known) are frozen as an ordered list of entries ``[token, stratum]``.
   ``token`` is a per-jury pseudonym (a keyed hash of the jury and the resident, 16 hex digits): it
   names no one, a selected resident is told their own token, and only staff can link a token to a
   person. ``stratum`` is ``"<settlement KATO code>|<sex m/f>|<age band>"``. The list is sorted by token
   and published with its SHA-256 (``pool_hash``) before the seed is known.
2. **Seed.** ``seed = SHA-256("<public value>|jury-<jury id>")`` in hex, where the public value is one
   nobody controls, entered by staff at the draw (its source is published when the draw is announced).
3. **Allocation** of the ``size`` seats to strata, proportional to the stratum's share of the pool,
   by the largest-remainder (Hamilton) rule: every stratum gets ``floor(size * n_s / N)`` seats; the
   seats left go one each to the strata with the largest remainders, ties broken by the larger stratum,
   then by the stratum key in ascending order. (A stratum never gets more seats than it has people.)
4. **Order within a stratum:** entries sorted by ``SHA-256("<seed>:<token>")`` in hex, ascending.
   The first ``seats`` are invited; the rest, in that order, are the stratum's replacements: a decline
   is replaced by the next entry of the same stratum not yet drawn.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext_lazy as _

ALGORITHM_VERSION = "auyl-jury-draw-1"

ALGORITHM = [
    _(
        "The eligible pool (adult residents of the territory with known birth date and sex) is frozen when the "
        "draw is announced: one entry per person, a pseudonymous token and a stratum "
        "(settlement code | sex | age band), sorted by token. Its SHA-256 is published with it."
    ),
    _(
        'Seed = SHA-256 of the text "<public value>|jury-<jury number>", written in hexadecimal; the source of '
        "the public value is announced before the draw."
    ),
    _(
        "Seats are allocated to strata in proportion to their size: each stratum gets the whole part of "
        "size × stratum / pool; the remaining seats go to the largest remainders (ties: the larger stratum, "
        "then the stratum name in alphabetical order)."
    ),
    _(
        'Within each stratum people are ordered by SHA-256 of "<seed>:<token>" (hexadecimal, ascending). '
        "The first ones by the allocation are invited; a person who declines is replaced by the next one of "
        "the same stratum."
    ),
]


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def derive_seed(public_value: str, jury_id: int) -> str:
    return sha256(f"{public_value.strip()}|jury-{jury_id}")


def age_band(age: int, bounds: Sequence[int]) -> str:
    """``bounds`` like ``[18, 30, 45, 60]`` give bands ``18-29``, ``30-44``, ``45-59``, ``60+``."""
    lower = [b for b in bounds if b <= age]
    start = lower[-1] if lower else bounds[0]
    later = [b for b in bounds if b > start]
    return f"{start}-{later[0] - 1}" if later else f"{start}+"


def stratum_key(settlement_code: str, sex: str, band: str) -> str:
    return f"{settlement_code}|{sex}|{band}"


def canonical_pool(entries: Iterable[Sequence[str]]) -> list[list[str]]:
    """The pool as published: ``[token, stratum]`` pairs sorted by token."""
    return sorted([str(token), str(stratum)] for token, stratum in entries)


def pool_hash(pool: Sequence[Sequence[str]]) -> str:
    """SHA-256 of the pool's canonical JSON (no spaces, ASCII): what a third party recomputes."""
    blob = json.dumps([list(entry) for entry in pool], separators=(",", ":"), ensure_ascii=True)
    return sha256(blob)


def allocate(counts: dict[str, int], size: int) -> dict[str, int]:
    """Seats per stratum by the largest-remainder rule (step 3); strata with no seat are left out."""
    total = sum(counts.values())
    if total <= 0 or size <= 0:
        return {}
    seats = {key: size * n // total for key, n in counts.items()}
    left = size - sum(seats.values())
    by_remainder = sorted(counts, key=lambda key: (-(size * counts[key] % total), -counts[key], key))
    for key in by_remainder[:left]:
        seats[key] += 1
    return {key: n for key, n in sorted(seats.items()) if n}


def ordered_strata(seed: str, pool: Sequence[Sequence[str]]) -> dict[str, list[str]]:
    """Tokens of every stratum in the seed's order (step 4)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for token, stratum in pool:
        groups[stratum].append(token)
    return {
        key: sorted(tokens, key=lambda t: sha256(f"{seed}:{t}")) for key, tokens in sorted(groups.items())
    }


def select(seed: str, pool: Sequence[Sequence[str]], size: int) -> dict[str, list[str]]:
    """The tokens invited first, per stratum."""
    seats = allocate(Counter(stratum for _token, stratum in pool), size)
    order = ordered_strata(seed, pool)
    return {key: order[key][:n] for key, n in seats.items()}


def next_in_stratum(seed: str, pool: Sequence[Sequence[str]], stratum: str, drawn: set[str]) -> str | None:
    """The replacement: the next token of ``stratum`` in the seed's order not drawn yet (None: exhausted)."""
    for token in ordered_strata(seed, pool).get(stratum, []):
        if token not in drawn:
            return token
    return None
