"""Staff pages: schedule an election, record candidates, the commission's decisions and station protocols,
then close the count (the winner is computed). One page per election; each form posts its ``action``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from auyl.core.forms import apply_errors as _apply_errors
from auyl.core.permissions import has_perm, require_perm, scope_q
from auyl.territory.models import PRIMARY_LEVELS, Territory

from . import selectors, services
from .forms import CandidateForm, DecisionForm, ScheduleForm, StationForm
from .models import CandidateStatus


def _units(user):
    return (
        Territory.objects.filter(level__in=PRIMARY_LEVELS, is_active=True)
        .filter(scope_q(user, "elections.manage", "path"))
        .order_by("name_kk")
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_home(request):
    require_perm(request.user, "elections.view")
    can_schedule = has_perm(request.user, "elections.manage")
    form = ScheduleForm(request.POST or None, units=_units(request.user)) if can_schedule else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            election = services.schedule_election(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The election is recorded."))
            return redirect("elections:manage", pk=election.pk)
    elections = list(selectors.elections_visible_to(request.user)[:300])
    return render(request, "elections/staff_home.html", {"elections": elections, "form": form})


def _decision_forms(view, data, posted_for):
    return {
        c.pk: DecisionForm(
            data if posted_for == c.pk else None,
            prefix=f"d{c.pk}",
            initial={"decision_date": view.election.nomination_end},
        )
        for c in view.candidates
        if c.status == CandidateStatus.NOMINATED
    }


def _handle(request, view, forms, action: str):
    """Run the posted action; True when it succeeded (the page then redirects)."""
    election, user = view.election, request.user
    if action == "nominate" and forms["candidate"].is_valid():
        return _call(
            request,
            forms["candidate"],
            services.nominate_candidate,
            _("The nomination is recorded."),
            actor=user,
            election=election,
            **forms["candidate"].cleaned_data,
        )
    if action.startswith("decide-"):
        form = forms["decisions"].get(_int(action[7:]))
        if form is not None and form.is_valid():
            candidate = selectors.candidate_for(user, election, action[7:])
            return _call(
                request,
                form,
                services.decide_registration,
                _("The commission's decision is recorded."),
                actor=user,
                candidate=candidate,
                **form.cleaned_data,
            )
    if action == "station" and forms["station"].is_valid():
        data = {k: v for k, v in forms["station"].cleaned_data.items() if not k.startswith("votes_")}
        return _call(
            request,
            forms["station"],
            services.record_station_result,
            _("The station's results are recorded."),
            actor=user,
            election=election,
            votes=forms["station"].votes(),
            **data,
        )
    if action == "finalize":
        try:
            services.finalize_results(actor=user, election=election)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return False
        messages.success(
            request, _("The results are final; the outcome is computed from the stations' protocols.")
        )
        return True
    return False


def _int(value):
    try:
        return int(value)
    except ValueError:
        return None


def _call(request, form, service, done: str, **kwargs) -> bool:
    try:
        service(**kwargs)
    except ValidationError as exc:
        _apply_errors(form, exc)
        return False
    messages.success(request, done)
    return True


@login_required
@require_http_methods(["GET", "POST"])
def manage(request, pk):
    view = selectors.staff_election(request.user, pk)
    can_manage = selectors.can_manage(request.user, view.election) and not view.election.is_final
    action = request.POST.get("action", "") if request.method == "POST" else ""
    data = request.POST if action else None
    registered = [c for c in view.candidates if c.status == CandidateStatus.REGISTERED]
    forms = {
        "candidate": CandidateForm(data if action == "nominate" else None, prefix="c"),
        "decisions": _decision_forms(view, data, _int(action[7:]) if action.startswith("decide-") else None),
        "station": StationForm(data if action == "station" else None, prefix="s", candidates=registered),
    }
    for candidate in view.candidates:
        candidate.decision_form = forms["decisions"].get(candidate.pk)
    if action:
        require_perm(request.user, "elections.manage", view.election.territory)
        if _handle(request, view, forms, action):
            return redirect("elections:manage", pk=view.election.pk)
    return render(
        request,
        "elections/manage.html",
        {
            "territory": view.election.territory,
            "view": view,
            "forms": forms,
            "can_manage": can_manage,
            "staff": True,
            "registered": registered,
        },
    )
