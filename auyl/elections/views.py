"""Public pages of akim elections: a district's elections with results, the reports and their exports.

Staff pages (recording an election) are in :mod:`.views_staff`. Thin: every rule lives in services,
selectors and reports.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render

from auyl.territory import selectors as territory_selectors

from . import exports, reports, selectors


def _unit(code: str):
    territory = territory_selectors.territory_by_code(code)
    if not territory.is_primary:
        raise Http404("not a rural district")
    return territory


def _download(document, fmt: str) -> HttpResponse:
    if fmt not in exports.FORMATS:
        raise Http404("unknown format")
    content, content_type, filename = exports.export(document, fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def district(request, code):
    territory = _unit(code)
    return render(
        request,
        "elections/district.html",
        {"territory": territory, "elections": selectors.public_elections(territory)},
    )


def election(request, code, pk):
    territory = _unit(code)
    view = selectors.public_election(territory, pk)
    return render(request, "elections/election.html", {"territory": territory, "view": view, "staff": False})


def election_export(request, code, pk, fmt):
    territory = _unit(code)
    view = selectors.public_election(territory, pk)
    if view.tally is None:
        raise Http404("no final results yet")
    return _download(exports.election_document(view), fmt)


def _year(request, years: list[int]) -> int | None:
    try:
        wanted = int(request.GET.get("year", ""))
    except ValueError:
        wanted = None
    return wanted if wanted in years else (years[0] if years else None)


def report(request):
    years = reports.years_with_data()
    year = _year(request, years)
    return render(
        request,
        "elections/report.html",
        {"years": years, "year": year, "report": reports.election_report(year) if year else None},
    )


def report_export(request, year, fmt):
    if year not in reports.years_with_data():
        raise Http404("no data for this year")
    return _download(exports.report_document(reports.election_report(year)), fmt)
