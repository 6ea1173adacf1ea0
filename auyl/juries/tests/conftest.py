"""Fixtures of the jury tests: a registry of residents in two villages, an akim, signed-in clients."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from auyl.core.roles import Role


@pytest.fixture(autouse=True)
def _english():
    """Messages produced outside a request are asserted in English; kk and ru are checked on pages."""
    with translation.override("en"):
        yield


def add_resident(settlement, n: int, *, sex="m", age=30, phone=True):
    from auyl.territory.models import Resident

    today = timezone.localdate()
    birth = dt.date(today.year - age, 1, 1) if age is not None else None
    return Resident.objects.create(
        last_name=f"Resident{n}",
        first_name="Test",
        search_name=f"resident{n} test",
        birth_date=birth,
        sex=sex,
        settlement=settlement,
        territory_path=settlement.path,
        phone=f"+7701{n:07d}" if phone else "",
    )


@pytest.fixture
def registry(tree):
    """60 adults in rural district A (40 in village a1, 20 in a2), plus people who must not be drawn:
    minors, residents without a birth date, and residents of rural district B."""
    people = []
    n = 0
    for village, count in ((tree["village_a1"], 40), (tree["village_a2"], 20)):
        for i in range(count):
            n += 1
            people.append(add_resident(village, n, sex="m" if i % 2 else "f", age=(20, 35, 50, 70)[i % 4]))
    add_resident(tree["village_a1"], 901, age=15)
    add_resident(tree["village_a1"], 902, age=None)
    add_resident(tree["village_a1"], 903, sex="")
    for i in range(5):
        add_resident(tree["village_b1"], 950 + i)
    return people


@pytest.fixture
def akim(tree, make_staff):
    return make_staff(Role.AKIM, tree["rd_a"], username="akim-a")


@pytest.fixture
def other_akim(tree, make_staff):
    return make_staff(Role.AKIM, tree["rd_b"], username="akim-b")


@pytest.fixture
def jury(akim, tree, registry):
    from auyl.juries import services

    return services.create_jury(
        actor=akim,
        territory=tree["rd_a"],
        title="Street lighting",
        question="Which streets should be lit first?",
        size=15,
    )


@pytest.fixture
def drawn(akim, jury):
    from auyl.juries import services

    services.announce_draw(
        actor=akim, jury=jury, seed_source="The first prize number of the lottery of 1 June"
    )
    return services.run_draw(actor=akim, jury=jury, public_value="4815162342")


@pytest.fixture
def akim_client(client, akim):
    from auyl.accounts.testing import force_staff_login

    force_staff_login(client, akim)
    return client
