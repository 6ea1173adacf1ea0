"""Staff pages of the budget: the list, a year's budget with its next step, the draft's plan, actuals
(entered by period or imported from a file). Thin: every rule lives in the services and selectors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from auyl.core.forms import apply_errors as _apply_errors
from auyl.core.permissions import has_perm, require_perm

from . import assembly_link, forms, selectors, services, versions
from .execution import ActualEntry
from .figures import compute, period_label
from .imports import ImportRejected
from .models import Section, Status
from .opendata import IMPORT_COLUMNS, template_rows, to_csv


def _budget(request, code, year):
    territory = selectors.primary_unit(code)
    return selectors.budget_for(request.user, territory, year)


@login_required
def home(request):
    """The budgets the user may read, and opening a new year's budget."""
    if not selectors.units_for(request.user).exists():
        raise PermissionDenied(_("You do not have permission to do this here."))
    creatable = selectors.units_for(request.user, "budget.prepare")
    form = forms.CreateBudgetForm(request.POST or None, units=creatable)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            budget = services.create_budget(
                actor=request.user,
                territory=data["territory"],
                year=data["year"],
                period_kind=data["period_kind"],
                drafted_on=data["drafted_on"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request, _("The %(year)s budget is open: plan its lines.") % {"year": budget.year}
            )
            return redirect("budget:plan", code=budget.territory.code, year=budget.year)
    return render(
        request,
        "budget/staff_home.html",
        {
            "budgets": selectors.budgets_visible_to(request.user)[:200],
            "form": form,
            "can_create": creatable.exists(),
        },
    )


@dataclass
class Action:
    form: type
    service: Any
    version: str  # "current" (the open version), "in_force", or "any" (the open one, else the one in force)
    permission: str
    done: str


ACTIONS = {
    "publish": Action(
        forms.PublishForm,
        lambda actor, version, d: services.publish(
            actor=actor, version=version, published_on=d["published_on"]
        ),
        "current",
        "budget.prepare",
        gettext_lazy("The plan is published for discussion."),
    ),
    "agree": Action(
        forms.AgreementForm,
        lambda actor, version, d: services.record_agreement(
            actor=actor,
            version=version,
            agreed_on=d["agreed_on"],
            number=d["agreement_number"],
            meeting_id=d["agreement_meeting_id"],
            item_number=d["agreement_item_number"],
        ),
        "current",
        "budget.approve",
        gettext_lazy("The community meeting's agreement is recorded."),
    ),
    "approve": Action(
        forms.ApprovalForm,
        lambda actor, version, d: services.record_approval(
            actor=actor, version=version, approved_on=d["approved_on"], number=d["approval_number"]
        ),
        "current",
        "budget.approve",
        gettext_lazy("The maslikhat's approval is recorded."),
    ),
    "start": Action(
        forms.StartForm,
        lambda actor, version, d: services.start_execution(
            actor=actor, version=version, started_on=d["started_on"]
        ),
        "in_force",
        "budget.execute",
        gettext_lazy("Execution has started."),
    ),
    "close": Action(
        forms.CloseForm,
        lambda actor, version, d: services.close(actor=actor, version=version, closed_on=d["closed_on"]),
        "in_force",
        "budget.execute",
        gettext_lazy("The budget is closed."),
    ),
    "amend": Action(
        forms.AmendForm,
        lambda actor, version, d: services.start_amendment(
            actor=actor, budget=version.budget, reason=d["reason"], drafted_on=d["drafted_on"]
        ),
        "any",
        "budget.prepare",
        gettext_lazy("A new draft version is open: change its lines, then publish it."),
    ),
    "withdraw": Action(
        forms.WithdrawForm,
        lambda actor, version, d: services.withdraw_amendment(
            actor=actor, version=version, reason=d["reason"]
        ),
        "current",
        "budget.prepare",
        gettext_lazy("The amendment is withdrawn."),
    ),
}


def _form(name: str, budget, data=None):
    if name == "agree":
        return forms.AgreementForm(data, meetings=assembly_link.meeting_choices(budget.territory))
    return ACTIONS[name].form(data)


def _available(budget, user) -> list[str]:
    """The actions the user may take on the budget now, in the order of the path."""
    current, in_force = versions.open_version(budget), versions.version_in_force(budget)
    wanted = []
    if current is not None:
        wanted += {Status.DRAFT: ["publish"], Status.PUBLISHED: ["agree"], Status.AGREED: ["approve"]}[
            current.status
        ]
        if current.is_amendment and in_force is not None:
            wanted.append("withdraw")
    if in_force is not None and in_force.status == Status.APPROVED and current is None:
        wanted.append("start")
    if in_force is not None and in_force.status == Status.EXECUTING and current is None:
        wanted.append("close")
    if (current is None and in_force is not None and in_force.status != Status.CLOSED) or (
        current is not None and current.status != Status.DRAFT
    ):
        wanted.append("amend")
    return [name for name in wanted if has_perm(user, ACTIONS[name].permission, budget.territory)]


def _detail(request, budget, bound: dict | None = None, status: int = 200):
    in_force = versions.version_in_force(budget)
    current = versions.open_version(budget)
    action_forms = {name: _form(name, budget) for name in _available(budget, request.user)}
    action_forms.update(
        bound or {}
    )  # a refused step shows its form with the reasons, even if not offered now
    can_execute = has_perm(request.user, "budget.execute", budget.territory)
    return render(
        request,
        "budget/staff_detail.html",
        {
            "territory": budget.territory,
            "budget": budget,
            "in_force": in_force,
            "current": current,
            "year_text": str(budget.year),
            "next_period": _next_period(budget, in_force),
            "plan": compute(current) if current else None,
            "figures": compute(in_force) if in_force else None,
            "versions": selectors.staff_versions(budget),
            "history": selectors.history(budget, public=False),
            "forms": action_forms,
            "can_prepare": has_perm(request.user, "budget.prepare", budget.territory),
            "can_execute": can_execute and in_force is not None and in_force.status == Status.EXECUTING,
            "import_form": forms.ImportForm(),
            "changes": selectors.changes(current) if current else [],
            "periods": [(p, period_label(budget, p)) for p in range(1, budget.period_count + 1)],
        },
        status=status,
    )


def _next_period(budget, in_force) -> int:
    """The first period without actuals (for the import template link)."""
    if in_force is None:
        return 1
    reported = set(budget.actuals.values_list("period", flat=True))
    return next((p for p in range(1, budget.period_count + 1) if p not in reported), budget.period_count)


@login_required
def detail(request, code, year):
    return _detail(request, _budget(request, code, year))


@login_required
@require_POST
def act(request, code, year, name):
    budget = _budget(request, code, year)
    action = ACTIONS.get(name)
    if action is None:
        raise Http404("no such action")
    require_perm(request.user, action.permission, budget.territory)
    version = {
        "current": versions.open_version(budget),
        "in_force": versions.version_in_force(budget),
        "any": selectors.current_version(budget),
    }[action.version]
    form = _form(name, budget, request.POST)
    if version is None:
        form.add_error(None, _("This step is not possible now."))
    elif form.is_valid():
        try:
            action.service(request.user, version, form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, action.done)
            if name == "amend":
                return redirect("budget:plan", code=code, year=budget.year)
            return redirect("budget:staff_detail", code=code, year=budget.year)
    return _detail(request, budget, {name: form})


@login_required
@require_http_methods(["GET", "POST"])
def plan(request, code, year):
    """The draft's lines: one amount per revenue source and per programme."""
    budget = _budget(request, code, year)
    require_perm(request.user, "budget.prepare", budget.territory)
    draft = selectors.draft_of(budget)
    if draft is None:
        messages.info(request, _("There is no draft: to change the plan, open an amendment."))
        return redirect("budget:staff_detail", code=code, year=budget.year)
    form = forms.PlanForm(request.POST or None, version=draft)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_plan(
                actor=request.user,
                version=draft,
                revenue=form.amounts(Section.REVENUE),
                expenditure=form.amounts(Section.EXPENDITURE),
            )
        except ValidationError as exc:
            for key, errors in (
                exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
            ):
                name = key.replace(":", "__", 1) if key else None
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("The plan is saved."))
            return redirect("budget:staff_detail", code=code, year=budget.year)
    return render(
        request,
        "budget/plan.html",
        {
            "territory": budget.territory,
            "budget": budget,
            "draft": draft,
            "form": form,
            "figures": compute(draft),
        },
    )


def _period(request, budget) -> int:
    try:
        period = int(request.GET.get("period") or request.POST.get("period") or 1)
    except ValueError:
        raise Http404("no such period") from None
    if not 1 <= period <= budget.period_count:
        raise Http404("no such period")
    return period


@login_required
@require_http_methods(["GET", "POST"])
def actuals(request, code, year):
    """Actuals of one month or quarter, line by line (an empty field is not reported)."""
    budget = _budget(request, code, year)
    require_perm(request.user, "budget.execute", budget.territory)
    in_force = versions.version_in_force(budget)
    if in_force is None or in_force.status != Status.EXECUTING:
        messages.info(request, _("Actuals are recorded while the budget is being executed."))
        return redirect("budget:staff_detail", code=code, year=budget.year)
    period = _period(request, budget)
    computed = compute(in_force)
    lines = computed.revenue.lines + computed.expenditure.lines
    current = {(f.section, f.code): f.by_period[period] for f in lines if period in f.by_period}
    form = forms.ActualsForm(request.POST or None, lines=lines, current=current)
    if request.method == "POST" and form.is_valid():
        entries = [
            ActualEntry(
                f.section,
                f.code,
                period,
                form.cleaned_data[forms.field_name(f.section, f.code)],
                label=f"{period_label(budget, period)}, {f.name}",
            )
            for f in lines
            if form.cleaned_data.get(forms.field_name(f.section, f.code))
        ]
        try:
            result = services.record_actuals(actor=request.user, budget=budget, entries=entries)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Saved: %(n)s amounts changed.") % {"n": result.stored})
            return redirect("budget:staff_detail", code=code, year=budget.year)
    return render(
        request,
        "budget/actuals.html",
        {
            "territory": budget.territory,
            "budget": budget,
            "form": form,
            "period": period,
            "period_name": period_label(budget, period),
            "periods": [(p, period_label(budget, p)) for p in range(1, budget.period_count + 1)],
        },
    )


@login_required
@require_POST
def import_file(request, code, year):
    budget = _budget(request, code, year)
    require_perm(request.user, "budget.execute", budget.territory)
    form = forms.ImportForm(request.POST, request.FILES)
    row_errors = []
    if form.is_valid():
        try:
            result = services.import_actuals(
                actor=request.user, budget=budget, uploaded_file=form.cleaned_data["file"]
            )
        except ImportRejected as exc:
            row_errors = exc.row_errors
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request,
                _("Imported: %(created)s new amounts, %(changed)s changed, %(same)s unchanged.")
                % {"created": result.created, "changed": result.changed, "same": result.unchanged},
            )
            return redirect("budget:staff_detail", code=code, year=budget.year)
    return render(
        request,
        "budget/import.html",
        {"territory": budget.territory, "budget": budget, "form": form, "row_errors": row_errors},
    )


@login_required
def import_template(request, code, year):
    """A CSV to fill in: every line of the plan in force for one period."""
    budget = _budget(request, code, year)
    in_force = versions.version_in_force(budget)
    if in_force is None:
        raise Http404("no approved plan")
    period = _period(request, budget)
    response = HttpResponse(
        to_csv(IMPORT_COLUMNS, template_rows(in_force, period)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="actuals-{budget.territory.code}-{budget.year}.csv"'
    )
    return response
