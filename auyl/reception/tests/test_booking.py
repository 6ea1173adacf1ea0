"""Booking a slot: by a resident for themselves or by the registrar; every bad input is refused
with a clear message, a double-click books once, and the visitor gets an SMS."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from auyl.core.models import AuditEvent, Notification
from auyl.reception import selectors, services
from auyl.reception.models import Booking, Status

from .conftest import NEXT_TUESDAY, THURSDAY, TUESDAY, WEDNESDAY

TEN = dt.time(10, 0)


def staff_book(registrar, tree, **extra):
    data = {"actor": registrar, "territory": tree["rd_a"], "date": THURSDAY, "slot_time": TEN,
            "visitor_name": "Жұмабаев Серік", "phone": "8 701 555 66 77", "note": "Көше жарығы"} | extra
    return services.book(**data)


def messages_of(exc) -> str:
    return " ".join(exc.value.messages)


def test_resident_books_for_themselves_and_gets_an_sms(tree, resident_user):
    booking = services.book(actor=resident_user, territory=tree["rd_a"], date=THURSDAY, slot_time=TEN,
                            visitor_name="Сейтқали Әлия", phone="+77019999999", note="Жол")
    assert booking.status == Status.BOOKED and booking.queue_number == 1
    assert booking.resident == resident_user.resident and booking.booked_by == resident_user
    assert booking.phone == "+77011112233"  # always the verified phone of the account
    sms = Notification.objects.get(object_id=str(booking.pk))
    assert sms.channel == "sms" and sms.recipient == "+77011112233"
    assert "04.04.2030" in sms.body and "10:00" in sms.body and "1" in sms.body
    assert AuditEvent.objects.filter(action="reception.booked", object_id=str(booking.pk)).exists()
    assert TEN not in selectors.free_slots(tree["rd_a"], THURSDAY)


def test_registrar_books_for_a_registered_resident(tree, registrar, resident_user):
    booking = staff_book(registrar, tree, resident=resident_user.resident, visitor_name="", phone="")
    assert booking.visitor_name == "Сейтқали Әлия" and booking.phone == "+77011112233"
    assert booking.booked_by == registrar and booking.resident == resident_user.resident


@pytest.mark.parametrize(("changes", "message"), [
    ({"date": TUESDAY - dt.timedelta(days=7)}, "This date has already passed."),
    ({"date": WEDNESDAY}, "The akim does not receive residents on this day."),
    ({"date": TUESDAY + dt.timedelta(days=35)}, "A reception can be booked at most 30 days ahead."),
    ({"slot_time": dt.time(12, 0)}, "The reception runs from 10:00 to 12:00"),
    ({"slot_time": dt.time(9, 45)}, "The reception runs from 10:00 to 12:00"),
    ({"slot_time": dt.time(10, 7)}, "choose one of the offered times"),
    ({"phone": "12345"}, "Enter a Kazakhstan phone number"),
    ({"phone": ""}, "Give a phone number"),
    ({"visitor_name": "  "}, "Give the visitor's surname and name."),
    ({"note": "x" * 301}, "The note is too long"),
])
def test_bad_booking_is_refused_with_a_message(tree, registrar, changes, message):
    with pytest.raises(ValidationError) as exc:
        staff_book(registrar, tree, **changes)
    assert message in messages_of(exc)
    assert Booking.objects.count() == 0 and Notification.objects.count() == 0


def test_a_passed_time_of_today_is_refused(tree, registrar, clock):
    clock.set(TUESDAY, dt.time(10, 20))
    with pytest.raises(ValidationError) as exc:
        staff_book(registrar, tree, date=TUESDAY, slot_time=dt.time(10, 15))
    assert "already passed" in messages_of(exc)
    assert staff_book(registrar, tree, date=TUESDAY, slot_time=dt.time(10, 30)).status == Status.BOOKED


def test_a_taken_slot_is_refused(tree, registrar):
    staff_book(registrar, tree)
    with pytest.raises(ValidationError) as exc:
        staff_book(registrar, tree, visitor_name="Другой Человек", phone="+77017778899")
    assert "This time is already taken: choose another." in messages_of(exc)
    assert Booking.objects.count() == 1


def test_double_click_books_once(tree, registrar, resident_user):
    first = staff_book(registrar, tree)
    again = staff_book(registrar, tree, phone="+7 (701) 555-66-77")
    assert again.pk == first.pk and Booking.objects.count() == 1
    assert Notification.objects.count() == 1
    mine = services.book(actor=resident_user, territory=tree["rd_a"], date=THURSDAY, slot_time=dt.time(11, 0))
    assert services.book(actor=resident_user, territory=tree["rd_a"], date=THURSDAY,
                         slot_time=dt.time(11, 0)).pk == mine.pk


def test_the_database_refuses_two_active_bookings_of_one_slot(tree, registrar):
    booking = staff_book(registrar, tree)
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(territory=booking.territory, territory_path=booking.territory_path, date=THURSDAY,
                               slot_time=TEN, queue_number=2, visitor_name="x", phone="+77010000000")


def test_a_resident_holds_one_booking_a_day(tree, resident_user):
    services.book(actor=resident_user, territory=tree["rd_a"], date=THURSDAY, slot_time=TEN)
    with pytest.raises(ValidationError) as exc:
        services.book(actor=resident_user, territory=tree["rd_a"], date=THURSDAY, slot_time=dt.time(11, 0))
    assert "You already have a booking on this day at 10:00" in messages_of(exc)
    assert services.book(actor=resident_user, territory=tree["rd_a"], date=NEXT_TUESDAY, slot_time=TEN)


def test_anonymous_cannot_book(tree):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        services.book(actor=AnonymousUser(), territory=tree["rd_a"], date=THURSDAY, slot_time=TEN,
                      visitor_name="Аноним", phone="+77010000001")


def test_cancel_frees_the_slot(tree, registrar, resident_user, other_registrar):
    booking = services.book(actor=resident_user, territory=tree["rd_a"], date=THURSDAY, slot_time=TEN)
    with pytest.raises(PermissionDenied):
        services.cancel(actor=other_registrar, booking=booking)
    services.cancel(actor=resident_user, booking=booking)
    booking.refresh_from_db()
    assert booking.status == Status.CANCELLED and booking.cancelled_at is not None
    assert services.cancel(actor=resident_user, booking=booking).status == Status.CANCELLED  # idempotent
    assert TEN in selectors.free_slots(tree["rd_a"], THURSDAY)
    other = staff_book(registrar, tree)
    assert other.pk != booking.pk and other.queue_number == 2


def test_registrar_cancelling_tells_the_visitor(tree, registrar, resident_user):
    booking = services.book(actor=resident_user, territory=tree["rd_a"], date=THURSDAY, slot_time=TEN)
    services.cancel(actor=registrar, booking=booking)
    assert Notification.objects.filter(dedupe_key=f"reception-cancelled:{booking.pk}",
                                       recipient="+77011112233").exists()


def test_bookings_of_a_resident(tree, registrar, resident_user):
    own = services.book(actor=resident_user, territory=tree["rd_a"], date=THURSDAY, slot_time=TEN)
    for_them = staff_book(registrar, tree, date=NEXT_TUESDAY, resident=resident_user.resident)
    staff_book(registrar, tree, slot_time=dt.time(11, 0), phone="+77014445566")
    assert set(selectors.bookings_of(resident_user)) == {own, for_them}
    assert set(selectors.bookings_of(resident_user.resident)) == {own, for_them}
