"""Fixtures of the survey tests: a fixed clock, the shipped templates, staff of two rural districts,
residents with accounts, and a helper building a published survey.

The clock is fixed at Tuesday 2 April 2030, 09:00 in Almaty, so that "open", "closed" and "final" do not
depend on when the tests run.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

ALMATY = ZoneInfo("Asia/Almaty")
NOW = dt.datetime(2030, 4, 2, 9, 0, tzinfo=ALMATY)


class Clock:
    def __init__(self, monkeypatch):
        self.now = NOW
        monkeypatch.setattr(timezone, "now", lambda: self.now.astimezone(dt.UTC))

    def shift(self, **delta) -> None:
        self.now = self.now + dt.timedelta(**delta)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture(autouse=True)
def _english():
    """Messages produced outside a request are asserted in English; kk and ru are checked on pages."""
    with translation.override("en"):
        yield


@pytest.fixture
def templates(db):
    from auyl.surveys.library import load_templates

    load_templates()


@pytest.fixture
def registrar(tree, make_staff):
    from auyl.core.roles import Role

    return make_staff(Role.REGISTRAR, tree["rd_a"], username="registrar-a")


@pytest.fixture
def other_registrar(tree, make_staff):
    from auyl.core.roles import Role

    return make_staff(Role.REGISTRAR, tree["rd_b"], username="registrar-b")


def make_resident_user(registrar, settlement, n: int, **person):
    from auyl.accounts.models import User
    from auyl.territory.services import register_resident

    phone = f"+7701111{n:04d}"
    defaults = {
        "last_name": f"Тұрғын{n}",
        "first_name": "Әлия",
        "birth_date": dt.date(1990, 5, 1),
        "sex": "f",
    }
    resident = register_resident(actor=registrar, settlement=settlement, phone=phone, **(defaults | person))
    user = User.objects.create_user(
        username=f"resident-{n}", phone=phone, resident=resident, full_name=resident.full_name
    )
    user.set_unusable_password()
    user.save()
    return user


@pytest.fixture
def residents(tree, registrar):
    """Seven residents of the first village of rural district A (enough for the smallest group shown):
    four women born in 1990 (aged 39: band 36-45) and three men born in 2005 (aged 24: band 18-25)."""
    return [
        make_resident_user(
            registrar,
            tree["village_a1"],
            n,
            **({} if n <= 4 else {"sex": "m", "first_name": "Ерлан", "birth_date": dt.date(2005, 1, 1)}),
        )
        for n in range(1, 8)
    ]


@pytest.fixture
def outsider(tree, other_registrar):
    return make_resident_user(other_registrar, tree["village_b1"], 99)


@pytest.fixture
def staff_client(client, registrar):
    from auyl.accounts.testing import force_staff_login

    force_staff_login(client, registrar)
    return client


def build_survey(
    actor,
    territory,
    *,
    questions=None,
    anonymous=True,
    audience="residents",
    publish=True,
    opens=dt.timedelta(days=-1),
    closes=dt.timedelta(days=10),
):
    """A survey of ``territory`` with the given questions (default: one single choice and one number)."""
    from auyl.surveys import services
    from auyl.surveys.questions import OptionSpec, QuestionSpec

    now = timezone.now()
    survey = services.create_survey(
        actor=actor,
        territory=territory,
        title_kk="Сауалнама",
        title_ru="Опрос",
        audience=audience,
        opens_at=now + opens,
        closes_at=now + closes,
        is_anonymous=anonymous,
    )
    if questions is None:
        questions = [
            QuestionSpec(
                "single",
                "Қанағаттанасыз ба?",
                "Довольны ли вы?",
                is_required=True,
                code="happy",
                options=[
                    OptionSpec("иә", "да", "yes", code="yes", is_favourable=True),
                    OptionSpec("жоқ", "нет", "no", code="no"),
                ],
                indicator="satisfaction",
            ),
            QuestionSpec("number", "Жасыңыз?", "Ваш возраст?", code="age"),
        ]
    for spec in questions:
        services.add_question(actor=actor, survey=survey, spec=spec)
    if publish:
        survey = services.publish_survey(actor=actor, survey=survey)
    return survey


@pytest.fixture
def survey(registrar, tree):
    return build_survey(registrar, tree["rd_a"])


@pytest.fixture
def closed_001(templates, registrar, tree, clock):
    """The 001 resident survey of rural district A, closed 20 days ago, with the 597 responses behind
    001:773-798 imported through the CSV import (paper forms may still come in: not final yet)."""
    from auyl.surveys import services
    from auyl.surveys.demo import resident_survey_csv

    survey = services.create_from_template(
        actor=registrar,
        template_key="resident-lsg-001",
        territory=tree["rd_a"],
        opens_at=clock.now - dt.timedelta(days=60),
        closes_at=clock.now - dt.timedelta(days=20),
    )
    survey = services.publish_survey(actor=registrar, survey=survey)
    batch = services.import_responses(
        actor=registrar, survey=survey, data=resident_survey_csv(), file_name="001.csv"
    )
    assert batch.rows == 597
    return survey


@pytest.fixture
def final_001(closed_001, registrar):
    """:func:`closed_001` with its results made final (paper-form entry ended): what anyone may read."""
    from auyl.surveys import services

    return services.finalise_results(actor=registrar, survey=closed_001)
