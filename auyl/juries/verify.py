"""Re-run a jury's draw from its published seed and pool and compare with what was stored.

Anyone can do the same outside auyl: download the pool (``pool.json`` on the jury's public page: the
pseudonymous tokens and strata, no names), check its SHA-256 against the published ``pool_hash``,
compute the seed from the public value, and apply the steps of :mod:`.draw`; the tokens selected and
the replacements must be those published. A selected resident knows their own token from the
invitation, so they can check that they are on the list. Inside auyl, this module also checks what only
the server can: that each member's token really is that resident's pseudonym.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from auyl.core.models import AuditEvent

from . import draw
from .models import Jury
from .pool import token_for


@dataclass
class Verification:
    checked: bool  # False: nothing to verify yet (no draw)
    problems: list[str] = field(default_factory=list)
    expected: list[str] = field(default_factory=list)  # tokens the first draw must give
    actual: list[str] = field(default_factory=list)  # tokens stored as the first draw

    @property
    def ok(self) -> bool:
        return self.checked and not self.problems


def _announced_hash(jury: Jury) -> str | None:
    """The pool hash written to the append-only audit log when the draw was announced."""
    event = (
        AuditEvent.objects.filter(action="jury.announced", object_type="juries.jury", object_id=str(jury.pk))
        .order_by("seq")
        .first()
    )
    return event.changes.get("pool_hash") if event else None


def _check_pool(jury: Jury, problems: list[str]) -> None:
    if draw.pool_hash(jury.pool) != jury.pool_hash:
        problems.append(_("The published pool does not match its hash."))
    announced = _announced_hash(jury)
    if announced is not None and announced != jury.pool_hash:
        problems.append(_("The pool hash differs from the one announced before the draw."))
    if [list(entry) for entry in jury.pool] != draw.canonical_pool(jury.pool):
        problems.append(_("The pool is not in the published order."))
    if draw.derive_seed(jury.public_value, jury.pk) != jury.seed:
        problems.append(_("The seed does not follow from the published public value."))


def _check_replacements(jury: Jury, members, drawn: set[str], problems: list[str]) -> None:
    by_pk = {m.pk: m for m in members}
    for member in sorted((m for m in members if m.replaces_id), key=lambda m: m.pk):
        replaced = by_pk.get(member.replaces_id)
        expected = draw.next_in_stratum(jury.seed, jury.pool, replaced.stratum, drawn) if replaced else None
        if member.token != expected or (replaced and member.stratum != replaced.stratum):
            problems.append(
                _("Replacement %(token)s is not the next person of its stratum.") % {"token": member.token}
            )
        drawn.add(member.token)


def verify_draw(jury: Jury) -> Verification:
    if not jury.seed:
        return Verification(checked=False)
    problems: list[str] = []
    _check_pool(jury, problems)
    members = list(jury.members.all())
    chosen = draw.select(jury.seed, jury.pool, jury.size)
    expected = sorted(t for tokens in chosen.values() for t in tokens)
    actual = sorted(m.token for m in members if not m.replaces_id)
    if expected != actual:
        problems.append(_("The jurors stored are not those the seed gives."))
    strata = {t: s for t, s in jury.pool}
    for member in members:
        if (
            strata.get(member.token) != member.stratum
            or token_for(jury.pk, member.resident_id) != member.token
        ):
            problems.append(_("Member %(token)s does not match the pool.") % {"token": member.token})
    _check_replacements(jury, members, set(actual), problems)
    return Verification(checked=True, problems=problems, expected=expected, actual=actual)
