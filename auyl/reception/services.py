"""Write use cases of the personal reception: one function per action, each atomic,
permission-checked and audited.

A resident signed in by phone books a slot for themselves; a registrar or the akim (permission
``reception.manage`` on the unit) books for anyone, runs the day's queue and records each visit
as one or more appeals, registered through :func:`auyl.appeals.services.register_appeal`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.appeals.models import Channel, Topic
from auyl.appeals.services import register_appeal
from auyl.core import audit, notifications
from auyl.core.permissions import has_perm, require_perm
from auyl.territory.identifiers import normalize_phone

from . import schedule
from .models import Booking, BookingAppeal, Status

MAX_NAME = 300
MAX_NOTE = 300
MAX_APPEALS_PER_VISIT = 10
INSERT_ATTEMPTS = 5


@dataclass
class Visitor:
    name: str
    phone: str
    note: str


@dataclass
class VisitResult:
    """The booking marked as seen and the appeals it produced, each with its tracking code
    (shown once: the registrar hands it over on paper when the visitor has no phone)."""

    booking: Booking
    appeals: list = field(default_factory=list)  # [(Appeal, code)]


def _denied():
    return PermissionDenied(_("You do not have permission to do this here."))


def _require_primary(territory) -> None:
    if not territory.is_primary:
        raise ValidationError(_("The akim's personal reception is held in a rural district or a town."))


def _clean_visitor(name: str, phone: str, note: str, *, phone_required: bool) -> Visitor:
    errors: dict[str, list[str]] = {}
    name, phone, note = (name or "").strip(), (phone or "").strip(), (note or "").strip()
    if not name:
        errors["visitor_name"] = [_("Give the visitor's surname and name.")]
    elif len(name) > MAX_NAME:
        errors["visitor_name"] = [_("The name is too long (at most %(n)s characters).") % {"n": MAX_NAME}]
    if phone:
        try:
            phone = normalize_phone(phone)
        except ValidationError as exc:
            errors["phone"] = exc.messages
    elif phone_required:
        errors["phone"] = [_("Give a phone number: the confirmation is sent by SMS.")]
    if len(note) > MAX_NOTE:
        errors["note"] = [_("The note is too long (at most %(n)s characters).") % {"n": MAX_NOTE}]
    if errors:
        raise ValidationError(errors)
    return Visitor(name, phone, note)


def _check_slot(territory, date: dt.date, slot_time: dt.time) -> None:
    """Refuse a date or time at which this unit's akim does not receive or that cannot be booked now."""
    now = timezone.localtime()
    hours = schedule.hours_of(territory)
    if date < now.date():
        raise ValidationError({"date": [_("This date has already passed.")]})
    if date > now.date() + dt.timedelta(days=hours.horizon_days):
        raise ValidationError({"date": [_("A reception can be booked at most %(n)s days ahead.")
                                        % {"n": hours.horizon_days}]})
    day = schedule.reception_day(territory, date, hours)
    if day is None:
        raise ValidationError({"date": [_("The akim does not receive residents on this day.")]})
    if slot_time not in day.slots:
        raise ValidationError({"slot_time": [_("The reception runs from %(start)s to %(end)s: choose one of the "
                                               "offered times.") % {"start": f"{hours.start:%H:%M}",
                                                                    "end": f"{hours.end:%H:%M}"}]})
    if date == now.date() and slot_time <= now.time():
        raise ValidationError({"slot_time": [_("This time has already passed: choose a later one.")]})


def _next_queue_number(territory, date: dt.date) -> int:
    last = Booking.objects.filter(territory=territory, date=date).aggregate(n=Max("queue_number"))["n"]
    return (last or 0) + 1


def _insert(fields: dict, on_clash) -> Booking:
    """Insert with the next queue number; on a unique clash ask ``on_clash`` (which returns the
    booking to use or raises), else retry with a fresh number (two bookings numbered at once)."""
    for _attempt in range(INSERT_ATTEMPTS):
        try:
            with transaction.atomic():
                number = _next_queue_number(fields["territory"], fields["date"])
                return Booking.objects.create(queue_number=number, **fields)
        except IntegrityError:
            existing = on_clash()
            if existing is not None:
                return existing
    raise ValidationError(_("The queue is busy right now: please try again."))


def _slot_holder(territory, date, slot_time):
    return (Booking.objects.filter(territory=territory, date=date, slot_time=slot_time)
            .exclude(status=Status.CANCELLED).first())


def _resolve_booker(actor, territory, resident):
    """``(on_behalf, resident)``: staff book for anyone they may see; a resident books for themselves."""
    if has_perm(actor, "reception.manage", territory):
        if resident is not None and not has_perm(actor, "resident.view", resident.settlement):
            raise _denied()
        return True, resident
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Sign in with your phone number to book a reception."))
    return False, getattr(actor, "resident", None)


@transaction.atomic
def book(*, actor, territory, date: dt.date, slot_time: dt.time, resident=None, visitor_name: str = "",
         phone: str = "", note: str = "") -> Booking:
    """Book ``slot_time`` on ``date`` and send an SMS confirmation.

    A resident's own booking always carries their account's (verified) phone, and a resident holds
    at most one booking per reception day. Posting the same slot for the same phone twice (a
    double-click) returns the booking already made.
    """
    _require_primary(territory)
    on_behalf, resident = _resolve_booker(actor, territory, resident)
    if not on_behalf and getattr(actor, "phone", None):
        phone = actor.phone
    if resident is not None:
        visitor_name = visitor_name or resident.full_name
        phone = phone or resident.phone
    visitor = _clean_visitor(visitor_name, phone, note, phone_required=True)
    _check_slot(territory, date, slot_time)

    def same_person():
        holder = _slot_holder(territory, date, slot_time)
        if holder is not None and holder.phone == visitor.phone and holder.status == Status.BOOKED:
            return holder
        return None

    def on_clash():
        existing = same_person()
        if existing is None and _slot_holder(territory, date, slot_time) is not None:
            raise ValidationError({"slot_time": [_("This time has just been taken: choose another.")]})
        return existing

    existing = same_person()
    if existing is not None:
        return existing
    if _slot_holder(territory, date, slot_time) is not None:
        raise ValidationError({"slot_time": [_("This time is already taken: choose another.")]})
    if not on_behalf:
        _refuse_second_own_booking(actor, territory, date)
    booking = _insert({"territory": territory, "territory_path": territory.path, "date": date,
                       "slot_time": slot_time, "resident": resident, "visitor_name": visitor.name,
                       "phone": visitor.phone, "note": visitor.note, "booked_by": _user(actor)}, on_clash)
    audit.record(actor=actor, action="reception.booked", obj=booking, territory=territory,
                 changes={"date": date, "slot_time": slot_time, "queue_number": booking.queue_number,
                          "visitor_name": visitor.name, "resident_id": getattr(resident, "pk", None),
                          "on_behalf": on_behalf})
    _confirm_by_sms(booking)
    return booking


def _refuse_second_own_booking(actor, territory, date) -> None:
    other = Booking.objects.filter(territory=territory, date=date, booked_by=actor, status=Status.BOOKED).first()
    if other is not None:
        raise ValidationError({"slot_time": [_("You already have a booking on this day at %(time)s. Cancel it "
                                               "first to choose another time.") % {"time": f"{other.slot_time:%H:%M}"}]})


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _confirm_by_sms(booking: Booking) -> None:
    text = _("Reception of the akim of %(unit)s: %(date)s at %(time)s, queue number %(number)s.") % {
        "unit": booking.territory.name, "date": f"{booking.date:%d.%m.%Y}", "time": f"{booking.slot_time:%H:%M}",
        "number": booking.queue_number}
    notifications.queue(channel="sms", recipient=booking.phone, body=text, obj=booking,
                        territory=booking.territory, dedupe_key=f"reception-booked:{booking.pk}")


def _locked(booking: Booking) -> Booking:
    return Booking.objects.select_for_update(of=("self",)).select_related("territory", "resident").get(pk=booking.pk)


def _change_status(actor, booking: Booking, status: str, action: str, **stamps) -> Booking:
    before = booking.status
    booking.status = status
    for name, value in stamps.items():
        setattr(booking, name, value)
    booking.save(update_fields=["status", "updated_at", *stamps])
    audit.record(actor=actor, action=action, obj=booking, territory=booking.territory,
                 changes={"status": [before, status]})
    return booking


def _not_before_the_day(booking: Booking) -> None:
    if booking.date > timezone.localdate():
        raise ValidationError(_("The reception day has not come yet."))


@transaction.atomic
def cancel(*, actor, booking: Booking) -> Booking:
    """Cancel a booking (staff, or the resident who made it) and free its slot."""
    booking = _locked(booking)
    on_behalf = has_perm(actor, "reception.manage", booking.territory)
    own = _user(actor) is not None and (
        booking.booked_by_id == actor.pk
        or (actor.resident_id is not None and booking.resident_id == actor.resident_id))
    if not (on_behalf or own):
        raise _denied()
    if booking.status == Status.CANCELLED:
        return booking
    if booking.status != Status.BOOKED:
        raise ValidationError(_("Only a booking that is still waiting can be cancelled."))
    if booking.date < timezone.localdate():
        raise ValidationError(_("This reception day has already passed."))
    booking = _change_status(actor, booking, Status.CANCELLED, "reception.cancelled", cancelled_at=timezone.now())
    if on_behalf and not own and booking.phone:
        text = _("Your reception booking of %(date)s at %(time)s has been cancelled by the akimat.") % {
            "date": f"{booking.date:%d.%m.%Y}", "time": f"{booking.slot_time:%H:%M}"}
        notifications.queue(channel="sms", recipient=booking.phone, body=text, obj=booking,
                            territory=booking.territory, dedupe_key=f"reception-cancelled:{booking.pk}")
    return booking


@transaction.atomic
def mark_arrived(*, actor, booking: Booking) -> Booking:
    booking = _locked(booking)
    require_perm(actor, "reception.manage", booking.territory)
    if booking.status == Status.ARRIVED:
        return booking
    if booking.status not in (Status.BOOKED, Status.NO_SHOW):
        raise ValidationError(_("This visitor can no longer be marked as arrived."))
    _not_before_the_day(booking)
    return _change_status(actor, booking, Status.ARRIVED, "reception.arrived", arrived_at=timezone.now())


@transaction.atomic
def mark_no_show(*, actor, booking: Booking) -> Booking:
    booking = _locked(booking)
    require_perm(actor, "reception.manage", booking.territory)
    if booking.status == Status.NO_SHOW:
        return booking
    if booking.status != Status.BOOKED:
        raise ValidationError(_("Only a booked visitor who has not arrived can be marked as absent."))
    _not_before_the_day(booking)
    return _change_status(actor, booking, Status.NO_SHOW, "reception.no_show")


@transaction.atomic
def add_walk_in(*, actor, territory, date: dt.date | None = None, visitor_name: str, phone: str = "",
                note: str = "", resident=None) -> Booking:
    """Put a visitor who came without booking into the day's queue, after the booked ones."""
    _require_primary(territory)
    require_perm(actor, "reception.manage", territory)
    if resident is not None:
        if not has_perm(actor, "resident.view", resident.settlement):
            raise _denied()
        visitor_name = visitor_name or resident.full_name
        phone = phone or resident.phone
    date = date or timezone.localdate()
    if date > timezone.localdate():
        raise ValidationError({"date": [_("A visitor without booking can be added only on the day they came.")]})
    if schedule.reception_day(territory, date) is None:
        raise ValidationError({"date": [_("The akim does not receive residents on this day.")]})
    visitor = _clean_visitor(visitor_name, phone, note, phone_required=False)

    def on_clash():
        return None  # only the queue number can clash: retry

    booking = _insert({"territory": territory, "territory_path": territory.path, "date": date, "slot_time": None,
                       "is_walk_in": True, "resident": resident, "visitor_name": visitor.name,
                       "phone": visitor.phone, "note": visitor.note, "booked_by": _user(actor),
                       "status": Status.ARRIVED, "arrived_at": timezone.now()}, on_clash)
    audit.record(actor=actor, action="reception.walk_in", obj=booking, territory=territory,
                 changes={"date": date, "queue_number": booking.queue_number, "visitor_name": visitor.name,
                          "resident_id": getattr(resident, "pk", None)})
    return booking


def _topic(value) -> Topic:
    if isinstance(value, Topic):
        return value
    topic = Topic.objects.filter(pk=value).first() if str(value or "").isdigit() else None
    if topic is None:
        raise ValidationError({"topic": [_("Choose the topic of the appeal.")]})
    return topic


@transaction.atomic
def record_visit(*, actor, booking: Booking, appeals: list[dict], applicant_address: str = "") -> VisitResult:
    """Register the appeals heard at a visit (channel "personal reception"), link them to the
    booking and mark the visitor as seen. All or nothing: one bad appeal registers none."""
    booking = _locked(booking)
    require_perm(actor, "reception.manage", booking.territory)
    if booking.status == Status.SEEN:
        raise ValidationError(_("This visit has already been recorded."))
    if booking.status not in (Status.BOOKED, Status.ARRIVED):
        raise ValidationError(_("A visit can be recorded only for a visitor waiting in the queue."))
    _not_before_the_day(booking)
    if not appeals:
        raise ValidationError(_("Write down at least one appeal heard at the visit."))
    if len(appeals) > MAX_APPEALS_PER_VISIT:
        raise ValidationError(_("At most %(n)s appeals per visit.") % {"n": MAX_APPEALS_PER_VISIT})
    result = VisitResult(booking)
    for index, item in enumerate(appeals, start=1):
        try:
            appeal, code = register_appeal(
                actor=actor, territory=booking.territory, topic=_topic(item.get("topic")), channel=Channel.RECEPTION,
                received_on=booking.date, resident=booking.resident, applicant_name=booking.visitor_name,
                applicant_phone=booking.phone, applicant_address=applicant_address,
                subject=item.get("subject", ""), text=item.get("text", ""),
                idempotency_key=f"reception:{booking.pk}:{index}", source_type="reception.booking",
                source_id=str(booking.pk))
        except ValidationError as exc:
            raise ValidationError(_("Appeal %(n)s: %(errors)s") % {"n": index, "errors": " ".join(exc.messages)}
                                  ) from None
        BookingAppeal.objects.create(booking=booking, appeal=appeal)
        result.appeals.append((appeal, code))
    stamps = {"seen_at": timezone.now()}
    if booking.arrived_at is None:
        stamps["arrived_at"] = stamps["seen_at"]
    _change_status(actor, booking, Status.SEEN, "reception.seen", **stamps)
    audit.record(actor=actor, action="reception.visit_recorded", obj=booking, territory=booking.territory,
                 changes={"appeals": [appeal.number for appeal, _code in result.appeals]})
    return result
