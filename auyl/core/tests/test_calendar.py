import datetime as dt

import pytest

from auyl.core.calendar import Window, add_days, is_working_day, working_days_between
from auyl.core.models import CalendarDay

D = dt.date


@pytest.fixture
def holidays(db):
    # March 2026: Nauryz 21-23 March (Saturday to Monday); 24 and 25 March transferred days off.
    for day in (21, 22, 23):
        CalendarDay.objects.create(date=D(2026, 3, day), kind=CalendarDay.Kind.HOLIDAY, name_kk="Наурыз")
    for day in (24, 25):
        CalendarDay.objects.create(date=D(2026, 3, day), kind=CalendarDay.Kind.DAY_OFF)
    # A Saturday worked in exchange.
    CalendarDay.objects.create(date=D(2026, 3, 28), kind=CalendarDay.Kind.WORKING_DAY)


def test_calendar_days_without_exceptions(db):
    assert add_days(D(2026, 6, 1), 15) == D(2026, 6, 16)  # Monday + 15 = Tuesday


def test_calendar_deadline_on_weekend_moves_to_next_working_day(db):
    assert add_days(D(2026, 6, 5), 15) == D(2026, 6, 22)  # Saturday 20 June -> Monday 22 June


def test_calendar_deadline_skips_holidays_and_days_off(holidays):
    # 5 March + 15 = Friday 20 March, a working day.
    assert add_days(D(2026, 3, 5), 15) == D(2026, 3, 20)
    # 6 March + 15 = Saturday 21 March: holiday run until Wednesday 25 March -> Thursday 26 March.
    assert add_days(D(2026, 3, 6), 15) == D(2026, 3, 26)


def test_working_days_skip_holidays_and_count_transferred_saturdays(holidays):
    # From Friday 20 March: 26 (Thu), 27 (Fri), 28 (Sat, worked), 30 (Mon), 31 (Tue).
    assert add_days(D(2026, 3, 20), 5, "working") == D(2026, 3, 31)
    assert is_working_day(D(2026, 3, 28)) and not is_working_day(D(2026, 3, 23))
    assert working_days_between(D(2026, 3, 20), D(2026, 3, 31)) == 5
    assert working_days_between(D(2026, 3, 31), D(2026, 3, 20)) == -5


def test_zero_days_and_negative_days(db):
    assert add_days(D(2026, 6, 1), 0, "working") == D(2026, 6, 1)
    with pytest.raises(ValueError):
        add_days(D(2026, 6, 1), -1)
    with pytest.raises(ValueError):
        add_days(D(2026, 6, 1), 1, "lunar")


def test_long_working_day_spans_cross_the_lookahead(db):
    # 250 working days from 1 Jan 2026 with no exceptions = 50 full weeks later.
    assert add_days(D(2026, 1, 1), 250, "working") == D(2026, 12, 17)


def test_a_shared_window_gives_the_same_deadlines_with_one_read(holidays, django_assert_num_queries):
    start = D(2026, 3, 6)
    with django_assert_num_queries(1):
        window = Window(start, start + dt.timedelta(days=10))  # shorter than the deadlines: it extends itself
    assert add_days(start, 15, "calendar", window) == add_days(start, 15, "calendar") == D(2026, 3, 26)
    assert add_days(start, 3, "working", window) == add_days(start, 3, "working") == D(2026, 3, 11)
    assert add_days(D(2026, 3, 20), 5, "working", window) == D(2026, 3, 31)  # extends past its first end
