"""Reads of the functional analysis, every one scoped by the reader's grants.

The functions that concern a territory are those of its own bodies, of the bodies above it (the
district's, the region's, the republic's, which act on it too) and of the bodies below it: the
"same territory" of ``003:563-567`` is any pair of units one of which contains the other.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Q, QuerySet, Value, When
from django.http import Http404
from django.urls import reverse

from auyl.core.permissions import paths_for, require_perm, scope_q
from auyl.territory.models import Level, Territory

from .models import (
    LEVEL_RANK,
    Body,
    DuplicateCandidate,
    GovLevel,
    Power,
    Review,
    TransferProposal,
    TransferStatus,
)

ANALYSED_LEVELS = (Level.REGION, Level.DISTRICT, Level.CITY, Level.RURAL_DISTRICT, Level.TOWN)


def covers(user, action: str, path: str) -> bool:
    """Does one of ``user``'s grants for ``action`` cover the unit with ``path`` ("" = the republic)?"""
    return any(path.startswith(granted) for granted in paths_for(user, action))


def programme(code: str):
    """The budget programme with ``code`` from the budget app's catalogue, or None.

    Read-only; ``auyl.budget`` has no selector for its catalogue yet (see the report to the lead)."""
    from auyl.budget.models import Programme

    return Programme.objects.filter(code=code).first() if code else None


def programmes() -> list:
    """Active programmes of the budget catalogue, for a form's choices."""
    from auyl.budget.models import Programme

    return list(Programme.objects.filter(is_active=True))


def programme_names() -> dict[str, str]:
    from auyl.budget.models import Programme

    return {p.code: p.name for p in Programme.objects.all()}


def units_for(user) -> QuerySet[Territory]:
    """Units whose functional analysis ``user`` may read (regions, districts, rural districts)."""
    return Territory.objects.filter(
        scope_q(user, "powers.view", "path"), level__in=ANALYSED_LEVELS, is_active=True
    ).order_by("path")


def unit_for(user, code: str) -> Territory:
    from auyl.territory.selectors import territory_by_code

    territory = territory_by_code(code)
    if territory.level not in ANALYSED_LEVELS:
        raise Http404("not an analysed unit")
    require_perm(user, "powers.view", territory)
    return territory


def _concerning(territory: Territory, field: str = "territory_path") -> Q:
    """Rows of the unit, of every unit above it (and the republic) and of every unit below it."""
    codes = territory.ancestor_codes(include_self=True)
    above = [""] + ["".join(f"{c}/" for c in codes[: i + 1]) for i in range(len(codes))]
    return Q(**{f"{field}__in": above}) | Q(**{f"{field}__startswith": territory.path})


def bodies_for(territory: Territory) -> QuerySet[Body]:
    return Body.objects.filter(_concerning(territory)).select_related("territory")


def own_bodies(territory: Territory) -> QuerySet[Body]:
    return Body.objects.filter(territory=territory)


def powers_for(user, territory: Territory, *, active: bool = True) -> QuerySet[Power]:
    require_perm(user, "powers.view", territory)
    rows = Power.objects.filter(_concerning(territory)).select_related("body", "body__territory")
    return rows.filter(ended_on__isnull=True) if active else rows


def candidates_for(user, territory: Territory, decision: str | None = None) -> QuerySet[DuplicateCandidate]:
    """Possible duplications where the lower function lies in ``territory`` (or below it)."""
    require_perm(user, "powers.view", territory)
    rows = DuplicateCandidate.objects.filter(territory_path__startswith=territory.path).select_related(
        "first__body__territory", "second__body__territory", "decided_by"
    )
    if decision in Review.values:
        rows = rows.filter(decision=decision)
    pending_first = Case(When(decision=Review.PENDING, then=Value(0)), default=Value(1))
    return rows.order_by(pending_first, "-score", "pk")


def candidate_for(user, territory: Territory, pk) -> DuplicateCandidate:
    try:
        return candidates_for(user, territory).get(pk=pk)
    except (DuplicateCandidate.DoesNotExist, ValueError, TypeError):
        raise Http404("no such candidate") from None


def transfers_for(user, territory: Territory) -> QuerySet[TransferProposal]:
    """Proposals to or from ``territory`` and the units below it."""
    require_perm(user, "powers.view", territory)
    return TransferProposal.objects.filter(
        Q(to_territory_path__startswith=territory.path) | Q(from_territory_path__startswith=territory.path)
    ).select_related("from_body__territory", "to_body__territory", "power")


def transfer_for(user, territory: Territory, pk) -> TransferProposal:
    try:
        return transfers_for(user, territory).prefetch_related("steps__actor").get(pk=pk)
    except (TransferProposal.DoesNotExist, ValueError, TypeError):
        raise Http404("no such proposal") from None


@dataclass
class LevelSection:
    level: str
    label: str
    powers: list[Power]

    @property
    def staff_hours(self):
        known = [p.staff_hours for p in self.powers if p.staff_hours is not None]
        return sum(known) if known else None


def _sections(rows) -> list[LevelSection]:
    powers = sorted(rows, key=lambda p: (p.territory_path, p.body.name, p.name))
    return [
        LevelSection(level, str(level.label), [p for p in powers if p.level == level])
        for level in sorted(GovLevel, key=LEVEL_RANK.get)
        if any(p.level == level for p in powers)
    ]


def level_report(user, territory: Territory) -> list[LevelSection]:
    """What each level of government does for ``territory``: one section per level, top down."""
    return _sections(powers_for(user, territory))


def public_for(territory: Territory) -> list[dict]:
    """What a rural district's public site shows from this app: the transfers of functions to it."""
    rows = (
        TransferProposal.objects.filter(to_body__territory=territory)
        .exclude(status=TransferStatus.REJECTED)
        .order_by("-proposed_on", "pk")
    )
    url = reverse("powers:public", args=[territory.code])
    return [
        {
            "title": p.title,
            "date": p.decided_on or p.proposed_on,
            "url": url,
            "status": p.get_status_display(),
        }
        for p in rows
    ]


def public_report(territory: Territory) -> list[LevelSection]:
    """The same report without a grant, for the public page (bodies' functions are public law)."""
    return _sections(
        Power.objects.filter(_concerning(territory), ended_on__isnull=True).select_related(
            "body", "body__territory"
        )
    )
