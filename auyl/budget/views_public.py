"""Public pages of a rural district's budget: where the money comes from and where it goes, execution,
the approval history, the "1+1" incentive, residents' questions on a line, open data. Thin: reads come
from selectors, the one write (a question) from a service."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from . import figures, opendata, selectors, services
from .catalogue import line_name
from .forms import AskForm, new_token
from .incentive import incentive_for
from .models import Section

CSV_TYPE = "text/csv; charset=utf-8"


def _public(code: str, year):
    territory = selectors.primary_unit(code)
    budget = selectors.public_budget(territory, year)
    return territory, budget, selectors.public_version(budget)


def overview(request, code):
    """The rural district's budget: this year's when published, else the latest one published."""
    territory = selectors.primary_unit(code)
    budgets = selectors.public_budgets(territory)
    if not budgets:
        return render(request, "budget/none.html", {"territory": territory})
    this_year = timezone.localdate().year
    chosen = next((b for b in budgets if b.year == this_year), budgets[0])
    return redirect("budget:public_year", code=code, year=chosen.year)


def year_page(request, code, year):
    territory, budget, version = _public(code, year)
    computed = figures.compute(version)
    return render(
        request,
        "budget/public_year.html",
        {
            "territory": territory,
            "budget": budget,
            "version": version,
            "figures": computed,
            "revenue_chart": figures.by_size(computed.revenue.lines),
            "expenditure_chart": figures.by_size(computed.expenditure.lines),
            "years": selectors.public_budgets(territory),
            "history": selectors.history(budget),
            "versions": selectors.public_versions(budget),
            "amendment": selectors.open_amendment(budget),
            "incentive": incentive_for(territory, budget.year),
        },
    )


def version_page(request, code, year, number):
    territory, budget, shown = _public(code, year)
    version = selectors.public_version_by_number(budget, number)
    computed = figures.compute(version, actuals={})
    return render(
        request,
        "budget/public_version.html",
        {
            "territory": territory,
            "budget": budget,
            "version": version,
            "figures": computed,
            "changes": selectors.changes(version),
            "shown": shown,
            "history": [entry for entry in selectors.history(budget) if entry.version.pk == version.pk],
        },
    )


def incentive_page(request, code, year):
    territory, budget, _version = _public(code, year)
    return render(
        request,
        "budget/incentive.html",
        {"territory": territory, "budget": budget, "incentive": incentive_for(territory, budget.year)},
    )


@require_http_methods(["GET", "POST"])
def ask(request, code, year, section, line):
    """A signed-in resident asks about one line; the question is registered as an appeal."""
    territory, budget, version = _public(code, year)
    if section not in Section.values:
        raise Http404("no such section")
    budget_line = selectors.line_of(version, section, line)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("accounts:resident_login"))
    resident = getattr(request.user, "resident", None)
    form = AskForm(request.POST or None, initial={"token": new_token()})
    context = {
        "territory": territory,
        "budget": budget,
        "line": budget_line,
        "form": form,
        "name": line_name(budget_line.section, budget_line.code, budget_line.programme),
        "no_resident": resident is None,
    }
    if request.method == "POST" and resident is not None and form.is_valid():
        try:
            appeal, tracking = services.ask_about_line(
                actor=request.user,
                budget=budget,
                line=budget_line,
                text=form.cleaned_data["text"],
                token=form.cleaned_data["token"],
            )
        except ValidationError as exc:
            form.add_error(
                "text" if hasattr(exc, "error_dict") and "text" in exc.error_dict else None, exc.messages
            )
        else:
            return render(request, "budget/asked.html", {**context, "appeal": appeal, "tracking": tracking})
    return render(request, "budget/ask.html", context)


def _download(content: str, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    return response


def lines_csv(request, code, year):
    territory, budget, version = _public(code, year)
    return _download(
        opendata.to_csv(opendata.LINE_COLUMNS, opendata.line_rows(version)),
        f"budget-{territory.code}-{budget.year}-lines.csv",
        CSV_TYPE,
    )


def actuals_csv(request, code, year):
    territory, budget, _version = _public(code, year)
    return _download(
        opendata.to_csv(opendata.ACTUAL_COLUMNS, opendata.actual_rows(budget)),
        f"budget-{territory.code}-{budget.year}-actuals.csv",
        CSV_TYPE,
    )


def budget_json(request, code, year):
    territory, budget, _version = _public(code, year)
    response = JsonResponse(opendata.document(budget), json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def open_data_doc(request):
    return render(
        request,
        "budget/open_data.html",
        {"line_columns": opendata.LINE_COLUMNS, "actual_columns": opendata.ACTUAL_COLUMNS},
    )
