"""Fixtures of the assemblies tests: staff on the test tree, residents of its villages, meetings."""

import datetime as dt
import itertools

import pytest
from django.utils import timezone, translation

from auyl.accounts.testing import force_staff_login, make_staff_user
from auyl.assemblies import services
from auyl.core.roles import Role
from auyl.territory.models import Resident

_serial = itertools.count(1)


@pytest.fixture
def english():
    """Assertions read the English messages (kk/ru catalogues are the lead's). Not autouse: the page
    tests of this directory check Kazakh and Russian."""
    with translation.override("en"):
        yield


def make_resident(
    settlement, last_name="Ахметов", first_name="Ержан", *, age=40, phone=None, on=None, **extra
):
    """A registered resident of ``settlement`` who is ``age`` years old on ``on`` (default today)."""
    n = next(_serial)
    on = on or timezone.localdate()
    birth = on.replace(year=on.year - age) - dt.timedelta(days=1)
    if phone is None:
        phone = f"+7701{n:07d}"
    return Resident.objects.create(
        last_name=last_name,
        first_name=first_name,
        search_name=f"{last_name} {first_name}".casefold(),
        birth_date=birth,
        settlement=settlement,
        territory_path=settlement.path,
        phone=phone,
        **extra,
    )


@pytest.fixture
def staff(tree):
    def user(role, unit, name, **extra):
        person = make_staff_user(role, tree[unit], username=name)
        person.preferred_language = "en"
        for field, value in extra.items():
            setattr(person, field, value)
        person.save()
        return person

    return {
        "registrar": user(Role.REGISTRAR, "rd_a", "registrar_a"),
        "akim": user(Role.AKIM, "rd_a", "akim_a", email="akim.a@akimat.kz"),
        "executor": user(Role.EXECUTOR, "rd_a", "executor_a"),
        "registrar_b": user(Role.REGISTRAR, "rd_b", "registrar_b"),
        "akim_b": user(Role.AKIM, "rd_b", "akim_b", email="akim.b@akimat.kz"),
        "district_akim": user(Role.AKIM, "district", "district_akim", email="district.akim@akimat.kz"),
        "supervisor": user(Role.DISTRICT_SUPERVISOR, "district", "supervisor", phone="+77015550009"),
    }


@pytest.fixture
def villagers(tree):
    """Twenty adults of Kyzyl Zhuldyz (village_a2), a minor there, one adult of Krasny Yar (village_a1)."""
    village = tree["village_a2"]
    adults = [make_resident(village, f"Жұмабаев{i:02d}", "Нұрлан") for i in range(20)]
    return {
        "adults": adults,
        "minor": make_resident(village, "Жас", "Бала", age=16),
        "neighbour": make_resident(tree["village_a1"], "Иванов", "Сергей"),
        "other_district": make_resident(tree["village_b1"], "Петров", "Андрей"),
    }


def in_days(days: int, hour: int = 18) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


AGENDA = [
    {
        "kind": "local_question",
        "title": "Repair of the road to the school",
        "addressed_to_akim": True,
        "decision_text": "Ask the akim to repair the road before September.",
    },
    {"kind": "commission_election", "title": "Election of the self-government commission"},
]


@pytest.fixture
def convene(staff):
    """Convene and publish a meeting, then (``today=True``) move it to today as if the days had passed."""
    from auyl.assemblies import services
    from auyl.assemblies.models import Meeting

    def make(territory, *, kind="gathering", agenda=None, today=True, open_it=True, actor=None):
        actor = actor or staff["registrar"]
        meeting = services.convene_meeting(
            actor=actor,
            territory=territory,
            kind=kind,
            title="Gathering on roads",
            starts_at=in_days(10),
            venue="House of culture",
            agenda=agenda or AGENDA,
            chair_name="Серікбаев Е.",
            secretary_name="Ахметова Г.",
        )
        meeting = services.publish_notice(actor=actor, meeting=meeting)
        if today:
            Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - dt.timedelta(minutes=5))
            meeting.refresh_from_db()
            if open_it:
                meeting = services.open_meeting(actor=actor, meeting=meeting)
        return meeting

    return make


@pytest.fixture
def signed_in(client):
    def as_user(user):
        client.logout()
        force_staff_login(client, user)
        return client

    return as_user


@pytest.fixture
def gathering(tree, villagers, convene, staff):
    """An open gathering of Kyzyl Zhuldyz (20 adults: quorum 2) with three residents present."""
    meeting = convene(tree["village_a2"])
    for person in villagers["adults"][:3]:
        services.check_in(actor=staff["registrar"], meeting=meeting, resident=person)
    return meeting
