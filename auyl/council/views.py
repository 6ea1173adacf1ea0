"""Pages of the council: thin, every rule lives in services and selectors.

Public: the council page of a rural district (members by settlement, chair, commissions and their
findings, sessions and adopted acts, recommendations and answers). Staff: forming a council for a term
(apportionment preview, then confirm), members and chair; commissions and recommendations are in
:mod:`auyl.council.views_oversight`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from auyl.core.forms import apply_errors
from auyl.core.permissions import has_perm, require_perm
from auyl.territory import selectors as territory_selectors

from . import selectors, services, sessions
from .forms import ChairForm, ConfirmTermForm, EndMembershipForm, MemberForm, TermForm


def unit(code: str):
    territory = territory_selectors.territory_by_code(code)
    if not territory.is_primary:
        raise Http404("not a rural district")
    return territory


def term_url(council) -> str:
    return reverse("council:term", args=[council.territory.code, council.pk])


def permissions_of(user, territory) -> dict:
    return {
        name: has_perm(user, f"council.{name}", territory)
        for name in ("manage", "commission", "recommend", "answer")
    }


@require_safe
def public(request, code):
    territory = unit(code)
    context = selectors.public_council(territory)
    context["sessions"] = sessions.public_sessions(context["council"]) if context["council"] else []
    context["can_view"] = has_perm(request.user, "council.view", territory)
    return render(request, "council/public.html", context)


@login_required
@require_safe
def staff_home(request):
    """Staff: the units whose council the user may see (straight to it when there is one)."""
    units = list(selectors.units_for(request.user)[:200])
    if len(units) == 1:
        return redirect("council:manage", code=units[0].code)
    return render(request, "council/staff_home.html", {"units": units})


@login_required
@require_safe
def manage(request, code, pk=None):
    """Staff: one term of the council (the one in office by default) with everything it does."""
    territory = unit(code)
    require_perm(request.user, "council.view", territory)
    council = (
        selectors.council_for(request.user, territory, pk)
        if pk is not None
        else selectors.current_or_latest(territory)
    )
    context = {"territory": territory, "council": council, "can": permissions_of(request.user, territory)}
    if council is not None:
        context.update(selectors.council_page(council))
        context["sessions"] = sessions.staff_sessions(request.user, council)
        context["convene_url"] = sessions.convene_url(territory)
    return render(request, "council/manage.html", context)


def _preview(request, territory, form, error: ValidationError | None = None):
    """The term form with, when its date is acceptable, the apportionment it would create."""
    plan = None
    if form.is_valid():
        try:
            plan = services.preview_council(
                actor=request.user, territory=territory, term_start=form.cleaned_data["term_start"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
    if error is not None:
        apply_errors(form, error)
    confirm = None
    if plan is not None:
        confirm = ConfirmTermForm(
            initial={"term_start": plan.term_start, "signature": plan.signature}, auto_id="confirm_%s"
        )
    return render(
        request,
        "council/term_form.html",
        {
            "territory": territory,
            "form": form,
            "plan": plan,
            "confirm": confirm,
            "current": selectors.current_or_latest(territory),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def form_term(request, code):
    """Staff: form the council for a new term: the date, then the apportionment to confirm."""
    territory = unit(code)
    require_perm(request.user, "council.manage", territory)
    if request.method == "POST" and "signature" in request.POST:
        confirm = ConfirmTermForm(request.POST)
        if not confirm.is_valid():
            return _preview(request, territory, TermForm(request.POST))
        try:
            council = services.form_council(
                actor=request.user,
                territory=territory,
                term_start=confirm.cleaned_data["term_start"],
                signature=confirm.cleaned_data["signature"],
            )
        except ValidationError as exc:
            return _preview(request, territory, TermForm(request.POST), error=exc)
        messages.success(
            request,
            _("The council is formed for %(start)s – %(end)s with %(n)s seats.")
            % {
                "start": f"{council.term_start:%d.%m.%Y}",
                "end": f"{council.term_end:%d.%m.%Y}",
                "n": council.total_seats,
            },
        )
        return redirect(term_url(council))
    form = TermForm(request.POST or request.GET or None)
    return _preview(request, territory, form)


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request, code, pk):
    """Staff: find a resident in the registry and seat them for their settlement."""
    territory = unit(code)
    council = selectors.council_for(request.user, territory, pk, "council.manage")
    resident_id = request.POST.get("resident") or request.GET.get("resident")
    resident = territory_selectors.resident_for(request.user, resident_id) if resident_id else None
    form = MemberForm(request.POST or None, initial={"resident": getattr(resident, "pk", None)})
    if request.method == "POST" and form.is_valid():
        try:
            member = services.add_member(
                actor=request.user,
                council=council,
                resident=resident,
                start_date=form.cleaned_data["start_date"],
                is_chair=form.cleaned_data["is_chair"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is a member of the council for %(settlement)s.")
                % {"name": member.resident.full_name, "settlement": member.settlement.name},
            )
            return redirect(term_url(council))
    query = request.GET.get("q", "")
    return render(
        request,
        "council/member_add.html",
        {
            "territory": territory,
            "council": council,
            "form": form,
            "resident": resident,
            "query": query,
            "found": selectors.candidates(request.user, council, query),
            "seat_rows": selectors.seat_rows(council, selectors.page_day(council)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_end(request, code, pk):
    """Staff: record that a member leaves the council before the end of the term."""
    territory = unit(code)
    member = selectors.member_for(request.user, territory, pk)
    form = EndMembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_membership(actor=request.user, member=member, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("Recorded: %(name)s left the council.") % {"name": member.resident.full_name}
            )
            return redirect(term_url(member.council))
    return render(
        request,
        "council/form_page.html",
        {
            "territory": territory,
            "council": member.council,
            "form": form,
            "title": _("%(name)s leaves the council") % {"name": member.resident.full_name},
            "submit": _("Record the leaving"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_chair(request, code, pk):
    """Staff: make a member the chair (the previous chair stays a member), from a given date."""
    territory = unit(code)
    member = selectors.member_for(request.user, territory, pk)
    form = ChairForm(request.POST or None, initial={"since": selectors.page_day(member.council)})
    if request.method == "POST" and form.is_valid():
        try:
            services.appoint_chair(actor=request.user, member=member, since=form.cleaned_data["since"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("%(name)s is the chair of the council.") % {"name": member.resident.full_name}
            )
            return redirect(term_url(member.council))
    chair = selectors.chair_of(member.council, selectors.page_day(member.council))
    return render(
        request,
        "council/form_page.html",
        {
            "territory": territory,
            "council": member.council,
            "form": form,
            "title": _("%(name)s becomes the chair") % {"name": member.resident.full_name},
            "intro": _(
                "The chair works full-time and is paid from the local budget. %(previous)s stays a member."
            )
            % {"previous": chair.resident.full_name}
            if chair
            else _("The chair works full-time and is paid from the local budget."),
            "submit": _("Appoint the chair"),
        },
    )
