"""Pages of the personal reception: thin, every rule lives in services and selectors.

Public: a resident books a slot with the akim of a rural district. Staff: the day's queue
(arrived / did not come / record the visit as appeals) and booking on a resident's behalf.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from auyl.core.forms import apply_errors as _apply_errors
from auyl.core.permissions import has_perm, require_perm
from auyl.territory import selectors as territory_selectors
from auyl.territory.models import Office

from . import selectors, services
from .forms import BookingForm, VisitForm, WalkInForm, visit_formset

DEFAULT_VISIT_FORMS = 3


def _unit(code: str):
    territory = territory_selectors.territory_by_code(code)
    if not territory.is_primary:
        raise Http404("not a rural district")
    return territory


def _parse_date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value or ""))
    except ValueError:
        return None


def _url(name: str, code: str, **query) -> str:
    url = reverse(name, args=[code])
    query = {k: v for k, v in query.items() if v}
    return f"{url}?{urlencode(query)}" if query else url


def _chosen_day(request, days) -> dt.date | None:
    wanted = _parse_date(request.POST.get("date") or request.GET.get("date"))
    if wanted is not None:
        return wanted
    return next((option.date for option in days if option.free), None)


def _resident_initial(user) -> dict:
    if not user.is_authenticated:
        return {}
    resident = getattr(user, "resident", None)
    name = resident.full_name if resident is not None else user.full_name
    return {"visitor_name": name, "phone": user.phone or (resident.phone if resident is not None else "")}


def _submit_booking(request, form, territory, day, resident=None):
    """Call the service with a valid form; the booking, or None with the errors put on the form."""
    data = form.cleaned_data
    try:
        return services.book(
            actor=request.user,
            territory=territory,
            date=day,
            slot_time=data["slot_time"],
            resident=resident,
            visitor_name=data["visitor_name"],
            phone=data["phone"],
            note=data["note"],
        )
    except ValidationError as exc:
        _apply_errors(form, exc)
        return None


def _booked_message(request, booking) -> None:
    messages.success(
        request,
        _("Booked: %(date)s at %(time)s, queue number %(number)s.")
        % {
            "date": f"{booking.date:%d.%m.%Y}",
            "time": f"{booking.slot_time:%H:%M}",
            "number": booking.queue_number,
        },
    )


@require_http_methods(["GET", "POST"])
def book(request, code):
    """Public page: choose one of the next reception days, a free time, and book it."""
    territory = _unit(code)
    user = request.user
    days = selectors.booking_days(territory)
    day = _chosen_day(request, days)
    self_service = not has_perm(user, "reception.manage", territory)
    if request.method == "POST" and not user.is_authenticated:
        return redirect(
            f"{reverse('accounts:resident_login')}?{urlencode({'next': _url('reception:book', code)})}"
        )
    form = BookingForm(
        request.POST or None,
        slots=selectors.free_slots(territory, day) if day else [],
        phone_locked=self_service and bool(getattr(user, "phone", None)),
        initial={"date": day, **_resident_initial(user)},
    )
    if request.method == "POST" and form.is_valid():
        booking = _submit_booking(request, form, territory, form.cleaned_data["date"])
        if booking is not None:
            _booked_message(request, booking)
            return redirect(_url("reception:book", code, date=booking.date.isoformat()))
    return render(
        request,
        "reception/book.html",
        {
            "territory": territory,
            "office": Office.objects.filter(territory=territory).first(),
            "days": days,
            "day": day,
            "form": form,
            "my_bookings": selectors.upcoming_bookings_of(user, territory),
            "hours": selectors.schedule_summary(territory),
            "can_manage": not self_service,
        },
    )


@require_POST
def cancel(request, code, pk):
    territory = _unit(code)
    if not request.user.is_authenticated:
        raise Http404("booking not found")
    staff = has_perm(request.user, "reception.manage", territory)
    booking = (
        selectors.booking_for(request.user, territory, pk)
        if staff
        else selectors.own_booking(request.user, territory, pk)
    )
    try:
        services.cancel(actor=request.user, booking=booking)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The booking has been cancelled."))
    if staff:
        return redirect(_url("reception:queue", code, date=booking.date.isoformat()))
    return redirect(_url("reception:book", code, date=booking.date.isoformat()))


@login_required
def staff_home(request):
    """Staff: the units whose reception queue the user runs (straight to it when there is one)."""
    units = list(selectors.units_for(request.user)[:200])
    if len(units) == 1:
        return redirect("reception:queue", code=units[0].code)
    return render(request, "reception/staff_home.html", {"units": units})


@login_required
@require_http_methods(["GET", "POST"])
def queue(request, code):
    """Staff: the queue of one day (today by default), and adding a visitor who came without booking."""
    territory = _unit(code)
    day = _parse_date(request.GET.get("date")) or timezone.localdate()
    require_perm(request.user, "reception.view", territory)
    can_manage = has_perm(request.user, "reception.manage", territory)
    walk_in = WalkInForm(request.POST or None)
    if request.method == "POST":
        require_perm(request.user, "reception.manage", territory)
        if walk_in.is_valid():
            try:
                booking = services.add_walk_in(
                    actor=request.user, territory=territory, date=day, **walk_in.cleaned_data
                )
            except ValidationError as exc:
                _apply_errors(walk_in, exc)
            else:
                messages.success(
                    request,
                    _("%(name)s added to the queue, number %(number)s.")
                    % {"name": booking.visitor_name, "number": booking.queue_number},
                )
                return redirect(_url("reception:queue", code, date=day.isoformat()))
    return render(
        request,
        "reception/queue.html",
        {
            "territory": territory,
            "day": day,
            "today": timezone.localdate(),
            "is_reception_day": selectors.is_reception_day(territory, day),
            "queue": selectors.day_queue(request.user, territory, day),
            "walk_in": walk_in,
            "can_manage": can_manage,
        },
    )


def _queue_action(request, code, pk, service, done: str):
    territory = _unit(code)
    booking = selectors.booking_for(request.user, territory, pk)
    try:
        service(actor=request.user, booking=booking)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done % {"name": booking.visitor_name})
    return redirect(_url("reception:queue", code, date=booking.date.isoformat()))


@login_required
@require_POST
def arrived(request, code, pk):
    return _queue_action(request, code, pk, services.mark_arrived, _("%(name)s has arrived."))


@login_required
@require_POST
def no_show(request, code, pk):
    return _queue_action(request, code, pk, services.mark_no_show, _("%(name)s is marked as absent."))


@login_required
@require_http_methods(["GET", "POST"])
def staff_book(request, code):
    """Staff: book a slot for a resident (found in the registry, or just by name and phone)."""
    territory = _unit(code)
    require_perm(request.user, "reception.manage", territory)
    days = selectors.booking_days(territory)
    day = _chosen_day(request, days)
    resident_id = request.POST.get("resident") or request.GET.get("resident")
    resident = territory_selectors.resident_for(request.user, resident_id) if resident_id else None
    initial = {
        "date": day,
        "resident": resident.pk if resident else None,
        "visitor_name": resident.full_name if resident else "",
        "phone": resident.phone if resident else "",
    }
    form = BookingForm(
        request.POST or None, slots=selectors.free_slots(territory, day) if day else [], initial=initial
    )
    if request.method == "POST" and form.is_valid():
        booking = _submit_booking(request, form, territory, form.cleaned_data["date"], resident)
        if booking is not None:
            _booked_message(request, booking)
            return redirect(_url("reception:queue", code, date=booking.date.isoformat()))
    query = request.GET.get("q", "")
    return render(
        request,
        "reception/staff_book.html",
        {
            "territory": territory,
            "days": days,
            "day": day,
            "form": form,
            "resident": resident,
            "query": query,
            "found": selectors.residents_to_book(request.user, territory, query),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def visit(request, code, pk):
    """Staff: record what the visitor asked as one or more appeals; the visitor is then seen."""
    territory = _unit(code)
    booking = selectors.booking_for(request.user, territory, pk)
    require_perm(request.user, "reception.manage", territory)
    if not booking.is_waiting:
        messages.info(
            request,
            _("This visit has already been recorded.")
            if booking.status == "seen"
            else _("A visit can be recorded only for a visitor waiting in the queue."),
        )
        return redirect(_url("reception:queue", code, date=booking.date.isoformat()))
    try:
        extra = min(max(int(request.GET.get("forms", DEFAULT_VISIT_FORMS)), 1), 10) - 1
    except ValueError:
        extra = DEFAULT_VISIT_FORMS - 1
    formset = visit_formset(extra)(request.POST or None, prefix="appeals")
    visit_form = VisitForm(request.POST or None)
    if request.method == "POST" and formset.is_valid() and visit_form.is_valid():
        appeals = [form.cleaned_data for form in formset.forms if form.has_changed() and form.cleaned_data]
        try:
            result = services.record_visit(
                actor=request.user,
                booking=booking,
                appeals=appeals,
                applicant_address=visit_form.cleaned_data["applicant_address"],
            )
        except ValidationError as exc:
            visit_form.add_error(None, exc.messages)
        else:
            return render(request, "reception/visit_done.html", {"territory": territory, "result": result})
    return render(
        request,
        "reception/visit.html",
        {
            "territory": territory,
            "booking": booking,
            "formset": formset,
            "visit_form": visit_form,
            "more_forms": min(len(formset.forms) + 2, 10),
        },
    )
