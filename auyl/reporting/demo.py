"""Demo reporting meetings of the Krasnoyarsky rural district (``manage.py reporting_demo``).

* The sources' two worked examples for Q1 2022 (:mod:`.examples`): the akim's meeting in Kyzyl Zhuldyz
  and the meeting for the rural district in Krasny Yar, with their questions (each an appeal), the
  social-network appeals and the reception of the quarter, and the akim's five promises for 2022
  (``002:704-714``). Their appeals are given the 2022 past they had through the appeals demo's
  :func:`auyl.appeals.demo_history.write_history` (audited as ``appeal.demo_history``).
* A meeting of this year, three weeks ago, whose appeals are being answered (three are overdue), with
  promises kept, open and overdue; and two planned meetings (the public calendar shows them).

Everything goes through the services; a second run adds nothing. Needs ``manage.py demo`` (territory,
staff accounts, residents) first; the command runs it, like ``appeals_demo`` does.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from auyl.accounts.models import User
from auyl.appeals import services as appeals
from auyl.appeals.demo_history import History, write_history
from auyl.appeals.demo_texts import ANSWERS, REDIRECT_TO
from auyl.appeals.models import Outcome, Topic
from auyl.appeals.taxonomy import load_topics
from auyl.territory import demo as territory_demo
from auyl.territory.models import Office, Resident, Territory

from . import examples, services
from .models import ReportingMeeting, Status

OUTCOMES = ["satisfied", "explained", "satisfied", "redirected", "explained", "satisfied", "refused"]
RISK_TABLES: dict = {}
CURRENT_QUESTIONS = [
    ("roads-repair", "Когда отремонтируют тротуар по ул. Абая?", "satisfied"),
    ("utilities-water", "Су құбыры жиі жарылады, жөндеу керек.", "satisfied"),
    ("amenities-landscaping", "Просим установить скамейки в новом сквере.", "explained"),
    ("housing-heating", "Подключение к центральному отоплению домов по ул. Желтоксан.", ""),
    ("transport-public", "Автобус №12 ходит нерегулярно.", ""),
    ("facilities-sport", "Открыть секцию борьбы в Доме культуры.", "in_progress"),
]


def _history_hook(executor):
    """Give each 2022 appeal the past it had: registered the day after, answered one to two weeks later."""
    counter = {"n": 0}

    def hook(appeal, code, received: dt.date, kind: str) -> None:
        i = counter["n"]
        counter["n"] += 1
        outcome = OUTCOMES[i % len(OUTCOMES)]
        write_history(
            appeal,
            code,
            History(
                registered_on=received + dt.timedelta(days=i % 2),
                outcome=outcome,
                executor=executor,
                answered_on=received + dt.timedelta(days=5 + i % 9),
                answer_text=ANSWERS.get(outcome, ""),
                redirected_to=REDIRECT_TO if outcome == Outcome.REDIRECTED else "",
            ),
            RISK_TABLES,
        )

    return hook


def _weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def _current_questions(people: examples.People, meeting: ReportingMeeting, today: dt.date) -> None:
    """The meeting's questions, each an appeal: answered, carried out, or still waiting."""
    actor, topics = people.registrar, {t.code: t for t in Topic.objects.filter(is_active=True)}
    for n, (topic, text, outcome) in enumerate(CURRENT_QUESTIONS):
        question, _code = services.add_question(
            actor=actor,
            meeting=meeting,
            topic=topics[topic],
            text=text,
            executor=people.executor,
            is_repeat=n == 3,
            is_critical=n == 4,
            critical_addressee_level="rural" if n == 4 else "",
        )
        if outcome in ("satisfied", "explained"):
            appeals.answer(
                actor=people.executor,
                appeal=question.appeal,
                outcome=outcome,
                text=ANSWERS[outcome],
                promised_action=text if outcome == "satisfied" else "",
                promised_by=today + dt.timedelta(days=30) if outcome == "satisfied" else None,
            )
            if n == 0:
                appeals.mark_executed(actor=people.executor, appeal=question.appeal, note="Работы выполнены.")


def _current_promises(actor, meeting: ReportingMeeting, day: dt.date, today: dt.date) -> None:
    """The akim's promises at that meeting: one kept, one overdue, one not yet due."""
    kept = services.add_promise(
        actor=actor,
        meeting=meeting,
        due_on=day + dt.timedelta(days=14),
        text="Установить контейнерную площадку у нового сквера.",
    )
    services.mark_promise_done(
        actor=actor,
        promise=kept,
        done_on=day + dt.timedelta(days=12),
        note="Площадка установлена, вывоз по графику.",
    )
    services.add_promise(
        actor=actor,
        meeting=meeting,
        due_on=day + dt.timedelta(days=10),
        text="Провести проверку качества воды в Кызыл Жулдызе.",
    )
    services.add_promise(
        actor=actor,
        meeting=meeting,
        due_on=today + dt.timedelta(days=40),
        text="Внести в бюджет на следующий год ремонт тротуара по ул. Абая.",
    )


def _current_meeting(people: examples.People, rd: Territory, place: Territory, today: dt.date) -> int:
    """A meeting three weeks ago: its appeals in every state, its promises kept, open and overdue."""
    if ReportingMeeting.objects.filter(akim_unit=rd, starts_at__year=today.year, status=Status.HELD).exists():
        return 0
    when = dt.datetime.combine(_weekday(today - dt.timedelta(days=21)), dt.time(11, 0))
    actor = people.registrar
    meeting = services.plan_meeting(
        actor=actor,
        akim_unit=rd,
        territory=place,
        starts_at=when,
        venue="Красный Яр, Дом культуры",
        akim_name=people.akim_name,
        title="Есеп беру кездесуі / Отчётная встреча",
        channels=["instagram", "facebook"],
        already_held=True,
    )
    services.hold_meeting(
        actor=actor,
        meeting=meeting,
        offline_participants=96,
        speakers=14,
        media_local=2,
        media_social=3,
        officials_local=2,
        broadcasts={
            "instagram": {"broadcasts": 1, "participants": 640},
            "facebook": {"broadcasts": 1, "participants": 85},
        },
        summary="Аким рассказал об итогах года: ремонт улиц, водопровод, парк.",
    )
    _current_questions(people, meeting, today)
    _current_promises(actor, meeting, when.date(), today)
    return 1


def _planned(people: examples.People, rd: Territory, villages: list[Territory], today: dt.date) -> int:
    if ReportingMeeting.objects.filter(
        akim_unit=rd, status=Status.PLANNED, starts_at__gte=timezone.now()
    ).exists():
        return 0
    plans = [
        (villages[-1], today + dt.timedelta(days=16), "Кызыл Жулдыз, сельский клуб", ["instagram"]),
        (villages[0], today + dt.timedelta(days=45), "Красный Яр, Дом культуры", ["instagram", "tv"]),
    ]
    for place, day, venue, channels in plans:
        services.plan_meeting(
            actor=people.registrar,
            akim_unit=rd,
            territory=place,
            venue=venue,
            channels=channels,
            starts_at=dt.datetime.combine(_weekday(day), dt.time(15, 0)),
            akim_name=people.akim_name,
            title="Есеп беру кездесуі / Отчётная встреча",
        )
    return len(plans)


@transaction.atomic
def load_reporting_demo(today: dt.date | None = None) -> dict[str, int]:
    """Create whatever of the reporting demo is missing; return how many meetings were added."""
    today = today or timezone.localdate()
    load_topics()
    RISK_TABLES.clear()
    rd = Territory.objects.get(code=territory_demo.KRASNOYAR)
    villages = list(Territory.objects.filter(parent=rd).order_by("code"))  # Krasny Yar, Kyzyl Zhuldyz
    office = Office.objects.filter(territory=rd).first()
    people = examples.People(
        registrar=User.objects.get(username="demo-registrar"),
        executor=User.objects.get(username="demo-executor"),
        akim_name=(office.akim_name if office and office.akim_name else "Серікбаев Ержан"),
    )
    before = ReportingMeeting.objects.count()
    resident = Resident.objects.filter(settlement=villages[-1], is_active=True).order_by("pk").first()
    hook = _history_hook(people.executor)
    examples.build(examples.KYZYL_ZHULDYZ, people, rd, villages[-1], resident=resident, hook=hook)
    examples.build(examples.KRASNY_YAR, people, rd, villages[0], hook=hook)
    current = _current_meeting(people, rd, villages[0], today)
    planned = _planned(people, rd, villages, today)
    return {
        "examples": ReportingMeeting.objects.count() - before - current - planned,
        "current": current,
        "planned": planned,
    }
