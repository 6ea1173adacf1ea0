"""Fixtures of the civic-projects tests: a movable clock, staff and residents of two rural districts, and a
campaign whose phases are ten days each from 1 March 2030:

    proposals 01.03–10.03 · review –20.03 · discussion –30.03 · voting 31.03–09.04 · results –19.04 ·
    implementation from 20.04

``clock.to("voting")`` puts "today" in the middle of a phase, so tests walk a campaign through its life
with the real services (which refuse actions outside their phase).
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from auyl.core.roles import Role

ALMATY = ZoneInfo("Asia/Almaty")
START = dt.date(2030, 3, 1)
DATES = {
    "proposals_from": START,
    "proposals_until": START + dt.timedelta(days=9),
    "review_until": START + dt.timedelta(days=19),
    "discussion_until": START + dt.timedelta(days=29),
    "voting_until": START + dt.timedelta(days=39),
    "results_until": START + dt.timedelta(days=49),
}
MIDDLE = {
    "announced": START - dt.timedelta(days=10),
    "proposals": START + dt.timedelta(days=4),
    "review": START + dt.timedelta(days=14),
    "discussion": START + dt.timedelta(days=24),
    "voting": START + dt.timedelta(days=34),
    "results": START + dt.timedelta(days=44),
    "implementation": START + dt.timedelta(days=60),
}


class Clock:
    def __init__(self, monkeypatch):
        self.now = dt.datetime.combine(MIDDLE["announced"], dt.time(10, 0), tzinfo=ALMATY)
        monkeypatch.setattr(timezone, "now", lambda: self.now.astimezone(dt.UTC))

    def set(self, day: dt.date, at: dt.time = dt.time(10, 0)) -> None:
        self.now = dt.datetime.combine(day, at, tzinfo=ALMATY)

    def to(self, phase: str, at: dt.time = dt.time(10, 0)) -> None:
        self.set(MIDDLE[phase], at)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Photos are written under a temporary folder, never into var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english():
    """Messages produced outside a request are asserted in English; kk and ru are checked on pages."""
    with translation.override("en"):
        yield


@pytest.fixture
def staff(tree, make_staff):
    return {
        "akim": make_staff(Role.AKIM, tree["rd_a"], username="akim-a"),
        "registrar": make_staff(Role.REGISTRAR, tree["rd_a"], username="registrar-a"),
        "executor": make_staff(Role.EXECUTOR, tree["rd_a"], username="executor-a"),
        "auditor": make_staff(Role.AUDITOR, tree["region"], username="auditor"),
        "deputy": make_staff(Role.DEPUTY, tree["rd_a"], username="deputy-a"),
        "akim_b": make_staff(Role.AKIM, tree["rd_b"], username="akim-b"),
        "registrar_b": make_staff(Role.REGISTRAR, tree["rd_b"], username="registrar-b"),
    }


def make_person(
    registrar, settlement, last: str, first: str, birth: dt.date | None, phone: str = "", account=True
):
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
def people(tree, staff, make_staff):
    """Residents with accounts: adults of rural district A (two villages), a 17-year-old, one of
    rural district B, one without a birth date in the registry."""
    reg_a = staff["registrar"]
    reg_b = staff["registrar_b"]
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
        # 18 on 05.04.2030, in the middle of voting (clock.to("voting") is 04.04.2030)
        "teen": make_person(
            reg_a, tree["village_a1"], "Жұмабаев", "Ерлан", dt.date(2012, 4, 5), "+77011112236"
        ),
        "outsider": make_person(
            reg_b, tree["village_b1"], "Иванов", "Сергей", dt.date(1980, 3, 3), "+77011112237"
        ),
        "undated": make_person(reg_a, tree["village_a1"], "Петрова", "Анна", None, "+77011112238"),
    }


@pytest.fixture
def offline(tree, staff):
    """A resident without internet: in the registry, without an account."""
    return make_person(
        staff["registrar"], tree["village_a1"], "Нұрланов", "Асқар", dt.date(1950, 2, 2), account=False
    )


def campaign_data(**overrides) -> dict:
    data = {
        "title": "Қызылжар 2030: азаматтық жобалар",
        "description": "Ауылды бірге абаттандырайық.",
        "year": 2030,
        "amount": 10_000_000,
        "funding_source": "district_subsidy",
        "ballot_type": "approval",
        "max_choices": 2,
        "rule": "greedy",
        "eligibility_criteria": "Коммуналдық жерде, бір жылда іске асырылады.",
        **DATES,
    }
    return data | overrides


@pytest.fixture
def make_campaign(tree, staff, clock):
    """A published campaign of rural district A created while announced (the clock stays there)."""
    from auyl.initiatives import services

    def _make(territory=None, publish=True, **overrides):
        clock.to("announced")
        campaign = services.create_campaign(
            actor=staff["akim"], territory=territory or tree["rd_a"], **campaign_data(**overrides)
        )
        if publish:
            services.publish_campaign(actor=staff["akim"], campaign=campaign)
        campaign.refresh_from_db()
        return campaign

    return _make


@pytest.fixture
def ballot_ready(make_campaign, staff, people, clock):
    """A campaign in the voting phase with three accepted projects (4, 3 and 5 million) and a rejected one.
    Returns ``(campaign, [p1, p2, p3])``; call with overrides through ``ballot_ready.make(...)``."""
    return build_ballot(make_campaign, staff, people, clock)


def build_ballot(make_campaign, staff, people, clock, **overrides):
    from auyl.initiatives import services

    campaign = make_campaign(**overrides)
    clock.to("proposals")
    specs = [
        ("Балалар алаңы", "playground", 4_000_000),
        ("Көше жарығы", "lighting", 3_000_000),
        ("Саябақты көгалдандыру", "greening", 5_000_000),
        ("Жаңа әкімдік ғимараты", "building", 90_000_000),
    ]
    made = []
    for title, category, cost in specs:
        made.append(
            services.submit_proposal(
                actor=people["aliya"],
                campaign=campaign,
                title=title,
                description=f"{title}: толығырақ.",
                place="Абай көшесі",
                category=category,
                estimated_cost=cost,
            )
        )
    clock.to("review")
    for proposal in made[:3]:
        services.review_proposal(
            actor=staff["executor"],
            proposal=proposal,
            decision="accepted",
            reviewed_cost=proposal.estimated_cost,
        )
    services.review_proposal(
        actor=staff["executor"],
        proposal=made[3],
        decision="rejected",
        reasons=["over_amount", "not_in_powers"],
    )
    clock.to("voting")
    campaign.refresh_from_db()
    for proposal in made:
        proposal.refresh_from_db()
    return campaign, made[:3]
