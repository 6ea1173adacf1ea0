"""The quarterly Decree No. 826 report: the page (territory, period, akim level) and its XLSX and PDF files.
Thin: parse the query string, ask :mod:`.report`, render or export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render

from auyl.core.permissions import require_perm

from . import exports
from .forms import ReportForm
from .report import ACTION, decree_826_report


def _report(request):
    """The form over its defaults (the first visit already shows a report) and the report, or None."""
    form = ReportForm(request.user)
    form = ReportForm(request.user, form.defaults | request.GET.dict())
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    try:
        return form, decree_826_report(
            request.user, data["territory"], data["year"], data["quarter"], data["level"]
        )
    except ValidationError as exc:
        form.add_error(None, exc.messages)
        return form, None


@login_required
def report(request):
    require_perm(request.user, ACTION)
    form, result = _report(request)
    return render(
        request,
        "reporting/report.html",
        {"form": form, "report": result, "query": request.GET.urlencode()},
        status=200 if result is not None else 400,
    )


@login_required
def download(request, fmt: str):
    """The report as a file; with bad parameters, the page that says what is wrong."""
    require_perm(request.user, ACTION)
    if fmt not in exports.FORMATS:
        raise Http404("unknown format")
    form, result = _report(request)
    if result is None:
        return render(
            request,
            "reporting/report.html",
            {"form": form, "report": None, "query": request.GET.urlencode()},
            status=400,
        )
    content, content_type, name = exports.export(result, fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
