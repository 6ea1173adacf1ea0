"""Fixtures of the election tests: recorders of two districts, an election with two registered candidates."""

import datetime as dt

import pytest
from django.utils import translation

ELECTION_DAY = dt.date(2021, 7, 25)
NOMINATION_END = dt.date(2021, 6, 25)
DECIDED = dt.date(2021, 7, 5)


@pytest.fixture(autouse=True)
def _english():
    """Messages produced outside a request are asserted in English; kk and ru are checked on pages."""
    with translation.override("en"):
        yield


@pytest.fixture
def other_unit(tree):
    """A rural district of another district of the same region."""
    from auyl.territory.models import Level
    from auyl.territory.testing import make_unit

    district = make_unit("113200000", Level.DISTRICT, "Ақкөл ауданы", tree["region"])
    return make_unit("113233000", Level.RURAL_DISTRICT, "Азат ауылдық округі", district)


@pytest.fixture
def recorder(tree, make_staff):
    from auyl.core.roles import Role

    return make_staff(Role.DISTRICT_SUPERVISOR, tree["district"], username="district-recorder")


@pytest.fixture
def outsider(other_unit, make_staff):
    from auyl.core.roles import Role

    return make_staff(Role.DISTRICT_SUPERVISOR, other_unit.parent, username="akkol-recorder")


@pytest.fixture
def admin(make_staff):
    from auyl.core.roles import Role

    return make_staff(Role.ADMINISTRATOR, None, username="national-admin")


def person(name, **extra):
    data = {
        "full_name": name,
        "birth_date": dt.date(1976, 3, 1),
        "sex": "m",
        "nomination": "party",
        "party": "amanat",
        "lives_in_district": True,
    }
    data.update(extra)
    return data


@pytest.fixture
def election(tree, recorder):
    from auyl.elections import services

    return services.schedule_election(
        actor=recorder,
        territory=tree["rd_a"],
        election_date=ELECTION_DAY,
        nomination_end=NOMINATION_END,
        voters=1000,
    )


@pytest.fixture
def two_registered(election, recorder):
    """Two registered candidates: a party nominee and a self-nominated one with enough signatures."""
    from auyl.elections import services

    first = services.nominate_candidate(
        actor=recorder, election=election, **person("Ахметов Берік", is_incumbent=True)
    )
    second = services.nominate_candidate(
        actor=recorder,
        election=election,
        **person(
            "Иванова Ольга",
            sex="f",
            nomination="self",
            party="",
            signatures=10,
            birth_date=dt.date(1985, 8, 1),
        ),
    )
    for c in (first, second):
        services.decide_registration(actor=recorder, candidate=c, registered=True, decision_date=DECIDED)
    first.refresh_from_db()
    second.refresh_from_db()
    return first, second
