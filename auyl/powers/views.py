"""Pages of the functional analysis: thin, every rule lives in services, duplicates, transfers, selectors.

Staff: the registry of a unit (bodies and functions by level), the duplication list with the reviewer's
decisions, transfer proposals and their path, the report of what each level does (CSV, XLSX, PDF).
Public: what each level does for a rural district and the transfers of functions to it.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from auyl.core.exports import export
from auyl.core.forms import apply_errors as _apply_errors
from auyl.core.permissions import has_perm
from auyl.territory import selectors as territory_selectors

from . import duplicates, reports, selectors, services, transfers
from .forms import AdvanceForm, BodyForm, DecisionForm, PowerForm, ProposalForm
from .models import LEVEL_OF_UNIT, GovLevel, Review


def _manageable_bodies(user, unit):
    """Bodies of the unit and around it that ``user`` may add functions to."""
    return [
        b for b in selectors.bodies_for(unit) if selectors.covers(user, "powers.manage", b.territory_path)
    ]


def _body_queryset(ids):
    from .models import Body

    return Body.objects.filter(pk__in=ids).select_related("territory")


@login_required
def home(request):
    return render(request, "powers/home.html", {"units": selectors.units_for(request.user)[:200]})


def _register(request, unit, form_kind: str):
    """Handle the two forms of the registry page; the bound forms, or None after a success."""
    bodies = _body_queryset([b.pk for b in _manageable_bodies(request.user, unit)])
    body_form = BodyForm(
        request.POST if form_kind == "body" else None, initial={"level": LEVEL_OF_UNIT.get(unit.level)}
    )
    power_form = PowerForm(request.POST if form_kind == "power" else None, bodies=bodies)
    form = body_form if form_kind == "body" else power_form
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if form_kind == "body":
                services.create_body(
                    actor=request.user,
                    level=data["level"],
                    name_kk=data["name_kk"],
                    name_ru=data["name_ru"],
                    territory=None if data["level"] == GovLevel.REPUBLIC else unit,
                )
            else:
                services.register_power(actor=request.user, **data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return None
    return body_form, power_form


@require_http_methods(["GET", "POST"])
@login_required
def registry(request, code):
    unit = selectors.unit_for(request.user, code)
    can_manage = has_perm(request.user, "powers.manage", unit)
    forms = _register(request, unit, request.POST.get("form", "")) if can_manage else (None, None)
    if forms is None:
        return redirect("powers:registry", code)
    return render(
        request,
        "powers/registry.html",
        {
            "unit": unit,
            "sections": selectors.level_report(request.user, unit),
            "can_manage": can_manage,
            "body_form": forms[0],
            "power_form": forms[1],
            "programmes": selectors.programme_names(),
            "bodies": selectors.own_bodies(unit),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def duplicate_list(request, code):
    unit = selectors.unit_for(request.user, code)
    if request.method == "POST":
        added = duplicates.find_duplicates(actor=request.user, territory=unit)
        messages.success(request, _("Possible duplications found: %(n)s new.") % {"n": len(added)})
        return redirect("powers:duplicates", code)
    decision = request.GET.get("decision") or ""
    rows = list(selectors.candidates_for(request.user, unit, decision or None))
    for row in rows:
        row.can_decide = selectors.covers(request.user, "powers.decide", row.upper_path)
        row.pair = (row.first, row.second)
        row.form = DecisionForm(initial={"decision": row.decision}, auto_id=f"id_c{row.pk}_%s")
    return render(
        request,
        "powers/duplicates.html",
        {
            "unit": unit,
            "rows": rows,
            "decision": decision,
            "decisions": Review.choices,
            "can_manage": has_perm(request.user, "powers.manage", unit),
        },
    )


@require_POST
@login_required
def decide(request, code, pk):
    unit = selectors.unit_for(request.user, code)
    candidate = selectors.candidate_for(request.user, unit, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the offered decisions."))
        return redirect("powers:duplicates", code)
    try:
        duplicates.decide_duplicate(actor=request.user, candidate=candidate, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Decision recorded."))
    return redirect("powers:duplicates", code)


@require_http_methods(["GET", "POST"])
@login_required
def transfer_list(request, code):
    unit = selectors.unit_for(request.user, code)
    can_manage = has_perm(request.user, "powers.manage", unit)
    form = None
    if can_manage:
        bodies = selectors.bodies_for(unit)
        powers = selectors.powers_for(request.user, unit).exclude(level=GovLevel.RURAL_DISTRICT)
        form = ProposalForm(request.POST or None, bodies=bodies, powers=powers)
        if request.method == "POST" and form.is_valid():
            try:
                proposal = transfers.propose_transfer(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Transfer proposed."))
                return redirect("powers:transfer", code, proposal.pk)
    return render(
        request,
        "powers/transfers.html",
        {
            "unit": unit,
            "rows": selectors.transfers_for(request.user, unit),
            "form": form,
            "programmes": selectors.programme_names(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def transfer_detail(request, code, pk):
    unit = selectors.unit_for(request.user, code)
    proposal = selectors.transfer_for(request.user, unit, pk)
    can_decide = bool(proposal.next_statuses) and selectors.covers(
        request.user, "powers.decide", proposal.from_territory_path
    )
    form = AdvanceForm(request.POST or None, proposal=proposal) if can_decide else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            transfers.advance_transfer(actor=request.user, proposal=proposal, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Status changed."))
            return redirect("powers:transfer", code, pk)
    return render(
        request,
        "powers/transfer.html",
        {
            "unit": unit,
            "proposal": proposal,
            "form": form,
            "programmes": selectors.programme_names(),
        },
    )


@login_required
def report(request, code, fmt):
    unit = selectors.unit_for(request.user, code)
    if fmt not in ("csv", "xlsx", "pdf"):
        raise Http404("unknown format")
    document = reports.level_document(unit, selectors.level_report(request.user, unit))
    content, content_type, filename = export(document, fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def public(request, code):
    unit = territory_selectors.territory_by_code(code)
    if not unit.is_primary:
        raise Http404("not a rural district")
    return render(
        request,
        "powers/public.html",
        {
            "territory": unit,
            "sections": selectors.public_report(unit),
            "transfers": selectors.public_for(unit),
            "programmes": selectors.programme_names(),
        },
    )
