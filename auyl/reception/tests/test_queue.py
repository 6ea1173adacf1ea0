"""The day's queue: booked visitors in booking order, then walk-ins; arrivals, no-shows, and each
visit recorded as appeals of the "personal reception" channel. Staff of another rural district
neither see nor touch the queue."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from auyl.appeals.models import Appeal, Channel
from auyl.core.models import AuditEvent
from auyl.reception import selectors, services
from auyl.reception.models import Status

from .conftest import THURSDAY, TUESDAY


def book(registrar, tree, at, name, phone, day=TUESDAY):
    return services.book(actor=registrar, territory=tree["rd_a"], date=day, slot_time=at, visitor_name=name,
                         phone=phone)


@pytest.fixture
def day_of(tree, registrar, clock):
    """Three bookings for Tuesday made on the Monday before, in an order different from their times."""
    clock.set(TUESDAY - dt.timedelta(days=1), dt.time(15, 0))
    late = book(registrar, tree, dt.time(11, 30), "Бекова Дана", "+77010000011")
    early = book(registrar, tree, dt.time(10, 0), "Алиев Марат", "+77010000012")
    middle = book(registrar, tree, dt.time(10, 45), "Ким Ольга", "+77010000013")
    clock.set(TUESDAY, dt.time(10, 5))
    return {"late": late, "early": early, "middle": middle}


def test_queue_is_in_booking_order_then_walk_ins(tree, registrar, day_of):
    walk_in = services.add_walk_in(actor=registrar, territory=tree["rd_a"], visitor_name="Омаров Ерлан")
    later_booking = book(registrar, tree, dt.time(11, 45), "Нұров Асқар", "+77010000014")
    queue = selectors.day_queue(registrar, tree["rd_a"], TUESDAY)
    assert [b.visitor_name for b in queue] == ["Бекова Дана", "Алиев Марат", "Ким Ольга", "Нұров Асқар",
                                               "Омаров Ерлан"]
    assert [b.queue_number for b in queue] == [1, 2, 3, 5, 4]
    assert walk_in.is_walk_in and walk_in.slot_time is None and walk_in.status == Status.ARRIVED
    assert later_booking.queue_number == 5


def test_cancelled_bookings_leave_the_queue(tree, registrar, day_of):
    assert len(selectors.day_queue(registrar, tree["rd_a"], TUESDAY)) == 3
    services.cancel(actor=registrar, booking=day_of["middle"])
    assert [b.visitor_name for b in selectors.day_queue(registrar, tree["rd_a"], TUESDAY)] == [
        "Бекова Дана", "Алиев Марат"]


def test_arrival_and_no_show(tree, registrar, day_of):
    arrived = services.mark_arrived(actor=registrar, booking=day_of["early"])
    assert arrived.status == Status.ARRIVED and arrived.arrived_at is not None
    absent = services.mark_no_show(actor=registrar, booking=day_of["late"])
    assert absent.status == Status.NO_SHOW
    assert services.mark_no_show(actor=registrar, booking=absent).status == Status.NO_SHOW  # idempotent
    with pytest.raises(ValidationError, match="has not arrived"):
        services.mark_no_show(actor=registrar, booking=arrived)
    late_after_all = services.mark_arrived(actor=registrar, booking=absent)  # came late after all
    assert late_after_all.status == Status.ARRIVED
    assert AuditEvent.objects.filter(action="reception.no_show", object_id=str(absent.pk)).exists()


def test_no_show_cannot_be_marked_before_the_day(tree, registrar):
    booking = book(registrar, tree, dt.time(10, 0), "Алиев Марат", "+77010000012", day=THURSDAY)
    with pytest.raises(ValidationError, match="has not come yet"):
        services.mark_no_show(actor=registrar, booking=booking)
    with pytest.raises(ValidationError, match="has not come yet"):
        services.record_visit(actor=registrar, booking=booking, appeals=[{"topic": 1, "subject": "s", "text": "t"}])


def test_walk_in_only_on_a_reception_day_and_not_ahead(tree, registrar, clock):
    with pytest.raises(ValidationError, match="only on the day they came"):
        services.add_walk_in(actor=registrar, territory=tree["rd_a"], date=THURSDAY, visitor_name="Ерте Келген")
    clock.set(TUESDAY + dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="does not receive"):
        services.add_walk_in(actor=registrar, territory=tree["rd_a"], visitor_name="Сәрсенбі Келген")


def test_visit_registers_appeals_linked_to_the_booking(tree, registrar, day_of, topics):
    booking = services.mark_arrived(actor=registrar, booking=day_of["early"])
    result = services.record_visit(actor=registrar, booking=booking, appeals=[
        {"topic": topics["roads"], "subject": "Жол жөндеу", "text": "Абай көшесіндегі шұңқырлар"},
        {"topic": topics["water"].pk, "subject": "Су құбыры", "text": "Су жоқ үш күн"},
    ])
    booking.refresh_from_db()
    assert booking.status == Status.SEEN and booking.seen_at is not None
    appeals = list(Appeal.objects.order_by("seq"))
    assert len(appeals) == 2 and {a.channel for a in appeals} == {Channel.RECEPTION}
    assert [a.topic.code for a in appeals] == ["roads", "water"]
    assert all(a.applicant_name == "Алиев Марат" and a.applicant_phone == "+77010000012" for a in appeals)
    assert all(a.received_on == TUESDAY and a.source_id == str(booking.pk) for a in appeals)
    assert [link.appeal for link in booking.appeal_links.all()] == appeals
    assert [appeal for appeal, _code in result.appeals] == appeals and all(code for _a, code in result.appeals)
    assert AuditEvent.objects.filter(action="reception.visit_recorded", object_id=str(booking.pk)).exists()
    with pytest.raises(ValidationError, match="already been recorded"):
        services.record_visit(actor=registrar, booking=booking, appeals=[
            {"topic": topics["roads"], "subject": "Тағы", "text": "Тағы"}])
    assert Appeal.objects.count() == 2


def test_a_bad_appeal_in_a_visit_registers_none(tree, registrar, day_of, topics):
    booking = day_of["early"]
    with pytest.raises(ValidationError, match="Appeal 2"):
        services.record_visit(actor=registrar, booking=booking, appeals=[
            {"topic": topics["roads"], "subject": "Жол", "text": "Шұңқыр"},
            {"topic": topics["water"], "subject": "", "text": "Су"},
        ])
    with pytest.raises(ValidationError, match="Appeal 1"):
        services.record_visit(actor=registrar, booking=booking, appeals=[{"topic": 999, "subject": "a", "text": "b"}])
    with pytest.raises(ValidationError, match="at least one appeal"):
        services.record_visit(actor=registrar, booking=booking, appeals=[])
    booking.refresh_from_db()
    assert Appeal.objects.count() == 0 and booking.status == Status.BOOKED and not booking.appeal_links.exists()


def test_walk_in_without_phone_needs_an_address_for_the_answer(tree, registrar, day_of, topics):
    walk_in = services.add_walk_in(actor=registrar, territory=tree["rd_a"], visitor_name="Омаров Ерлан")
    appeal = {"topic": topics["roads"], "subject": "Жол", "text": "Шұңқыр"}
    with pytest.raises(ValidationError, match="Give a phone number, an e-mail or a postal address"):
        services.record_visit(actor=registrar, booking=walk_in, appeals=[appeal])
    result = services.record_visit(actor=registrar, booking=walk_in, appeals=[appeal],
                                   applicant_address="Қызылжар ауылы, Абай көшесі 5")
    assert result.appeals[0][0].applicant_address == "Қызылжар ауылы, Абай көшесі 5"


def test_registrar_of_another_district_cannot_see_or_manage_the_queue(tree, registrar, other_registrar, day_of,
                                                                      topics):
    booking = day_of["early"]
    with pytest.raises(PermissionDenied):
        selectors.day_queue(other_registrar, tree["rd_a"], TUESDAY)
    with pytest.raises(Http404):
        selectors.booking_for(other_registrar, tree["rd_a"], booking.pk)
    for action in (services.mark_arrived, services.mark_no_show):
        with pytest.raises(PermissionDenied):
            action(actor=other_registrar, booking=booking)
    with pytest.raises(PermissionDenied):
        services.record_visit(actor=other_registrar, booking=booking,
                              appeals=[{"topic": topics["roads"], "subject": "a", "text": "b"}])
    with pytest.raises(PermissionDenied):
        services.add_walk_in(actor=other_registrar, territory=tree["rd_a"], visitor_name="Бөтен")
    booking.refresh_from_db()
    assert booking.status == Status.BOOKED and Appeal.objects.count() == 0
    assert list(selectors.units_for(other_registrar)) == [tree["rd_b"]]


def test_district_supervisor_reads_but_does_not_manage(tree, make_staff, day_of):
    from auyl.core.roles import Role

    supervisor = make_staff(Role.DISTRICT_SUPERVISOR, tree["district"])
    assert len(selectors.day_queue(supervisor, tree["rd_a"], TUESDAY)) == 3
    with pytest.raises(PermissionDenied):
        services.mark_arrived(actor=supervisor, booking=day_of["early"])
