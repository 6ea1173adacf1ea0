"""The duplication finder and the reviewer's decisions (``003:563-567``: find the functions that several
bodies duplicate, so that each level keeps only what is its own, ``003:772-779``).

Two active functions are a possible duplication when they belong to different bodies whose units overlap
(one contains the other, the republic contains all) and either cite the same legal basis (compared by
letters and digits only) or have similar names (rapidfuzz token-set ratio, in Kazakh and in Russian, at
least the region's ``powers.name_similarity``). The finder only *lists* pairs; a reviewer of the upper
unit decides each: a duplicate, not a duplicate, or to transfer. Running it again adds only new pairs and
never touches a decision already taken.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rapidfuzz import fuzz, utils

from auyl.core import audit
from auyl.core.rules import get_rule

from .models import DuplicateCandidate, Match, Power, Review
from .selectors import powers_for
from .services import require_on_path

MAX_NOTE = 500


def name_similarity(a: Power, b: Power) -> int:
    """The best similarity of the two names in the same language (0 when no language is shared)."""
    best = 0.0
    for first, second in ((a.name_kk, b.name_kk), (a.name_ru, b.name_ru)):
        if first and second:
            best = max(best, fuzz.token_set_ratio(first, second, processor=utils.default_process))
    return round(best)


def _overlap(a: Power, b: Power) -> bool:
    return a.territory_path.startswith(b.territory_path) or b.territory_path.startswith(a.territory_path)


def _ordered(a: Power, b: Power) -> tuple[Power, Power]:
    """The higher body's function first (the shorter path), then the older one."""
    return (a, b) if (len(a.territory_path), a.pk) <= (len(b.territory_path), b.pk) else (b, a)


def _match(a: Power, b: Power, threshold: int) -> tuple[str, int] | None:
    same_basis = bool(a.legal_basis_key) and a.legal_basis_key == b.legal_basis_key
    score = name_similarity(a, b)
    similar = score >= threshold
    if same_basis and similar:
        return Match.BOTH, score
    if same_basis:
        return Match.LEGAL_BASIS, score
    if similar:
        return Match.NAME, score
    return None


def pairs(powers: list[Power], threshold: int, within: str) -> list[tuple[Power, Power, str, int]]:
    """Every possible duplication among ``powers`` whose lower function lies under ``within``."""
    found = []
    for i, a in enumerate(powers):
        for b in powers[i + 1 :]:
            if a.body_id == b.body_id or not _overlap(a, b):
                continue
            first, second = _ordered(a, b)
            if not second.territory_path.startswith(within):
                continue
            matched = _match(first, second, threshold)
            if matched is not None:
                found.append((first, second, *matched))
    return found


@transaction.atomic
def find_duplicates(*, actor, territory) -> list[DuplicateCandidate]:
    """List the new possible duplications concerning ``territory``; return those added by this run."""
    require_on_path(actor, "powers.manage", territory.path)
    threshold = int(get_rule(territory, "powers.name_similarity"))
    powers = list(powers_for(actor, territory))
    known = set(
        DuplicateCandidate.objects.filter(territory_path__startswith=territory.path).values_list(
            "first_id", "second_id"
        )
    )
    added = []
    for first, second, match, score in pairs(powers, threshold, territory.path):
        if (first.pk, second.pk) in known:
            continue
        candidate = DuplicateCandidate.objects.create(
            first=first,
            second=second,
            match=match,
            score=score,
            territory_path=second.territory_path,
            upper_path=first.territory_path,
        )
        audit.record(
            actor=actor,
            action="powers.duplicate_listed",
            obj=candidate,
            territory=territory,
            changes={
                "first": [None, first.pk],
                "second": [None, second.pk],
                "match": [None, match],
                "score": [None, score],
            },
        )
        added.append(candidate)
    return added


@transaction.atomic
def decide_duplicate(
    *, actor, candidate: DuplicateCandidate, decision: str, note: str = ""
) -> DuplicateCandidate:
    """Record the reviewer's decision (it may be revised; every decision is an audit event)."""
    require_on_path(actor, "powers.decide", candidate.upper_path)
    if decision not in (Review.DUPLICATE, Review.NOT_DUPLICATE, Review.TO_TRANSFER):
        raise ValidationError({"decision": [_("Choose one of the offered decisions.")]})
    note = " ".join((note or "").split())
    if len(note) > MAX_NOTE:
        raise ValidationError(
            {"note": [_("The note is too long (at most %(n)s characters).") % {"n": MAX_NOTE}]}
        )
    candidate = DuplicateCandidate.objects.select_for_update().get(pk=candidate.pk)
    before = {"decision": candidate.decision, "note": candidate.note}
    candidate.decision, candidate.note = decision, note
    candidate.decided_by, candidate.decided_at = actor, timezone.now()
    candidate.save(update_fields=["decision", "note", "decided_by", "decided_at", "updated_at"])
    audit.record(
        actor=actor,
        action="powers.duplicate_decided",
        obj=candidate,
        territory=candidate.second.body.territory,
        changes=audit.diff(before, {"decision": decision, "note": note}),
    )
    return candidate
