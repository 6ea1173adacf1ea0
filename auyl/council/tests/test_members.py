"""Members: the seat of the settlement they live in, seats not exceeded, one chair, leaving early,
and the session roll that the assemblies engine uses as the quorum base."""

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from auyl.core.models import AuditEvent
from auyl.council import selectors, services
from auyl.council.models import Member

from .conftest import TERM_START, TODAY

ALMATY = ZoneInfo("Asia/Almaty")


def messages(exc) -> str:
    return " ".join(exc.value.messages)


def session(territory, day: dt.date, hour: int = 11):
    return SimpleNamespace(
        territory_id=territory.pk,
        territory=territory,
        starts_at=dt.datetime.combine(day, dt.time(hour), tzinfo=ALMATY),
    )


def test_member_holds_the_seat_of_the_village_they_live_in(tree, registrar, council, person):
    member = services.add_member(actor=registrar, council=council, resident=person("village_a2", "Ахметов"))
    assert member.settlement == tree["village_a2"] and member.start_date == TODAY and member.end_date is None
    assert AuditEvent.objects.filter(action="council.member_added", object_id=str(member.pk)).exists()


def test_member_cannot_hold_another_village_seat(tree, registrar, council, person):
    with pytest.raises(ValidationError) as exc:
        services.add_member(
            actor=registrar,
            council=council,
            resident=person("village_a1", "Омаров"),
            settlement=tree["village_a2"],
        )
    assert "lives in Қызыл Жар, not in Қызыл Жұлдыз" in messages(exc)
    assert not Member.objects.exists()


def test_resident_of_another_rural_district_is_refused(tree, registrar, council, person):
    with pytest.raises(ValidationError) as exc:
        services.add_member(actor=registrar, council=council, resident=person("village_b1", "Сейітов"))
    assert "which has no seat on this council" in messages(exc)


def test_seats_of_a_village_are_not_exceeded_until_a_member_leaves(tree, registrar, council, person):
    first = services.add_member(
        actor=registrar, council=council, resident=person("village_a2", "Бірінші"), start_date=TERM_START
    )
    second = person("village_a2", "Екінші")
    with pytest.raises(ValidationError) as exc:
        services.add_member(actor=registrar, council=council, resident=second)
    assert "All 1 seats of Қызыл Жұлдыз are taken" in messages(exc)
    services.end_membership(actor=registrar, member=first, end_date=dt.date(2030, 3, 10), reason="Resigned")
    with pytest.raises(ValidationError):  # still on the council on 10 March
        services.add_member(
            actor=registrar, council=council, resident=second, start_date=dt.date(2030, 3, 10)
        )
    successor = services.add_member(
        actor=registrar, council=council, resident=second, start_date=dt.date(2030, 3, 11)
    )
    assert successor.start_date == dt.date(2030, 3, 11)
    assert Member.objects.filter(settlement=tree["village_a2"]).count() == 2


def test_a_successor_between_two_members_does_not_count_twice(tree, registrar, council, person, monkeypatch):
    """Eight seats of Krasny Yar: seven full-term members, one seat held in turn by two people, then a
    third joins after the second left; the seat count is by day, not by the number of rows."""
    for i in range(7):
        services.add_member(
            actor=registrar, council=council, resident=person("village_a1", f"Full{i}"), start_date=TERM_START
        )
    a = services.add_member(
        actor=registrar, council=council, resident=person("village_a1", "A"), start_date=TERM_START
    )
    services.end_membership(actor=registrar, member=a, end_date=dt.date(2030, 2, 1), reason="Resigned")
    b = services.add_member(
        actor=registrar, council=council, resident=person("village_a1", "B"), start_date=dt.date(2030, 2, 2)
    )
    services.end_membership(actor=registrar, member=b, end_date=dt.date(2030, 3, 1), reason="Resigned")
    c = services.add_member(
        actor=registrar, council=council, resident=person("village_a1", "C"), start_date=dt.date(2030, 3, 2)
    )
    assert c.pk
    with pytest.raises(ValidationError):
        services.add_member(actor=registrar, council=council, resident=person("village_a1", "D"))


def test_minor_duplicate_and_dates_outside_the_term_are_refused(tree, registrar, council, person):
    with pytest.raises(ValidationError) as exc:
        services.add_member(
            actor=registrar, council=council, resident=person("village_a1", "Жас", dt.date(2015, 1, 1))
        )
    assert "must be an adult" in messages(exc)
    someone = person("village_a1", "Бар")
    services.add_member(actor=registrar, council=council, resident=someone)
    with pytest.raises(ValidationError) as exc:
        services.add_member(actor=registrar, council=council, resident=someone)
    assert "already a member of this council" in messages(exc)
    with pytest.raises(ValidationError) as exc:
        services.add_member(
            actor=registrar,
            council=council,
            resident=person("village_a1", "Ерте"),
            start_date=dt.date(2029, 12, 31),
        )
    assert "within the term 15.01.2030 – 14.01.2034" in messages(exc)
    assert Member.objects.count() == 1


def test_one_chair_at_a_time_and_the_previous_chair_stays_a_member(tree, registrar, council, person):
    first = services.add_member(
        actor=registrar, council=council, resident=person("village_a1", "Төраға"), is_chair=True
    )
    assert first.is_chair and first.chair_since == TODAY
    second = services.add_member(actor=registrar, council=council, resident=person("village_a2", "Екінші"))
    services.appoint_chair(actor=registrar, member=second)
    first.refresh_from_db()
    assert not first.is_chair and first.end_date is None
    assert selectors.chair_of(council) == second
    with pytest.raises(ValidationError) as exc:
        services.appoint_chair(actor=registrar, member=second)
    assert "already the chair" in messages(exc)


def test_a_member_who_left_cannot_become_chair_and_a_leaving_chair_leaves_the_post_empty(
    tree, registrar, council, person, clock
):
    chair = services.add_member(
        actor=registrar,
        council=council,
        resident=person("village_a1", "Төраға"),
        start_date=TERM_START,
        is_chair=True,
    )
    services.end_membership(actor=registrar, member=chair, end_date=dt.date(2030, 3, 1), reason="Moved away")
    assert selectors.chair_of(council) is None
    gone = services.add_member(
        actor=registrar, council=council, resident=person("village_a1", "Кетті"), start_date=TERM_START
    )
    services.end_membership(actor=registrar, member=gone, end_date=dt.date(2030, 3, 2), reason="Moved away")
    with pytest.raises(ValidationError) as exc:
        services.appoint_chair(actor=registrar, member=gone)
    assert "is not a member of the council on 04.03.2030" in messages(exc)
    successor = services.add_member(actor=registrar, council=council, resident=person("village_a1", "Жаңа"))
    services.appoint_chair(actor=registrar, member=successor)
    assert selectors.chair_of(council) == successor


def test_leaving_is_recorded_once_with_a_reason_and_a_date_within_the_term(tree, registrar, council, person):
    member = services.add_member(actor=registrar, council=council, resident=person("village_a1", "Кетеді"))
    with pytest.raises(ValidationError) as exc:
        services.end_membership(actor=registrar, member=member, end_date=dt.date(2030, 3, 20), reason="  ")
    assert "Give the reason" in messages(exc)
    with pytest.raises(ValidationError):
        services.end_membership(actor=registrar, member=member, end_date=dt.date(2030, 3, 1), reason="Early")
    with pytest.raises(ValidationError):
        services.end_membership(actor=registrar, member=member, end_date=dt.date(2035, 1, 1), reason="Late")
    with pytest.raises(ValidationError):
        services.end_membership(
            actor=registrar, member=member, end_date=dt.date(2030, 3, 20), reason="x" * 501
        )
    services.end_membership(actor=registrar, member=member, end_date=dt.date(2030, 3, 20), reason="Resigned")
    with pytest.raises(ValidationError) as exc:
        services.end_membership(actor=registrar, member=member, end_date=dt.date(2030, 3, 25), reason="Again")
    assert "already left the council on 20.03.2030" in messages(exc)
    member.refresh_from_db()
    assert (member.end_date, member.left_reason) == (dt.date(2030, 3, 20), "Resigned")


def test_members_are_managed_only_by_the_registrar_of_that_district(
    tree, other_registrar, council_member, council, person
):
    resident = person("village_a1", "Кім")
    for actor in (other_registrar, council_member):
        with pytest.raises(PermissionDenied):
            services.add_member(actor=actor, council=council, resident=resident)
    assert not Member.objects.exists()


def test_session_roll_is_the_members_on_the_day_of_the_session(tree, registrar, council, person):
    stays = services.add_member(
        actor=registrar, council=council, resident=person("village_a1", "Қалады"), start_date=TERM_START
    )
    leaves = services.add_member(
        actor=registrar, council=council, resident=person("village_a2", "Кетеді"), start_date=TERM_START
    )
    joins = services.add_member(
        actor=registrar,
        council=council,
        resident=person("village_a1", "Келеді"),
        start_date=dt.date(2030, 3, 11),
    )
    services.end_membership(actor=registrar, member=leaves, end_date=dt.date(2030, 3, 10), reason="Resigned")

    def roll(day, territory=tree["rd_a"], hour=11):
        return set(selectors.session_roll(session(territory, day, hour)).values_list("pk", flat=True))

    assert roll(dt.date(2030, 3, 10)) == {stays.resident_id, leaves.resident_id}  # the last day counts
    assert roll(dt.date(2030, 3, 11)) == {stays.resident_id, joins.resident_id}
    assert roll(dt.date(2030, 1, 14)) == set()  # before the term
    assert roll(dt.date(2034, 1, 15)) == set()  # after the term
    assert roll(dt.date(2030, 3, 11), territory=tree["rd_b"]) == set()
    # 00:30 in Almaty on 11 March is still 10 March in UTC: the local date decides.
    assert roll(dt.date(2030, 3, 11), hour=0) == {stays.resident_id, joins.resident_id}


def test_is_member_on_answers_for_a_council_id_held_by_another_app(tree, registrar, council, person):
    member = services.add_member(
        actor=registrar, council=council, resident=person("village_a1", "Мүше"), start_date=TERM_START
    )
    services.end_membership(actor=registrar, member=member, end_date=dt.date(2030, 3, 10), reason="Resigned")
    assert selectors.is_member_on(str(council.pk), member.resident, dt.date(2030, 3, 10))
    assert not selectors.is_member_on(council.pk, member.resident, dt.date(2030, 3, 11))
    for bad in ("abc", "", None, 10**30, council.pk + 1):
        assert not selectors.is_member_on(bad, member.resident, dt.date(2030, 3, 1))
