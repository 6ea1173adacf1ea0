"""Fixtures of the budget tests: a fixed clock, staff of the test tree, budgets brought to any step.

The clock is fixed at 15 June 2030, 10:00 in Almaty, so that "the current year" (2030), "in the
future" and "the year is over" do not depend on when the tests run.
"""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from auyl.accounts.testing import make_staff_user
from auyl.core.roles import Role

ALMATY = ZoneInfo("Asia/Almaty")
TODAY = dt.date(2030, 6, 15)
YEAR = 2030

REVENUE = {
    "property_tax": Decimal("1000000.00"),
    "land_tax": Decimal("500000.00"),
    "vehicle_tax": Decimal("2000000.00"),
    "income_tax": Decimal("1500000.00"),
    "fees": Decimal("100000.50"),
    "transfers": Decimal("15000000.00"),
}
EXPENDITURE = {
    "apparatus": Decimal("6000000.00"),
    "preschool": Decimal("9000000.00"),
    "roads": Decimal("3000000.00"),
    "street-lighting": Decimal("2100000.50"),
}
DATES = {
    "drafted": dt.date(YEAR - 1, 10, 1),
    "published": dt.date(YEAR - 1, 11, 10),
    "agreed": dt.date(YEAR - 1, 12, 1),
    "approved": dt.date(YEAR - 1, 12, 20),
    "started": dt.date(YEAR, 1, 1),
}
STEPS = ["draft", "planned", "published", "agreed", "approved", "executing"]


class Clock:
    def __init__(self, monkeypatch):
        self.set(TODAY)
        monkeypatch.setattr(timezone, "now", lambda: self.now.astimezone(dt.UTC))

    def set(self, day: dt.date, at: dt.time = dt.time(10, 0)) -> None:
        self.now = dt.datetime.combine(day, at, tzinfo=ALMATY)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def english():
    """Messages produced outside a request are asserted in English; kk and ru are checked on pages."""
    with translation.override("en"):
        yield


@pytest.fixture
def programmes(db):
    from auyl.budget.catalogue import load_programmes
    from auyl.budget.models import Programme

    load_programmes()
    return {p.code: p for p in Programme.objects.all()}


@pytest.fixture
def staff(tree):
    def user(role, unit, name):
        return make_staff_user(role, tree[unit], username=name)

    return {
        "akim": user(Role.AKIM, "rd_a", "akim_a"),
        "executor": user(Role.EXECUTOR, "rd_a", "executor_a"),
        "registrar": user(Role.REGISTRAR, "rd_a", "registrar_a"),
        "district": user(Role.DISTRICT_SUPERVISOR, "district", "district"),
        "akim_b": user(Role.AKIM, "rd_b", "akim_b"),
        "executor_b": user(Role.EXECUTOR, "rd_b", "executor_b"),
        "auditor": user(Role.AUDITOR, "rd_a", "auditor_a"),
    }


@pytest.fixture
def make_budget(tree, staff, programmes):
    """``make_budget(until="executing", territory=..., year=...)``: a budget taken through the services up
    to the named step (see STEPS) with the REVENUE / EXPENDITURE plan."""
    from auyl.budget import services

    def build(
        until: str = "executing",
        territory=None,
        year: int = YEAR,
        period_kind: str = "month",
        revenue=None,
        expenditure=None,
        shift_years: int = 0,
    ):
        territory = territory or tree["rd_a"]
        actor = staff["akim"] if territory == tree["rd_a"] else staff["akim_b"]
        dates = {k: d.replace(year=d.year - shift_years) for k, d in DATES.items()}
        budget = services.create_budget(
            actor=actor, territory=territory, year=year, period_kind=period_kind, drafted_on=dates["drafted"]
        )
        version = budget.versions.get()
        wanted = STEPS.index(until)
        if wanted >= 1:
            services.save_plan(
                actor=actor,
                version=version,
                revenue=revenue or REVENUE,
                expenditure=expenditure or EXPENDITURE,
            )
        if wanted >= 2:
            services.publish(actor=actor, version=version, published_on=dates["published"])
        if wanted >= 3:
            services.record_agreement(actor=actor, version=version, agreed_on=dates["agreed"], number="7")
        if wanted >= 4:
            services.record_approval(
                actor=staff["district"], version=version, approved_on=dates["approved"], number="41/3"
            )
        if wanted >= 5:
            services.start_execution(actor=actor, version=version, started_on=dates["started"])
        budget.refresh_from_db()
        return budget

    return build


@pytest.fixture
def resident_user(tree, staff):
    from auyl.accounts.models import User
    from auyl.territory.services import register_resident

    person = register_resident(
        actor=staff["registrar"],
        settlement=tree["village_a1"],
        last_name="Сейтқали",
        first_name="Әлия",
        phone="+77011112233",
    )
    user = User.objects.create_user(
        username="resident-aliya", phone="+77011112233", resident=person, full_name=person.full_name
    )
    user.set_unusable_password()
    user.save()
    return user


@pytest.fixture
def staff_client(client, staff):
    from auyl.accounts.testing import force_staff_login

    def login(name: str):
        force_staff_login(client, staff[name])
        return client

    return login
