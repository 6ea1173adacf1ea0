"""Report pages: the official forms and the applicant summary for a period, the monthly analysis, and
their downloads (CSV, XLSX, PDF). Thin: parse the query string, ask :mod:`.reports`, render or export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.core.permissions import has_perm

from . import exports, reports
from .forms_reports import MonthForm, PeriodForm


def _require_reporter(user) -> None:
    if not has_perm(user, reports.ACTION):
        raise PermissionDenied(_("You do not have permission to do this here."))


def _data(request, form_class) -> dict:
    """The query string over defaults, so that the first visit already shows a report."""
    user_form = form_class(request.user)
    defaults = {name: field.initial for name, field in user_form.fields.items() if field.initial is not None}
    defaults |= {k: v for k, v in user_form.initial.items() if v is not None}
    choices = list(user_form.fields["territory"].choices)
    if choices:
        defaults.setdefault("territory", choices[0][0])
    for name, value in defaults.items():
        defaults[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return defaults | request.GET.dict()


def _period_report(request):
    form = PeriodForm(request.user, _data(request, PeriodForm))
    if not form.is_valid():
        return form, None, None
    data = form.cleaned_data
    try:
        table = reports.form_table(request.user, data["territory"], form.periods(), data["form"], data["channel"])
        summary = reports.applicant_summary(request.user, data["territory"], data["date_from"], data["date_to"])
    except ValidationError as exc:
        form.add_error(None, exc)
        return form, None, None
    return form, table, summary


def _month_report(request):
    form = MonthForm(request.user, _data(request, MonthForm))
    if not form.is_valid():
        return form, None
    year, month = form.cleaned_data["month"]
    return form, reports.monthly_analysis(request.user, form.cleaned_data["territory"], year, month)


@login_required
def index(request):
    _require_reporter(request.user)
    form, table, summary = _period_report(request)
    return render(request, "appeals/reports/index.html", {
        "form": form, "table": table, "summary": summary, "query": request.GET.urlencode(),
    }, status=200 if table is not None or not request.GET else 400)


@login_required
def monthly(request):
    _require_reporter(request.user)
    form, analysis = _month_report(request)
    return render(request, "appeals/reports/monthly.html", {
        "form": form, "analysis": analysis, "query": request.GET.urlencode(), "today": timezone.localdate(),
    }, status=200 if analysis is not None or not request.GET else 400)


@login_required
def download(request, report: str, fmt: str):
    """One report as a file; with bad parameters, the page that explains what is wrong."""
    _require_reporter(request.user)
    if fmt not in exports.FORMATS or report not in ("form", "applicants", "monthly"):
        raise Http404("unknown report or format")
    if report == "monthly":
        form, analysis = _month_report(request)
        if analysis is None:
            return monthly(request)
        document = exports.monthly_document(analysis)
    else:
        form, table, summary = _period_report(request)
        if table is None:
            return index(request)
        document = exports.form_document(table) if report == "form" else exports.summary_document(summary)
    content, content_type, filename = exports.export(document, fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
