"""Fixtures of the reporting tests: a fixed clock, people holding roles on the test tree, a resident.

The clock stands at Thursday 19 November 2026, 10:00 in Almaty, so that "past", "future", "overdue"
and the report's years do not depend on when the tests run.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from auyl.accounts.testing import make_staff_user
from auyl.core.roles import Role

ALMATY = ZoneInfo("Asia/Almaty")
TODAY = dt.date(2026, 11, 19)


class Clock:
    def __init__(self, monkeypatch):
        self.now = dt.datetime.combine(TODAY, dt.time(10, 0), tzinfo=ALMATY)
        monkeypatch.setattr(timezone, "now", lambda: self.now.astimezone(dt.UTC))

    def set(self, day: dt.date, at: dt.time = dt.time(10, 0)) -> None:
        self.now = dt.datetime.combine(day, at, tzinfo=ALMATY)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def people(tree):
    def staff(role, unit, name):
        user = make_staff_user(role, tree[unit] if unit else None, username=name)
        user.full_name = name.replace("_", " ").title()
        user.preferred_language = "en"
        user.save()
        return user

    return {
        "registrar": staff(Role.REGISTRAR, "rd_a", "registrar_a"),
        "executor": staff(Role.EXECUTOR, "rd_a", "executor_a"),
        "akim": staff(Role.AKIM, "rd_a", "akim_a"),
        "auditor": staff(Role.AUDITOR, "rd_a", "auditor_a"),
        "deputy": staff(Role.DEPUTY, "rd_a", "deputy_a"),
        "registrar_b": staff(Role.REGISTRAR, "rd_b", "registrar_b"),
        "executor_b": staff(Role.EXECUTOR, "rd_b", "executor_b"),
        "akim_b": staff(Role.AKIM, "rd_b", "akim_b"),
        "supervisor": staff(Role.DISTRICT_SUPERVISOR, "district", "supervisor"),
        "district_registrar": staff(Role.REGISTRAR, "district", "district_registrar"),
        "admin": staff(Role.ADMINISTRATOR, None, "admin"),
    }


@pytest.fixture
def kz_resident(tree):
    """A resident of the village of Kyzyl Zhuldyz (village A2 of the test tree)."""
    from auyl.territory.models import Resident

    return Resident.objects.create(
        last_name="Жұмабаева",
        first_name="Әсем",
        search_name="жұмабаева әсем",
        settlement=tree["village_a2"],
        territory_path=tree["village_a2"].path,
        phone="+77017770001",
        address="Қызыл Жұлдыз, Орталық к-сі 3",
    )


@pytest.fixture
def topics(db):
    from auyl.appeals.models import Topic

    return {t.code: t for t in Topic.objects.all()}


@pytest.fixture
def meeting_factory(tree, people):
    """``make(**overrides)``: a meeting of the akim of rural district A, held a week ago in village A1."""
    from auyl.reporting import services

    def make(held=True, **overrides):
        data = {
            "actor": people["registrar"],
            "akim_unit": tree["rd_a"],
            "territory": tree["village_a1"],
            "starts_at": dt.datetime(2026, 11, 12, 15, 0),
            "venue": "Дом культуры",
            "akim_name": "Серікбаев Ержан",
            "already_held": True,
        }
        data.update(overrides)
        meeting = services.plan_meeting(**data)
        if held:
            meeting = services.hold_meeting(
                actor=data["actor"],
                meeting=meeting,
                offline_participants=40,
                broadcasts={"instagram": {"broadcasts": 1, "participants": 60}},
                speakers=6,
                media_local=1,
            )
        return meeting

    return make
