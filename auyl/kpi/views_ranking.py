"""Staff pages of the evaluation: where to start (the units one may rank and one's own scorecards) and
the ranking of the rural districts within a district or a region, with the quarter-on-quarter trend.

Rankings are for supervisors: the engine refuses (PermissionDenied -> 403) a reader without
``kpi.rank`` on the district or region.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from auyl.core.permissions import is_staff_member
from auyl.territory import selectors as territory_selectors

from . import selectors
from . import views_display as display
from .views import refuse


def _own_units(user) -> list:
    """The reader's own rural districts, when the engine offers that read (see KP-needs-from-K)."""
    units_for = getattr(selectors, "units_for", None)
    return list(units_for(user)) if units_for else []


@require_safe
@login_required
def home(request):
    """A supervisor's or akim's start: the districts and regions to rank, the scorecards of one's units."""
    if not is_staff_member(request.user):
        raise PermissionDenied(_("You do not have permission to do this here."))
    period = display.last_complete_quarter()
    return render(
        request,
        "kpi/home.html",
        {
            "parents": selectors.rankable_parents(request.user),
            "units": _own_units(request.user),
            "period": period,
            "period_label": display.quarter_label(period),
        },
    )


@require_safe
@login_required
def ranking_latest(request, code):
    territory = territory_selectors.territory_by_code(code)
    period = display.last_complete_quarter()
    return redirect("kpi:ranking", code=territory.code, year=period.year, quarter=period.quarter)


@require_safe
@login_required
def ranking(request, code, year, quarter):
    """The rural districts of a district or region, best composite first, with trend and coverage."""
    parent = territory_selectors.territory_by_code(code)
    period = display.period_or_404(year, quarter)
    try:
        table = selectors.ranking(request.user, parent, period)
    except ValidationError as exc:
        return refuse(request, exc)
    # Each row names its district: one query for all of them (a no-op if the engine already joined them).
    prefetch_related_objects([row.territory for row in table.rows], "parent")
    rankable = {unit.pk for unit in selectors.rankable_parents(request.user)}
    trail = [unit for unit in territory_selectors.ancestors(parent) if unit.pk in rankable]
    return render(
        request,
        "kpi/ranking.html",
        {
            "parent": parent,
            "trail": trail,
            "up": trail[-1] if trail else None,
            "period": period,
            "period_label": display.quarter_label(period),
            "previous_label": display.quarter_label(period.previous()),
            "periods": display.period_links(
                "kpi:ranking", parent.code, selectors.periods_available(parent), period
            ),
            "table": table,
            "rows": [_row(row, parent) for row in table.rows],
            "districts": _districts(table, parent),
            "ranked": sum(1 for row in table.rows if row.rank is not None),
        },
    )


def _row(row, parent) -> dict:
    unit = row.territory
    district = unit.parent if unit.parent_id != parent.pk else None
    return {
        "unit": unit,
        "district": district,
        "rank": row.rank,
        "score": display.score_text(row.composite),
        "width": display.width(row.composite),
        "level": display.level(row.composite),
        "previous": display.score_text(row.previous_composite),
        "trend": display.trend(row.trend),
        "coverage": display.number(100 * row.coverage),
        "council": display.score_text(row.council_composite),
    }


def _districts(table, parent) -> list:
    """In a region's ranking, the districts it can be narrowed to (each once, by name)."""
    seen, out = set(), []
    for row in table.rows:
        district = row.territory.parent
        if district is None or district.pk == parent.pk or district.pk in seen:
            continue
        seen.add(district.pk)
        out.append(district)
    return sorted(out, key=lambda unit: unit.name)
