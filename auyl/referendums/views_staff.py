"""Staff pages: the list, registering a question, and one question's management page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from auyl.core.forms import apply_errors
from auyl.core.permissions import has_perm, require_perm

from . import selectors, services
from .forms import CancelForm, EntryForm, QuestionForm, ScheduleForm
from .models import Status
from .voting import collecting_open, voting_open


@login_required
def home(request):
    require_perm(request.user, "referendums.view")
    status = request.GET.get("status", "")
    rows = list(selectors.visible_to(request.user, status=status)[:200])
    context = {
        "rows": rows,
        "statuses": Status.choices,
        "status": status,
        "can_manage": has_perm(request.user, "referendums.manage"),
    }
    return render(request, "referendums/staff/home.html", context)


@login_required
def create(request):
    require_perm(request.user, "referendums.manage")
    form = QuestionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.create_question(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The question is registered."))
            return redirect("referendums:manage", pk=made.pk)
    return render(request, "referendums/staff/form.html", {"form": form})


def _page(request, referendum, **forms):
    query = request.GET.get("q", "").strip()
    user = request.user
    context = {
        "r": referendum,
        "label": selectors.status_label(referendum),
        "collecting": collecting_open(referendum),
        "voting": voting_open(referendum),
        "can_manage": has_perm(user, "referendums.manage", referendum.territory),
        "can_enter": has_perm(user, "referendums.enter", referendum.territory),
        "signatures": list(selectors.signatures_of(user, referendum)[:500]),
        "turnout": list(selectors.turnout_of(user, referendum)[:500]),
        "query": query,
        "found": selectors.find_residents(user, referendum, query) if query else [],
        "decision": selectors.followup_of(referendum),
        "schedule_form": forms.get("schedule_form") or ScheduleForm(),
        "cancel_form": forms.get("cancel_form") or CancelForm(),
        "entry_form": forms.get("entry_form") or EntryForm(),
    }
    return render(request, "referendums/staff/manage.html", context, status=400 if forms else 200)


@login_required
def manage(request, pk: int):
    return _page(request, selectors.referendum_for(request.user, pk))


def _post(request, pk: int, form_class, name: str, call, done: str):
    referendum = selectors.referendum_for(request.user, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            call(referendum, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("referendums:manage", pk=pk)
    return _page(request, referendum, **{name: form})


@login_required
@require_POST
def schedule(request, pk: int):
    return _post(
        request,
        pk,
        ScheduleForm,
        "schedule_form",
        lambda r, d: services.schedule_vote(actor=request.user, referendum=r, **d),
        _("The voting days are set."),
    )


@login_required
@require_POST
def cancel(request, pk: int):
    return _post(
        request,
        pk,
        CancelForm,
        "cancel_form",
        lambda r, d: services.cancel(actor=request.user, referendum=r, reason=d["reason"]),
        _("The question is cancelled."),
    )


@login_required
@require_POST
def declare(request, pk: int):
    referendum = selectors.referendum_for(request.user, pk)
    try:
        services.declare_result(actor=request.user, referendum=referendum)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The result is declared."))
    return redirect("referendums:manage", pk=pk)


def _enter(user, referendum, data):
    resident = selectors.resident_for_entry(user, referendum, data["resident"])
    if referendum.status == Status.COLLECTING:
        return services.record_paper_signature(actor=user, referendum=referendum, resident=resident)
    return services.record_polling_ballot(
        actor=user,
        referendum=referendum,
        resident=resident,
        choice=data["choice"],
        polling_point=data["polling_point"],
    )


@login_required
@require_POST
def enter(request, pk: int):
    return _post(
        request,
        pk,
        EntryForm,
        "entry_form",
        lambda r, d: _enter(request.user, r, d),
        _("The entry is recorded."),
    )
