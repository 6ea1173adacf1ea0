"""Territories (public) and residents (staff, permission-scoped) over JSON."""

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Query, Router
from ninja.security import django_auth

from auyl.core.permissions import require_perm

from . import selectors, services
from .models import Level, Office, Territory
from .schemas import ErrorOut, ResidentIn, ResidentOut, ResidentPatch, TerritoryDetailOut, TerritoryOut

territories_router = Router(tags=["territories"])
residents_router = Router(tags=["residents"], auth=django_auth)

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@territories_router.get("/", response={200: list[TerritoryOut], **ERRORS})
def list_territories(request, q: str = "", level: str | None = None, parent: str | None = None,
                     limit: int = Query(50, ge=1, le=500)):
    """Search units by KATO code prefix or by name (any language); filter by level or parent code."""
    if level and level not in Level.values:
        raise ValidationError(f"unknown level {level!r}; one of: {', '.join(Level.values)}")
    return list(selectors.search_territories(q, level=level, parent_code=parent, limit=limit))


@territories_router.get("/{code}", response={200: TerritoryDetailOut, **ERRORS})
def territory_detail(request, code: str):
    territory = selectors.territory_by_code(code)
    return {
        **TerritoryOut.from_orm(territory).dict(),
        "ancestors": selectors.ancestors(territory),
        "children": list(territory.children.filter(is_active=True).select_related("parent")),
        "office": Office.objects.filter(territory=territory).first(),
    }


@residents_router.get("/", response={200: list[ResidentOut], **ERRORS})
def list_residents(request, q: str = "", limit: int = Query(50, ge=1, le=200)):
    """Residents within the caller's territories, by exact IIN, phone, or parts of the name."""
    require_perm(request.user, "resident.view")
    return list(selectors.search_residents(request.user, q, limit=limit))


@residents_router.get("/{resident_id}", response={200: ResidentOut, **ERRORS})
def get_resident(request, resident_id: int):
    return selectors.resident_for(request.user, resident_id)


def _settlement(code: str) -> Territory:
    try:
        return selectors.territory_by_code(code)
    except Http404:
        raise ValidationError({"settlement_code": [f"unknown territory code {code!r}"]}) from None


@residents_router.post("/", response={201: ResidentOut, **ERRORS})
def create_resident(request, payload: ResidentIn):
    data = payload.dict()
    settlement = _settlement(data.pop("settlement_code"))
    resident = services.register_resident(actor=request.user, settlement=settlement, **data)
    return 201, resident


@residents_router.patch("/{resident_id}", response={200: ResidentOut, **ERRORS})
def update_resident(request, resident_id: int, payload: ResidentPatch):
    resident = selectors.resident_for(request.user, resident_id)
    data = payload.dict(exclude_none=True)
    settlement = _settlement(data.pop("settlement_code")) if "settlement_code" in data else None
    return services.update_resident(actor=request.user, resident=resident, settlement=settlement, **data)
