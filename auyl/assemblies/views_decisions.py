"""Staff pages for every decision awaiting follow-up, wherever it was taken: a meeting's agenda item or
a body outside a meeting (a binding local referendum, a recall initiative). The register lists them
with the akim's deadlines; one page per decision carries the akim's response and the record of it
being carried out. The per-meeting follow-up page (``views_minutes``) shows the same decisions.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .followup import may
from .forms import CompleteForm, RespondForm
from .models import DecisionStatus
from .views import apply_errors

PAGE_SIZE = 50


@login_required
def register(request):
    """Decisions within the user's territories, filterable by status, late responses and escalations."""
    status = request.GET.get("status", "")
    status = status if status in DecisionStatus.values else ""
    overdue = request.GET.get("overdue") == "1"
    escalated = True if request.GET.get("escalated") == "1" else None
    decisions = selectors.decisions_visible_to(
        request.user, status=status or None, overdue=overdue, escalated=escalated
    )
    page = Paginator(decisions, PAGE_SIZE).get_page(request.GET.get("page"))
    filters = {
        k: v
        for k, v in {"status": status, "overdue": overdue and "1", "escalated": escalated and "1"}.items()
        if v
    }
    context = {
        "page": page,
        "query": urlencode(filters),
        "status": status,
        "overdue": overdue,
        "escalated": bool(escalated),
        "statuses": DecisionStatus.choices,
    }
    return render(request, "assemblies/decisions.html", context)


def followup_forms(user, decision, bound: dict | None = None) -> tuple:
    """The response and completion forms the user may fill for ``decision`` now (or None)."""
    bound = bound or {}
    respond = complete = None
    if decision.status == DecisionStatus.AWAITING_RESPONSE and may(user, "assemblies.respond", decision):
        respond = bound.get(("respond", decision.pk)) or RespondForm(auto_id=f"respond{decision.pk}_%s")
    if decision.status == DecisionStatus.IN_PROGRESS and may(user, "assemblies.track", decision):
        complete = bound.get(("complete", decision.pk)) or CompleteForm(auto_id=f"complete{decision.pk}_%s")
    return respond, complete


def _render(request, decision, bound: dict | None = None, status: int = 200):
    respond, complete = followup_forms(request.user, decision, bound)
    context = {"d": decision, "respond": respond, "complete": complete}
    return render(request, "assemblies/decision.html", context, status=status)


@login_required
def decision(request, pk: int):
    return _render(request, selectors.decision_for(request.user, pk))


@login_required
@require_POST
def respond(request, pk: int):
    decision = selectors.decision_for(request.user, pk)
    form = RespondForm(request.POST, auto_id=f"respond{decision.pk}_%s")
    if form.is_valid():
        try:
            services.respond_to_decision(actor=request.user, decision=decision, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The response is recorded and published."))
            return redirect("assemblies:decision", pk=decision.pk)
    return _render(request, decision, bound={("respond", decision.pk): form})


@login_required
@require_POST
def complete(request, pk: int):
    decision = selectors.decision_for(request.user, pk)
    form = CompleteForm(request.POST, auto_id=f"complete{decision.pk}_%s")
    if form.is_valid():
        try:
            services.complete_decision(actor=request.user, decision=decision, note=form.cleaned_data["note"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The decision is recorded as carried out."))
            return redirect("assemblies:decision", pk=decision.pk)
    return _render(request, decision, bound={("complete", decision.pk): form})
