"""Staff pages of the residents registry: thin, every rule lives in services and selectors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from auyl.core import permissions
from auyl.core.forms import apply_errors as _apply_errors
from auyl.core.selectors import audit_events_for_object

from . import selectors, services
from .forms import MergeForm, OfficeForm, ResidentForm
from .models import Office


def _require(user, action, territory=None):
    if not permissions.has_perm(user, action, territory):
        raise PermissionDenied(_("You do not have permission to do this here."))


@login_required
def resident_list(request):
    _require(request.user, "resident.view")
    query = request.GET.get("q", "")
    results = selectors.search_residents(request.user, query, limit=500)
    page = Paginator(results, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "territory/resident_list.html",
        {
            "query": query,
            "page": page,
            "can_create": permissions.has_perm(request.user, "resident.create"),
        },
    )


@login_required
def resident_create(request):
    _require(request.user, "resident.create")
    settlements = selectors.settlements_for(request.user, "resident.create")
    form = ResidentForm(
        request.POST or None, settlements=settlements, confirm_duplicates="confirm_new" in request.POST
    )
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.person()
        duplicates = list(selectors.likely_duplicates(request.user, data))
        if duplicates and not form.cleaned_data.get("confirm_new"):
            form = ResidentForm(request.POST, settlements=settlements, confirm_duplicates=True)
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Similar residents are already registered. Open one of them, or confirm "
                    "that this is a different person."
                ),
            )
        else:
            try:
                resident = services.register_resident(actor=request.user, **data)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Resident registered."))
                return redirect("territory:resident_detail", pk=resident.pk)
    return render(
        request, "territory/resident_form.html", {"form": form, "duplicates": duplicates, "creating": True}
    )


def _detail_context(user, resident, **extra) -> dict:
    return {
        "resident": resident,
        "can_edit": permissions.has_perm(user, "resident.edit", resident.settlement),
        "can_merge": permissions.has_perm(user, "resident.merge", resident.settlement),
        "can_view_iin": permissions.has_perm(user, "resident.view_iin", resident.settlement),
        "merges": selectors.merges_into(resident),
        "history": audit_events_for_object(user, resident),
        **extra,
    }


@login_required
def resident_detail(request, pk):
    resident = selectors.resident_for(request.user, pk)
    return render(request, "territory/resident_detail.html", _detail_context(request.user, resident))


@login_required
@require_POST
def resident_reveal_iin(request, pk):
    resident = selectors.resident_for(request.user, pk)
    iin = services.reveal_iin(actor=request.user, resident=resident)
    return render(
        request, "territory/resident_detail.html", _detail_context(request.user, resident, revealed_iin=iin)
    )


@login_required
def resident_edit(request, pk):
    resident = selectors.resident_for(request.user, pk, "resident.edit")
    settlements = selectors.settlements_for(request.user, "resident.edit")
    initial = {
        "last_name": resident.last_name,
        "first_name": resident.first_name,
        "middle_name": resident.middle_name,
        "settlement": resident.settlement,
        "address": resident.address,
        "phone": resident.phone,
        "email": resident.email,
        "consent": resident.consent_at is not None,
    }
    form = ResidentForm(request.POST or None, initial=initial, settlements=settlements)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_resident(actor=request.user, resident=resident, **form.person())
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("territory:resident_detail", pk=resident.pk)
    return render(request, "territory/resident_form.html", {"form": form, "resident": resident})


@login_required
def resident_merge(request, pk):
    keep = selectors.resident_for(request.user, pk, "resident.merge")
    form = MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            duplicate = selectors.resident_for(
                request.user, form.cleaned_data["duplicate_id"], "resident.merge"
            )
            services.merge_residents(
                actor=request.user, keep=keep, duplicate=duplicate, reason=form.cleaned_data["reason"]
            )
        except Http404:
            form.add_error("duplicate_id", _("No such record within your territory."))
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Records merged; the history is kept."))
            return redirect("territory:resident_detail", pk=keep.pk)
    return render(request, "territory/resident_merge.html", {"form": form, "resident": keep})


@login_required
def office_edit(request, code):
    """The akim's office keeps its public contacts and reception schedule current."""
    territory = selectors.territory_by_code(code)
    _require(request.user, "territory.edit", territory)
    office = Office.objects.filter(territory=territory).first()
    initial = {f: getattr(office, f) for f in OfficeForm.base_fields} if office else {}
    form = OfficeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_office(actor=request.user, territory=territory, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("portal:rural_district", code=territory.code)
    return render(request, "territory/office_form.html", {"form": form, "territory": territory})
