"""Fixtures of the reception tests: a fixed clock, topics, a resident account, staff clients.

The clock is fixed at Tuesday 2 April 2030, 09:00 in Almaty (a reception day before the reception
starts), so that "today", "past" and "within the horizon" do not depend on when the tests run.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

ALMATY = ZoneInfo("Asia/Almaty")
TUESDAY = dt.date(2030, 4, 2)
WEDNESDAY = TUESDAY + dt.timedelta(days=1)
THURSDAY = TUESDAY + dt.timedelta(days=2)
NEXT_TUESDAY = TUESDAY + dt.timedelta(days=7)


class Clock:
    def __init__(self, monkeypatch):
        self.now = dt.datetime.combine(TUESDAY, dt.time(9, 0), tzinfo=ALMATY)
        monkeypatch.setattr(timezone, "now", lambda: self.now.astimezone(dt.UTC))

    def set(self, day: dt.date, at: dt.time = dt.time(9, 0)) -> None:
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
def topics(db):
    from auyl.appeals.models import Topic

    roads = Topic.objects.create(code="roads", form_826=6, sector_7="housing_communal", topic_10="housing_utilities",
                                 reception_16="roads", name_kk="Жолдар", name_ru="Дороги", name_en="Roads", sort=1)
    water = Topic.objects.create(code="water", form_826=8, sector_7="housing_communal", topic_10="housing_utilities",
                                 reception_16="water", name_kk="Су", name_ru="Вода", name_en="Water", sort=2,
                                 is_emergency=True)
    Topic.objects.create(code="old", form_826=12, sector_7="social", topic_10="other", reception_16="other",
                         name_en="Retired topic", is_active=False)
    return {"roads": roads, "water": water}


@pytest.fixture
def registrar(tree, make_staff):
    from auyl.core.roles import Role

    return make_staff(Role.REGISTRAR, tree["rd_a"], username="registrar-a")


@pytest.fixture
def other_registrar(tree, make_staff):
    from auyl.core.roles import Role

    return make_staff(Role.REGISTRAR, tree["rd_b"], username="registrar-b")


@pytest.fixture
def resident_user(tree, registrar):
    from auyl.accounts.models import User
    from auyl.territory.services import register_resident

    person = register_resident(actor=registrar, settlement=tree["village_a1"], last_name="Сейтқали",
                               first_name="Әлия", phone="+77011112233")
    user = User.objects.create_user(username="resident-aliya", phone="+77011112233", resident=person,
                                    full_name=person.full_name)
    user.set_unusable_password()
    user.save()
    return user


@pytest.fixture
def staff_client(client, registrar):
    from auyl.accounts.testing import force_staff_login

    force_staff_login(client, registrar)
    return client
