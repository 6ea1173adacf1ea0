"""Reads of citizen juries: staff reads scoped to grants, public reads of announced juries only."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from auyl.core.permissions import has_perm, scoped
from auyl.territory.models import Sex, Territory

from . import draw
from .models import Jury, JuryStatus, Member, MemberStatus

PUBLIC_STATUSES = [s for s in JuryStatus.values if s != JuryStatus.DRAFT]


def juries_for(user, territory: Territory | None = None) -> QuerySet[Jury]:
    qs = scoped(Jury.objects.select_related("territory"), user, "jury.view")
    if territory is not None:
        qs = qs.filter(territory__path__startswith=territory.path)
    return qs


def jury_for(user, pk, action: str = "jury.view") -> Jury:
    try:
        return scoped(Jury.objects.select_related("territory"), user, action).get(pk=pk)
    except (Jury.DoesNotExist, ValueError, TypeError):
        raise Http404("jury not found") from None


def public_jury(pk) -> Jury:
    try:
        return Jury.objects.select_related("territory").get(pk=pk, status__in=PUBLIC_STATUSES)
    except (Jury.DoesNotExist, ValueError, TypeError):
        raise Http404("jury not found") from None


def public_juries(territory: Territory) -> QuerySet[Jury]:
    return Jury.objects.filter(
        territory__path__startswith=territory.path, status__in=PUBLIC_STATUSES
    ).select_related("territory")


def public_for(territory: Territory) -> list[dict]:
    """What the public site of ``territory`` shows: its announced juries, newest first."""
    return [
        {
            "title": jury.title,
            "date": timezone.localdate(jury.drawn_at or jury.announced_at),
            "url": reverse("juries:public", args=[jury.pk]),
            "status": jury.get_status_display(),
        }
        for jury in public_juries(territory)[:50]
    ]


def is_overdue(jury: Jury) -> bool:
    return (
        jury.status == JuryStatus.RECOMMENDED
        and jury.answer_due is not None
        and (jury.answer_due < timezone.localdate())
    )


@dataclass
class StratumRow:
    key: str
    settlement: str
    sex: str
    band: str
    pool: int
    seats: int
    invited: int
    accepted: int


def strata_table(jury: Jury) -> list[StratumRow]:
    """Per stratum: people in the pool, seats allocated, people invited and accepted (no names)."""
    counts = Counter(stratum for _token, stratum in jury.pool)
    seats = draw.allocate(counts, jury.size)
    codes = {key.split("|")[0] for key in counts}
    names = {t.code: t.name for t in Territory.objects.filter(code__in=codes)}
    members = list(jury.members.values_list("stratum", "status"))
    sexes = dict(Sex.choices)
    rows = []
    for key, n in sorted(counts.items()):
        code, sex, band = key.split("|")
        rows.append(
            StratumRow(
                key,
                names.get(code, code),
                str(sexes.get(sex, sex)),
                band,
                n,
                seats.get(key, 0),
                sum(1 for s, _st in members if s == key),
                sum(1 for s, st in members if s == key and st == MemberStatus.ACCEPTED),
            )
        )
    return rows


def members_of(jury: Jury) -> QuerySet[Member]:
    """Members for the public page: tokens, strata and responses only (the template shows no names)."""
    return jury.members.select_related("replaces").order_by("stratum", "pk")


def members_for(user, jury: Jury) -> QuerySet[Member]:
    """Members with their names and phones, for those allowed to see them."""
    if not has_perm(user, "jury.view_personal", jury.territory):
        return Member.objects.none()
    return jury.members.select_related("resident", "resident__settlement", "replaces").order_by(
        "stratum", "pk"
    )


def figures(jury: Jury) -> dict:
    statuses = Counter(jury.members.values_list("status", flat=True))
    return {
        "invited": sum(statuses.values()),
        "accepted": statuses[MemberStatus.ACCEPTED],
        "declined": statuses[MemberStatus.DECLINED],
        "waiting": statuses[MemberStatus.INVITED],
        "pool": len(jury.pool),
        "excluded": jury.excluded_count,
    }


def units_for(user) -> QuerySet[Territory]:
    """Rural districts and towns where ``user`` may hold a jury."""
    from auyl.territory.models import PRIMARY_LEVELS

    return scoped(
        Territory.objects.filter(level__in=PRIMARY_LEVELS, is_active=True),
        user,
        "jury.manage",
        path_field="path",
    ).order_by("path")


def published_draw(jury: Jury) -> dict:
    """What anyone needs to repeat the draw (``draw.ALGORITHM``): the frozen pool of pseudonymous tokens
    and strata with its hash, the public value and the seed, the tokens selected and the replacements.
    The same as the public page's ``pool.json``; no names, no resident ids."""
    members = list(members_of(jury))
    return {
        "algorithm": jury.algorithm,
        "size": jury.size,
        "age_bands": jury.age_bands,
        "seed_source": jury.seed_source,
        "public_value": jury.public_value,
        "seed": jury.seed,
        "pool_hash": jury.pool_hash,
        "pool": jury.pool,
        "selected": sorted(m.token for m in members if not m.replaces_id),
        "replacements": [[m.replaces.token, m.token] for m in members if m.replaces_id],
    }
