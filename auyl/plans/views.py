"""Staff pages of development plans: the list, a new plan, one plan with its indicators (added from the
keyboard, progress typed into the table), one indicator with its history. Thin: parse a form, call a
service or a selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from auyl.core.forms import apply_errors
from auyl.core.permissions import has_perm, require_perm

from . import selectors, services
from .forms import IndicatorForm, LinkForm, PlanEditForm, PlanForm, ProgressForm
from .services_progress import Entry
from .views_util import batch_form, batch_values

MANAGE, PROGRESS = "plans.manage", "plans.progress"


@login_required
def staff_home(request):
    require_perm(request.user, "plans.view")
    return render(
        request,
        "plans/staff_home.html",
        {"plans": selectors.plans_visible_to(request.user), "can_create": has_perm(request.user, MANAGE)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_new(request):
    require_perm(request.user, MANAGE)
    form = PlanForm(selectors.units_for(request.user), request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.create_plan(actor=request.user, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The plan is created. Now add its indicators."))
            return redirect(reverse("plans:detail", args=[plan.pk]) + "#add-indicator")
    return render(request, "plans/plan_new.html", {"form": form})


def _detail_context(request, plan, **forms) -> dict:
    user = request.user
    can_manage = selectors.can(user, MANAGE, plan)
    rows = selectors.rows_of(plan)
    inputs = selectors.link_choices(user, plan)
    return {
        "plan": plan,
        "rows": rows,
        "counts": selectors.status_counts(rows),
        "can_manage": can_manage,
        "can_progress": selectors.can(user, PROGRESS, plan),
        "indicator_form": forms.get("indicator_form") or IndicatorForm(inputs),
        "input_groups": selectors.grouped(inputs),
        "input_urls": {item.key: item.url for item in inputs},
        "territory": selectors.primary_unit_of(plan.territory),
        "batch_form": forms.get("batch_form") or batch_form(),
        "batch_errors": forms.get("batch_errors") or {},
        "batch_values": forms.get("batch_values") or {},
        "public_code": selectors.public_url_code(plan) if plan.is_published else "",
        "today": timezone.localdate(),
    }


@login_required
def plan_detail(request, pk):
    plan = selectors.plan_for(request.user, pk)
    return render(request, "plans/plan_detail.html", _detail_context(request, plan))


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk):
    plan = selectors.plan_for(request.user, pk, MANAGE)
    form = PlanEditForm(request.POST or None, initial=PlanEditForm.initial_from(plan))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_plan(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The plan is changed."))
            return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/plan_edit.html", {"form": form, "plan": plan})


@login_required
@require_POST
def plan_publish(request, pk):
    plan = selectors.plan_for(request.user, pk, MANAGE)
    try:
        services.publish_plan(actor=request.user, plan=plan)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The plan is published on the rural district's page."))
    return redirect("plans:detail", pk=plan.pk)


@login_required
@require_POST
def indicator_add(request, pk):
    plan = selectors.plan_for(request.user, pk, MANAGE)
    form = IndicatorForm(selectors.link_choices(request.user, plan), request.POST)
    if form.is_valid():
        try:
            indicator = services.add_indicator(
                actor=request.user, plan=plan, input_key=form.cleaned_data["input"], **form.service_data()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Indicator %(n)s is added.") % {"n": indicator.number})
            return redirect(reverse("plans:detail", args=[plan.pk]) + "#add-indicator")
    return render(
        request, "plans/plan_detail.html", _detail_context(request, plan, indicator_form=form), status=400
    )


@login_required
@require_POST
def progress_batch(request, pk):
    plan = selectors.plan_for(request.user, pk, PROGRESS)
    form = batch_form(request.POST)
    values = batch_values(request.POST, plan)
    errors: dict = {}
    if form.is_valid():
        day = form.cleaned_data["measured_on"]
        entries = [Entry(indicator, value, day, note) for indicator, value, note in values["entries"]]
        try:
            saved = services.record_progress_many(actor=request.user, entries=entries)
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        else:
            messages.success(request, _("Progress is recorded for %(n)s indicators.") % {"n": len(saved)})
            return redirect(reverse("plans:detail", args=[plan.pk]) + "#progress")
    context = _detail_context(
        request, plan, batch_form=form, batch_errors=errors, batch_values=values["typed"]
    )
    return render(request, "plans/plan_detail.html", context, status=400)


def _indicator_context(request, indicator, **forms) -> dict:
    user, plan = request.user, indicator.plan
    can_manage = selectors.can(user, MANAGE, plan)
    source = None
    if indicator.input_kind:
        unit = selectors.primary_unit_of(plan.territory)
        source = selectors.find_input(unit, indicator.input_kind, indicator.input_id, user=user)
    return {
        "indicator": indicator,
        "plan": plan,
        "row": selectors.row_of(indicator),
        "history": selectors.history_of(indicator),
        "input_urls": {source.key: source.url} if source else {},
        "can_manage": can_manage,
        "can_progress": selectors.can(user, PROGRESS, plan),
        "progress_form": forms.get("progress_form") or ProgressForm(),
        "link_form": forms.get("link_form")
        or LinkForm(
            selectors.link_choices(user, plan) if can_manage else [],
            initial={"input": f"{indicator.input_kind}:{indicator.input_id}" if indicator.input_kind else ""},
        ),
    }


@login_required
def indicator_detail(request, pk):
    indicator = selectors.indicator_for(request.user, pk)
    return render(request, "plans/indicator.html", _indicator_context(request, indicator))


@login_required
@require_POST
def indicator_progress(request, pk):
    indicator = selectors.indicator_for(request.user, pk, PROGRESS)
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            services.record_progress(actor=request.user, indicator=indicator, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Progress is recorded."))
            return redirect("plans:indicator", pk=indicator.pk)
    context = _indicator_context(request, indicator, progress_form=form)
    return render(request, "plans/indicator.html", context, status=400)


@login_required
@require_POST
def indicator_link(request, pk):
    indicator = selectors.indicator_for(request.user, pk, MANAGE)
    form = LinkForm(selectors.link_choices(request.user, indicator.plan), request.POST)
    if form.is_valid():
        try:
            services.link_input(actor=request.user, indicator=indicator, input_key=form.cleaned_data["input"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The link is saved."))
            return redirect("plans:indicator", pk=indicator.pk)
    context = _indicator_context(request, indicator, link_form=form)
    return render(request, "plans/indicator.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request, pk):
    indicator = selectors.indicator_for(request.user, pk, MANAGE)
    form = IndicatorForm((), request.POST or None, initial=IndicatorForm.initial_from(indicator))
    del form.fields["input"]  # the link has its own form on the indicator's page
    if request.method == "POST" and form.is_valid():
        try:
            services.update_indicator(actor=request.user, indicator=indicator, **form.service_data())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The indicator is changed."))
            return redirect("plans:indicator", pk=indicator.pk)
    return render(
        request, "plans/indicator_edit.html", {"form": form, "indicator": indicator, "plan": indicator.plan}
    )
