"""Reads of territories and residents. Resident reads are always scoped to the user's grants."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet, Sum
from django.http import Http404

from auyl.core.permissions import scoped

from .identifiers import normalize_phone
from .models import PRIMARY_LEVELS, Level, Office, Resident, ResidentMerge, Territory

MAX_QUERY = 100


def territory_by_code(code: str) -> Territory:
    if not re.fullmatch(r"\d{9}", code or ""):
        raise Http404("unknown territory code")
    try:
        return Territory.objects.select_related("parent").get(code=code, is_active=True)
    except Territory.DoesNotExist:
        raise Http404("unknown territory code") from None


def ancestors(territory: Territory) -> list[Territory]:
    codes = territory.ancestor_codes()
    by_code = {t.code: t for t in Territory.objects.filter(code__in=codes)}
    return [by_code[c] for c in codes if c in by_code]


def descendants(territory: Territory, *, level: str | None = None) -> QuerySet[Territory]:
    qs = Territory.objects.filter(path__startswith=territory.path, is_active=True).exclude(pk=territory.pk)
    return qs.filter(level=level) if level else qs


def search_territories(query: str = "", *, level: str | None = None, parent_code: str | None = None,
                       primary_only: bool = False, limit: int = 50) -> QuerySet[Territory]:
    """Units whose KATO code starts with ``query`` (digits) or whose name in any language contains it."""
    query = (query or "").strip()[:MAX_QUERY]
    qs = Territory.objects.filter(is_active=True)
    if level:
        if level not in Level.values:
            raise ValidationError("unknown level")
        qs = qs.filter(level=level)
    if primary_only:
        qs = qs.filter(level__in=PRIMARY_LEVELS)
    if parent_code:
        qs = qs.filter(parent__code=parent_code)
    if query.isdigit():
        qs = qs.filter(code__startswith=query)
    elif query:
        for word in query.split():
            qs = qs.filter(Q(name_kk__icontains=word) | Q(name_ru__icontains=word) | Q(name_en__icontains=word)
                           | Q(name_kk__icontains=word.capitalize()) | Q(name_ru__icontains=word.capitalize()))
    return qs.select_related("parent").order_by("path")[: max(1, min(limit, 500))]


def rural_district_page(code: str) -> dict:
    """Everything the public page of a primary unit shows."""
    territory = territory_by_code(code)
    if not territory.is_primary:
        raise Http404("not a rural district")
    settlements = list(
        descendants(territory, level=Level.SETTLEMENT).only("code", "name_kk", "name_ru", "name_en", "population")
    )
    office = Office.objects.filter(territory=territory).first()
    totals = descendants(territory, level=Level.SETTLEMENT).aggregate(pop=Sum("population"))
    return {
        "territory": territory,
        "ancestors": ancestors(territory),
        "office": office,
        "settlements": settlements,
        "settlement_population": totals["pop"],
    }


def residents_visible_to(user, action: str = "resident.view") -> QuerySet[Resident]:
    return scoped(Resident.objects.filter(is_active=True), user, action, path_field="territory_path")


def search_residents(user, query: str, *, limit: int = 50) -> QuerySet[Resident]:
    """Find residents by exact IIN, by phone, or by parts of the name, within the user's scope."""
    from .services import iin_lookup_hash

    qs = residents_visible_to(user).select_related("settlement")
    query = (query or "").strip()[:MAX_QUERY]
    if not query:
        return qs.order_by("search_name")[:limit]
    compact = re.sub(r"[\s\-()]", "", query)
    if re.fullmatch(r"\d{12}", compact):
        return qs.filter(iin_hash=iin_lookup_hash(compact))[:limit]
    if re.fullmatch(r"\+?\d{10,11}", compact):
        try:
            return qs.filter(phone=normalize_phone(compact))[:limit]
        except ValidationError:
            return qs.none()
    for word in query.casefold().split():
        qs = qs.filter(search_name__contains=word)
    return qs.order_by("search_name")[:limit]


def resident_for(user, pk: int, action: str = "resident.view") -> Resident:
    try:
        return residents_visible_to(user, action).select_related("settlement").get(pk=pk)
    except (Resident.DoesNotExist, ValueError, TypeError):
        raise Http404("resident not found") from None


def settlements_for(user, action: str = "resident.create") -> QuerySet[Territory]:
    return scoped(Territory.objects.filter(level__in=[Level.SETTLEMENT, Level.TOWN], is_active=True),
                  user, action, path_field="path").order_by("path")


def likely_duplicates(user, person: dict, *, limit: int = 10) -> QuerySet[Resident]:
    """Registered residents that may be the person about to be registered: same IIN, same phone,
    or same surname and first name in the same settlement."""
    from .services import iin_lookup_hash

    qs = residents_visible_to(user).select_related("settlement")
    condition = Q(pk__in=[])
    iin = re.sub(r"\s", "", person.get("iin") or "")
    if re.fullmatch(r"\d{12}", iin):
        condition |= Q(iin_hash=iin_lookup_hash(iin))
    phone = person.get("phone") or ""
    if phone:
        try:
            condition |= Q(phone=normalize_phone(phone))
        except ValidationError:
            pass
    last, first = (person.get("last_name") or "").strip(), (person.get("first_name") or "").strip()
    settlement = person.get("settlement")
    if last and first and settlement is not None:
        condition |= Q(search_name__startswith=f"{last} {first}".casefold(), settlement=settlement)
    return qs.filter(condition)[:limit]


def merges_into(resident: Resident) -> QuerySet[ResidentMerge]:
    """The duplicates merged into ``resident``, with who merged them (the caller already may see it)."""
    return ResidentMerge.objects.filter(kept=resident).select_related("merged", "merged_by")
