"""The public site: search and browse the territory, the page of each rural district.

Thin views: every read is in ``auyl.portal.selectors``; a bad or unknown code is a translated 404.
"""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from auyl.core import permissions

from . import selectors


@require_safe
def home(request):
    result = selectors.search_primary_units(request.GET.get("q"))
    return render(
        request,
        "portal/home.html",
        {
            "query": result.query,
            "result": result,
            "regions": selectors.regions(),
        },
    )


@require_safe
def territory(request, code):
    """A region, district or city and the units inside it; a primary unit goes to its own page."""
    unit = selectors.unit_by_code(code)
    if unit.is_primary:
        return redirect("portal:rural_district", code=unit.code)
    return render(request, "portal/territory.html", selectors.browse_page(unit))


@require_safe
def rural_district(request, code):
    unit = selectors.unit_by_code(code)
    if selectors.has_unit_page(unit):
        return redirect("portal:territory", code=unit.code)
    context = selectors.rural_district_page(unit)
    context["can_edit_office"] = permissions.has_perm(request.user, "territory.edit", unit)
    return render(request, "portal/rural_district.html", context)
