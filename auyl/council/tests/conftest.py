"""Fixtures of the council tests: a fixed clock, staff of both rural districts, residents, a council.

The clock is fixed at Monday 4 March 2030, 10:00 in Almaty. The council of rural district A
(villages of 12,361 and 44 people) is formed for the term starting 15 January 2030, so with the
default 9 seats its villages hold 8 seats and 1 seat.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from auyl.core.roles import Role

ALMATY = ZoneInfo("Asia/Almaty")
TODAY = dt.date(2030, 3, 4)
TERM_START = dt.date(2030, 1, 15)


class Clock:
    def __init__(self, monkeypatch):
        self.now = dt.datetime.combine(TODAY, dt.time(10, 0), tzinfo=ALMATY)
        monkeypatch.setattr(timezone, "now", lambda: self.now.astimezone(dt.UTC))

    def set(self, day: dt.date, at: dt.time = dt.time(10, 0)) -> None:
        self.now = dt.datetime.combine(day, at, tzinfo=ALMATY)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture(autouse=True)
def _english():
    """Messages produced outside a request are asserted in English; kk and ru are checked on pages."""
    with translation.override("en"):
        yield


@pytest.fixture
def registrar(tree, make_staff):
    return make_staff(Role.REGISTRAR, tree["rd_a"], username="registrar-a")


@pytest.fixture
def other_registrar(tree, make_staff):
    return make_staff(Role.REGISTRAR, tree["rd_b"], username="registrar-b")


@pytest.fixture
def council_member(tree, make_staff):
    return make_staff(Role.COUNCIL_MEMBER, tree["rd_a"], username="council-a")


@pytest.fixture
def akim(tree, make_staff):
    return make_staff(Role.AKIM, tree["rd_a"], username="akim-a")


@pytest.fixture
def district_akim(tree, make_staff):
    return make_staff(Role.DISTRICT_SUPERVISOR, tree["district"], username="district")


@pytest.fixture
def person(tree, registrar, make_staff):
    """``person(village_key, last_name, born=...)``: a resident registered in that village."""
    from auyl.territory.services import register_resident

    admin = make_staff(Role.ADMINISTRATOR, None, username="admin")

    def make(village: str, last_name: str, born: dt.date = dt.date(1980, 5, 1)):
        return register_resident(
            actor=admin, settlement=tree[village], last_name=last_name, first_name="Test", birth_date=born
        )

    return make


@pytest.fixture
def council(tree, registrar):
    from auyl.council import services

    return services.form_council(actor=registrar, territory=tree["rd_a"], term_start=TERM_START)
