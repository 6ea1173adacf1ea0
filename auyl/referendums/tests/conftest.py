"""Fixtures: a movable clock, staff of two rural districts, residents with accounts, and questions."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from auyl.core.roles import Role

ALMATY = ZoneInfo("Asia/Almaty")
TODAY = dt.date(2030, 3, 1)


class Clock:
    def __init__(self, monkeypatch):
        self.now = dt.datetime.combine(TODAY, dt.time(10, 0), tzinfo=ALMATY)
        monkeypatch.setattr(timezone, "now", lambda: self.now.astimezone(dt.UTC))

    def set(self, day: dt.date) -> None:
        self.now = dt.datetime.combine(day, dt.time(10, 0), tzinfo=ALMATY)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def staff(tree, make_staff):
    return {
        "akim": make_staff(Role.AKIM, tree["rd_a"], username="akim-a"),
        "registrar": make_staff(Role.REGISTRAR, tree["rd_a"], username="registrar-a"),
        "auditor": make_staff(Role.AUDITOR, tree["region"], username="auditor"),
        "akim_b": make_staff(Role.AKIM, tree["rd_b"], username="akim-b"),
        "registrar_b": make_staff(Role.REGISTRAR, tree["rd_b"], username="registrar-b"),
        "district_akim": make_staff(Role.AKIM, tree["district"], username="district-akim"),
    }


def make_person(registrar, settlement, last, first, birth, phone="", account=True):
    from auyl.accounts.models import User
    from auyl.territory.services import register_resident

    person = register_resident(
        actor=registrar,
        settlement=settlement,
        last_name=last,
        first_name=first,
        birth_date=birth,
        phone=phone,
    )
    if not account:
        return person
    user = User.objects.create_user(
        username=f"resident-{person.pk}", phone=phone or None, resident=person, full_name=person.full_name
    )
    user.set_unusable_password()
    user.save()
    return user


@pytest.fixture
def people(tree, staff):
    """Adults of rural district A (two villages), a minor, one of rural district B."""
    reg_a, reg_b = staff["registrar"], staff["registrar_b"]
    return {
        "aliya": make_person(
            reg_a, tree["village_a1"], "Сейтқали", "Әлия", dt.date(1990, 5, 1), "+77011112233"
        ),
        "marat": make_person(
            reg_a, tree["village_a2"], "Алиев", "Марат", dt.date(1975, 1, 20), "+77011112234"
        ),
        "dana": make_person(
            reg_a, tree["village_a1"], "Омарова", "Дана", dt.date(1988, 9, 9), "+77011112235"
        ),
        "teen": make_person(
            reg_a, tree["village_a1"], "Жұмабаев", "Ерлан", dt.date(2015, 4, 5), "+77011112236"
        ),
        "outsider": make_person(
            reg_b, tree["village_b1"], "Иванов", "Сергей", dt.date(1980, 3, 3), "+77011112237"
        ),
    }


@pytest.fixture
def initiative(tree, staff, people):
    """A residents' initiative of rural district A: 3 adults registered, 5% -> 1 signature needed."""
    from auyl.referendums import services

    return services.create_question(
        actor=staff["akim"],
        territory=tree["rd_a"],
        kind="referendum",
        initiator="residents",
        question="Ауыл орталығында саябақ салынсын ба?",
    )


def scheduled(staff, clock, referendum, start=TODAY + dt.timedelta(days=10), days=3):
    """Schedule ``referendum`` and move the clock into its voting days."""
    from auyl.referendums import services

    services.schedule_vote(
        actor=staff["akim"],
        referendum=referendum,
        voting_from=start,
        voting_until=start + dt.timedelta(days=days - 1),
    )
    clock.set(start)
    referendum.refresh_from_db()
    return referendum


@pytest.fixture
def voting(staff, people, clock, initiative):
    """The initiative, signed by Aliya, scheduled, with the clock on its first voting day."""
    from auyl.referendums import services

    services.sign(actor=people["aliya"], referendum=initiative)
    return scheduled(staff, clock, initiative)
