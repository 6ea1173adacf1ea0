"""Reception days and slots follow the rules (Tuesday and Thursday 10:00-12:00 by default) and the
business calendar; regions may change them."""

import datetime as dt

import pytest

from auyl.core.models import CalendarDay, TerritorySetting
from auyl.reception import schedule, selectors

from .conftest import NEXT_TUESDAY, THURSDAY, TUESDAY, WEDNESDAY

DEFAULT_SLOTS = [dt.time(10, 0), dt.time(10, 15), dt.time(10, 30), dt.time(10, 45),
                 dt.time(11, 0), dt.time(11, 15), dt.time(11, 30), dt.time(11, 45)]


def test_slots_only_on_tuesday_and_thursday(tree):
    rd = tree["rd_a"]
    assert selectors.free_slots(rd, TUESDAY) == DEFAULT_SLOTS
    assert selectors.free_slots(rd, THURSDAY) == DEFAULT_SLOTS
    for day in (WEDNESDAY, TUESDAY + dt.timedelta(days=4), TUESDAY + dt.timedelta(days=5)):  # Wed, Sat, Sun
        assert selectors.free_slots(rd, day) == []
    days = [option.date for option in selectors.booking_days(rd)]
    assert days[:4] == [TUESDAY, THURSDAY, NEXT_TUESDAY, NEXT_TUESDAY + dt.timedelta(days=2)]
    assert {day.weekday() for day in days} == {1, 3}
    assert days[-1] <= TUESDAY + dt.timedelta(days=30)


def test_a_public_holiday_has_no_reception(tree):
    CalendarDay.objects.create(date=NEXT_TUESDAY, kind=CalendarDay.Kind.HOLIDAY, name_en="Nauryz")
    assert selectors.free_slots(tree["rd_a"], NEXT_TUESDAY) == []
    assert NEXT_TUESDAY not in [option.date for option in selectors.booking_days(tree["rd_a"])]
    # A Saturday made a working day is still not a reception weekday.
    saturday = TUESDAY + dt.timedelta(days=4)
    CalendarDay.objects.create(date=saturday, kind=CalendarDay.Kind.WORKING_DAY)
    assert selectors.free_slots(tree["rd_a"], saturday) == []


def test_region_may_change_days_hours_and_slot_length(tree):
    TerritorySetting.objects.create(territory=tree["region"], key="reception.slot_minutes", value=30)
    TerritorySetting.objects.create(territory=tree["rd_a"], key="reception.weekdays", value=[2])
    TerritorySetting.objects.create(territory=tree["rd_a"], key="reception.end", value="11:45")
    assert selectors.free_slots(tree["rd_a"], TUESDAY) == []
    assert selectors.free_slots(tree["rd_a"], WEDNESDAY) == [dt.time(10, 0), dt.time(10, 30), dt.time(11, 0)]
    assert len(selectors.free_slots(tree["rd_b"], TUESDAY)) == 4  # the region's 30 minutes, default days


def test_a_malformed_setting_falls_back_to_the_default(tree):
    TerritorySetting.objects.create(territory=tree["rd_a"], key="reception.start", value="ten o'clock")
    TerritorySetting.objects.create(territory=tree["rd_a"], key="reception.slot_minutes", value=0)
    assert selectors.free_slots(tree["rd_a"], TUESDAY) == DEFAULT_SLOTS


def test_passed_times_of_today_are_not_offered(tree, clock):
    clock.set(TUESDAY, dt.time(11, 20))
    assert selectors.free_slots(tree["rd_a"], TUESDAY) == [dt.time(11, 30), dt.time(11, 45)]
    clock.set(TUESDAY, dt.time(12, 30))
    assert selectors.free_slots(tree["rd_a"], TUESDAY) == []
    assert selectors.booking_days(tree["rd_a"])[0].date == THURSDAY
    assert selectors.free_slots(tree["rd_a"], TUESDAY - dt.timedelta(days=7)) == []


@pytest.mark.parametrize("level", ["region", "district", "village_a1"])
def test_only_primary_units_hold_a_reception(tree, registrar, level):
    from django.core.exceptions import ValidationError

    from auyl.reception import services

    with pytest.raises(ValidationError, match="rural district or a town"):
        services.book(actor=registrar, territory=tree[level], date=THURSDAY, slot_time=dt.time(10, 0),
                      visitor_name="Иванов Пётр", phone="+77015556677")


def test_slot_arithmetic():
    hours = schedule.Hours(frozenset({1}), dt.time(9, 0), dt.time(10, 10), 20, 30)
    assert schedule.slot_times(hours) == (dt.time(9, 0), dt.time(9, 20), dt.time(9, 40))
