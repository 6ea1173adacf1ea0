"""The demo development plan of the Krasnoyarsky rural district (``manage.py plans_demo``).

Eight indicators in every state — done, on track, at risk, late, and a decrease (fewer homes without
broadband) — each with its deadline, executor, funding source and amount (``002:767-769``), with a
history of progress. Where the other demos have loaded them, indicators answer the residents' priority
needs of the gathering (assemblies demo), the akim's promises (reporting demo) and the winning civic
projects (initiatives demo); the needs become "included in a development plan".

Dates are counted from today, so the states hold whenever the demo is loaded. Everything goes through
the services (audited); a second run adds nothing. Needs ``manage.py demo`` first (the command runs it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from auyl.accounts.models import User
from auyl.territory import demo as territory_demo
from auyl.territory.models import Territory

from . import services
from .inputs import plan_inputs
from .models import Plan

TITLE = "Краснояр ауылдық округінің даму жоспары / План развития Красноярского сельского округа"
DESCRIPTION = (
    "Ауылдың басым қажеттіліктері, әкімнің уәделері және азаматтық жобалар бойынша жоспар.\n"
    "План по приоритетным нуждам жителей, обещаниям акима и гражданским проектам."
)
BASIS = "Постановление акимата города Кокшетау (демо)"
OFFICE = "Аппарат акима Красноярского сельского округа"


@dataclass(frozen=True)
class Spec:
    """One demo indicator; days are counted from today; ``answers`` finds its input by a piece of text."""

    title: str
    unit: str
    baseline: str
    target: str
    start: int
    deadline: int
    executor: str
    source: str
    amount: str
    progress: tuple[tuple[int, str, str], ...]  # (days from today, value, note)
    answers: tuple[str, str] | None = None  # (input kind, piece of its title)


SPECS = [
    Spec(
        "Ауыз су құбырына қосылған үйлер / Дома, подключённые к водопроводу",
        "үй / домов",
        "0",
        "12",
        -300,
        200,
        "ГУ «Отдел ЖКХ города Кокшетау»",
        "regional",
        "48600000",
        ((-200, "2", "Первые два дома подключены."), (-90, "5", ""), (-12, "7", "Проложено 640 м сети.")),
        ("need", "Ауыз су"),
    ),
    Spec(
        "Абай көшесін жөндеу / Ремонт улицы Абая",
        "км",
        "0",
        "1.2",
        -400,
        -20,
        "ТОО «Жол-Құрылыс» (подрядчик)",
        "district",
        "95250000",
        ((-250, "0.3", ""), (-120, "0.6", ""), (-30, "0.8", "Работы остановлены до весны.")),
        ("need", "Абай көшесін"),
    ),
    Spec(
        "Мектеп жолындағы көше шамдары / Фонари на дороге к школе",
        "шам / шт.",
        "0",
        "8",
        -180,
        60,
        OFFICE,
        "local",
        "3840000.50",
        ((-100, "4", ""), (-40, "8", "Все 8 фонарей включены.")),
        ("need", "Көше жарығы"),
    ),
    Spec(
        "Әмбебап спорт алаңдары / Универсальные спортивные площадки",
        "алаң / шт.",
        "0",
        "3",
        -330,
        35,
        OFFICE,
        "local",
        "21000000",
        ((-150, "1", "Площадка в Красном Яре открыта."),),
        ("promise", "спортивных площадок"),
    ),
    Spec(
        "Орталық саябақты абаттандыру / Благоустройство центрального парка",
        "м²",
        "0",
        "5000",
        -200,
        150,
        OFFICE,
        "local",
        "17500000",
        ((-120, "1200", ""), (-15, "2500", "Дорожки и освещение готовы.")),
        ("promise", "центрального парка"),
    ),
    Spec(
        "Саябаққа отырғызылған ағаштар / Деревья, высаженные в парке",
        "түп / шт.",
        "0",
        "200",
        -420,
        -60,
        OFFICE,
        "local",
        "1450000",
        ((-380, "80", ""), (-300, "200", "Проект жителей выполнен.")),
        ("project", "200"),
    ),
    Spec(
        "Балалар ойын алаңы: жұмыс дайындығы / Детская площадка: готовность работ",
        "%",
        "0",
        "100",
        -250,
        50,
        OFFICE,
        "local",
        "6200000",
        ((-160, "20", ""), (-25, "60", "Ждём поставку покрытия.")),
        ("project", "Балалар ойын алаңы"),
    ),
    Spec(
        "Кең жолақты интернетсіз үйлер / Домохозяйства без широкополосного интернета",
        "үй / дом.",
        "180",
        "30",
        -365,
        365,
        "АО «Казахтелеком» (по меморандуму)",
        "private",
        "64000000",
        ((-250, "160", ""), (-60, "120", "Оптика проложена по 4 улицам.")),
    ),
]


def _input_key(inputs, answers: tuple[str, str] | None) -> str:
    if answers is None:
        return ""
    kind, piece = answers
    found = next((i for i in inputs if i.kind == kind and piece.lower() in i.title.lower()), None)
    return found.key if found else ""


def _day(today: dt.date, days: int) -> dt.date:
    return today + dt.timedelta(days=days)


@transaction.atomic
def load_plans_demo(today: dt.date | None = None) -> dict[str, int]:
    """Create the demo plan unless it exists; return how many plans, indicators and updates were added."""
    today = today or timezone.localdate()
    rd = Territory.objects.get(code=territory_demo.KRASNOYAR)
    if Plan.objects.filter(territory=rd, title=TITLE).exists():
        return {"plans": 0, "indicators": 0, "updates": 0}
    akim = User.objects.get(username="demo-akim")
    executor = User.objects.get(username="demo-executor")
    plan = services.create_plan(
        actor=akim,
        territory=rd,
        title=TITLE,
        description=DESCRIPTION,
        basis=BASIS,
        period_start=dt.date(today.year - 1, 1, 1),
        period_end=dt.date(today.year + 1, 12, 31),
    )
    inputs = plan_inputs(rd, user=akim, today=today)
    updates = 0
    for spec in SPECS:
        indicator = services.add_indicator(
            actor=akim,
            plan=plan,
            input_key=_input_key(inputs, spec.answers),
            title=spec.title,
            unit=spec.unit,
            baseline=Decimal(spec.baseline),
            target=Decimal(spec.target),
            starts_on=max(_day(today, spec.start), plan.period_start),
            deadline=min(_day(today, spec.deadline), plan.period_end),
            executor=spec.executor,
            funding_source=spec.source,
            amount=Decimal(spec.amount),
        )
        for days, value, note in spec.progress:
            measured_on = max(_day(today, days), indicator.starts_on)
            services.record_progress(
                actor=executor, indicator=indicator, value=Decimal(value), measured_on=measured_on, note=note
            )
            updates += 1
    services.publish_plan(actor=akim, plan=plan)
    return {"plans": 1, "indicators": len(SPECS), "updates": updates}
