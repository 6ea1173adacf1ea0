"""Fixtures of the plans tests: a fixed clock, people holding roles on the test tree, a plan factory.

The clock stands at Thursday 19 November 2026, 10:00 in Almaty, so that "late", "future" and "expected
by now" do not depend on when the tests run.
"""

import datetime as dt
from decimal import Decimal
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
        return make_staff_user(role, tree[unit] if unit else None, username=name)

    return {
        "registrar": staff(Role.REGISTRAR, "rd_a", "registrar_a"),
        "akim": staff(Role.AKIM, "rd_a", "akim_a"),
        "executor": staff(Role.EXECUTOR, "rd_a", "executor_a"),
        "deputy": staff(Role.DEPUTY, "rd_a", "deputy_a"),
        "akim_b": staff(Role.AKIM, "rd_b", "akim_b"),
        "executor_b": staff(Role.EXECUTOR, "rd_b", "executor_b"),
        "supervisor": staff(Role.DISTRICT_SUPERVISOR, "district", "supervisor"),
        "admin": staff(Role.ADMINISTRATOR, None, "admin"),
    }


@pytest.fixture
def make_plan(tree, people):
    """``make_plan(**overrides)``: a plan of rural district A for 2026–2028, by its akim."""
    from auyl.plans import services

    def make(**overrides):
        data = {
            "actor": people["akim"],
            "territory": tree["rd_a"],
            "title": "Даму жоспары 2026–2028",
            "period_start": dt.date(2026, 1, 1),
            "period_end": dt.date(2028, 12, 31),
        }
        data.update(overrides)
        return services.create_plan(**data)

    return make


INDICATOR = {
    "title": "Су құбырына қосылған үйлер",
    "unit": "үй",
    "baseline": Decimal("100"),
    "target": Decimal("200"),
    "starts_on": dt.date(2026, 1, 1),
    "deadline": dt.date(2026, 12, 31),
    "executor": "Ауылдық округ әкімінің аппараты",
    "funding_source": "local",
    "amount": Decimal("12500000.50"),
}


@pytest.fixture
def make_indicator(people):
    from auyl.plans import services

    def make(plan, actor=None, **overrides):
        data = {**INDICATOR, **overrides}
        return services.add_indicator(actor=actor or people["akim"], plan=plan, **data)

    return make


@pytest.fixture
def english():
    """Assertions on messages read the English text (the kk/ru catalogues are filled afterwards)."""
    from django.utils import translation

    with translation.override("en"):
        yield
