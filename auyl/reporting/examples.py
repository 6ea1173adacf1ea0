"""The two worked examples of the sources, entered through the services (used by the demo and the tests).

Both are reports of the akim of the Krasnoyarsky rural district of Kokshetau (``111033000``) for Q1 2022:

* **Kyzyl Zhuldyz** (``002:529-604``): the akim's meeting in the village of Kyzyl Zhuldyz (``111033200``):
  1 meeting, 10 residents present and 29 on one Instagram broadcast (39), 5 questions (roads 1, water and
  utilities 1, amenities 1, other 2), 1 reception held, 1 social-network post, nothing else.
* **Krasnoyarsky** (``002:606-678``): 1 meeting, 120 present and 1,200 on Instagram (1,320), broadcast
  once on Instagram and twice on television (row 3 = 3), 31 questions (housing 7, land 1, roads 2,
  facilities 2, utilities 4, agriculture 2, amenities 4, other 9), 11 appeals through social networks,
  no reception, 1 social-network post.

**Which unit the second sheet reports on.** Its title names the akim of the Krasnoyarsky *rural district*
("акима Красноярского сельского округа", ``002:606``), not a district (audan): the unit is the rural
district ``111033000``, akim level "rural districts, villages, towns" (its figures sit in that sub-row).
But the two sheets cannot both be sums over nested territories: the village sheet shows a reception
held (row 7: 1) where the rural-district sheet shows none (0), and each shows exactly one meeting. So the
rural-district sheet does not include the Kyzyl Zhuldyz meeting: it reports the akim's meeting for the
district held in its centre, Krasny Yar (``111033100``), where the akimat sits and where the problems the
thesis lists next are (``002:684-714``). We enter it there. Then the report reproduces each sheet for its
place — Kyzyl Zhuldyz for the first, Krasny Yar for the second — and the rural district ``111033000``
as a whole shows their sum (2 meetings, 1,359 participants, 36 questions, 11 appeals, 1 reception). With
only the second meeting entered, the rural district's report is the second sheet exactly (tested too).

The akim's five promises for 2022 (``002:704-714``) are the Krasny Yar meeting's promises. Speakers and
question texts are invented (the sheets give only counts); residents' names never appear.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from auyl.appeals import services as appeals
from auyl.appeals.models import Channel, Topic

from . import services
from .models import ReportingMeeting

AppealHook = Callable[..., None]  # hook(appeal, code, received_on, kind): the demo writes the 2022 past


@dataclass(frozen=True)
class Example:
    key: str
    when: dt.datetime  # naive local time
    venue: str
    offline: int
    broadcasts: dict
    speakers: int
    media_social: int
    questions: list[tuple[str, str]]  # (topic code, text)
    social_appeals: list[tuple[str, str, dt.date]] = field(default_factory=list)  # (topic, text, received)
    reception_days: list[dt.date] = field(default_factory=list)  # a resident of the place received
    promises: list[tuple[str, dt.date, dt.date | None]] = field(default_factory=list)  # (text, due, done)


KYZYL_ZHULDYZ = Example(
    key="kyzyl-zhuldyz-2022q1",
    when=dt.datetime(2022, 2, 10, 15, 0),
    venue="Кызыл Жулдыз, сельский клуб",
    offline=10,
    broadcasts={"instagram": {"broadcasts": 1, "participants": 29}},
    speakers=5,
    media_social=1,
    questions=[
        ("roads-repair", "Подъездная дорога к селу Кызыл Жулдыз разбита, весной проехать невозможно."),
        ("utilities-water", "Просим проверить качество воды из скважины, вода мутная."),
        ("amenities-lighting", "На центральной улице не горят фонари уличного освещения."),
        ("transport-public", "Нет автобуса до Красного Яра и Кокшетау в выходные дни."),
        ("other", "Ауылда дәріхана жоқ, дәрі алу үшін Көкшетауға бару керек."),
    ],
    reception_days=[dt.date(2022, 2, 15)],
)

KRASNY_YAR = Example(
    key="krasnoyarsky-2022q1",
    when=dt.datetime(2022, 1, 28, 11, 0),
    venue="Красный Яр, Дом культуры",
    offline=120,
    speakers=31,
    media_social=1,
    broadcasts={
        "instagram": {"broadcasts": 1, "participants": 1200},
        "tv": {"broadcasts": 2, "participants": 0},
    },
    questions=[
        ("housing-heating", "Подвести центральное отопление к домам с печным отоплением по ул. Абылай хана."),
        ("housing-heating", "Когда построят новую блочно-модульную котельную?"),
        ("housing-heating", "Низкая температура в квартирах дома по ул. Мира, 2."),
        ("housing-repair", "Протекает крыша многоквартирного дома по ул. Комсомольская."),
        ("housing-repair", "Көппәтерлі үйдің кіреберісін жөндеу қажет."),
        ("housing-provision", "Очередь на арендное жильё не движется третий год."),
        ("housing-management", "Объединение собственников не отчитывается о расходах."),
        ("land-allocation", "Прошу выделить земельный участок под ИЖС молодой семье."),
        ("roads-repair", "Средний ремонт улиц Сейфуллина и Мира 2."),
        ("roads-winter", "Улицы на окраине не чистят от снега."),
        ("facilities-sport", "Нужна универсальная спортивная площадка для детей."),
        ("facilities-education", "В школе не хватает мест, дети учатся в три смены."),
        ("utilities-water", "Частые порывы водопровода: сети изношены более чем на 70%."),
        ("utilities-water", "Построить линию водоснабжения на новых улицах села."),
        ("utilities-water", "Когда начнётся строительство канализационных сетей?"),
        ("utilities-electricity", "Перепады напряжения в электросети по ул. Желтоксан."),
        ("agriculture-livestock", "Мало пастбищ для скота личных подворий."),
        ("agriculture-veterinary", "Ветеринарлық пункттің жұмыс уақытын ұзарту керек."),
        ("amenities-landscaping", "Модернизировать центральную площадь и устроить парк."),
        ("amenities-waste", "Устроить контейнерные площадки для мусора."),
        ("amenities-lighting", "Освещение пешеходных тротуаров к школе."),
        ("amenities-stray-animals", "Безнадзорные собаки на улицах села."),
        ("transport-public", "Увеличить число рейсов автобуса до Кокшетау в часы пик."),
        ("transport-public", "Перенести остановку ближе к новому микрорайону."),
        ("social-employment", "Помочь с трудоустройством молодёжи села."),
        ("social-employment", "Открыть курсы переподготовки для безработных."),
        ("social-benefits", "Разъяснить порядок назначения пособия многодетным."),
        ("social-targeted-aid", "Адресная помощь семье, потерявшей кормильца."),
        ("public-order", "Участковый редко бывает на дальних улицах."),
        ("everyday-neighbours", "Соседи перекрыли проезд строительными материалами."),
        ("other", "Открыть отделение банка в селе."),
    ],
    social_appeals=[
        ("roads-repair", "Яма на ул. Сейфуллина, напротив магазина.", dt.date(2022, 1, 12)),
        ("utilities-water", "Нет воды на ул. Мира с утра.", dt.date(2022, 1, 19)),
        ("amenities-lighting", "Не горит фонарь у остановки.", dt.date(2022, 1, 25)),
        ("roads-winter", "Не чистят снег на ул. Абылай хана.", dt.date(2022, 2, 2)),
        ("housing-heating", "Холодные батареи в доме по ул. Мира, 2.", dt.date(2022, 2, 7)),
        ("amenities-waste", "Мусор не вывозят вторую неделю.", dt.date(2022, 2, 14)),
        ("amenities-stray-animals", "Стая собак у школы.", dt.date(2022, 2, 21)),
        ("transport-public", "Автобус не пришёл по расписанию.", dt.date(2022, 3, 1)),
        ("utilities-electricity", "Отключили свет без предупреждения.", dt.date(2022, 3, 9)),
        ("amenities-landscaping", "Сломаны качели на детской площадке.", dt.date(2022, 3, 17)),
        ("other", "Как получить справку об адресе онлайн?", dt.date(2022, 3, 28)),
    ],
    promises=[
        (
            "Средний ремонт улиц Сейфуллина, Мира 2, Абылай хана, Комсомольская.",
            dt.date(2022, 10, 1),
            dt.date(2022, 9, 20),
        ),
        ("Устройство водоотводного канала по улице Желтоксан.", dt.date(2022, 8, 1), dt.date(2022, 9, 5)),
        (
            "Благоустройство центрального парка с прилегающей территорией административного здания.",
            dt.date(2023, 10, 1),
            None,
        ),
        ("Устройство контейнерных площадок.", dt.date(2022, 6, 30), dt.date(2022, 6, 15)),
        ("Устройство универсальных спортивных площадок в селе Красный Яр.", dt.date(2023, 9, 1), None),
    ],
)

EXAMPLES = (KYZYL_ZHULDYZ, KRASNY_YAR)


@dataclass
class People:
    registrar: object  # plans, holds, records (reporting.manage, appeal.register and appeal.assign)
    executor: object  # answers the appeals born of the questions
    akim_name: str = "Серікбаев Ержан Қайратұлы"


def _topics() -> dict[str, Topic]:
    return {t.code: t for t in Topic.objects.filter(is_active=True)}


def _existing(rural_district, place, when: dt.datetime) -> ReportingMeeting | None:
    return ReportingMeeting.objects.filter(
        akim_unit=rural_district, territory=place, starts_at=timezone.make_aware(when)
    ).first()


def build(
    example: Example, people: People, rural_district, place, resident=None, hook: AppealHook | None = None
) -> ReportingMeeting:
    """Enter ``example`` (idempotent: an example already entered is returned as it is).

    ``resident``: a resident of ``place``, received at the reception on the example's reception days.
    ``hook`` sees every appeal registered here (the demo gives them their 2022 past)."""
    meeting = _existing(rural_district, place, example.when)
    if meeting is not None:
        return meeting
    hook = hook or (lambda *args, **kwargs: None)
    actor, topics = people.registrar, _topics()
    meeting = services.plan_meeting(
        actor=actor,
        akim_unit=rural_district,
        territory=place,
        starts_at=example.when,
        venue=example.venue,
        akim_name=people.akim_name,
        channels=list(example.broadcasts),
        already_held=True,
    )
    meeting = services.hold_meeting(
        actor=actor,
        meeting=meeting,
        offline_participants=example.offline,
        broadcasts=example.broadcasts,
        speakers=example.speakers,
        media_social=example.media_social,
    )
    day = example.when.date()
    for topic, text in example.questions:
        question, code = services.add_question(
            actor=actor, meeting=meeting, topic=topics[topic], text=text, executor=people.executor
        )
        hook(question.appeal, code, day, "question")
    _social_appeals(example, actor, place, topics, hook)
    _receptions(example, actor, rural_district, resident, topics, hook)
    _promises(example, actor, meeting)
    return meeting


def _social_appeals(example: Example, actor, place, topics, hook: AppealHook) -> None:
    """Row 6: appeals received through social networks, registered with the appeals app."""
    for topic, text, received in example.social_appeals:
        appeal, code = appeals.register_appeal(
            actor=actor,
            territory=place,
            topic=topics[topic],
            channel=Channel.SOCIAL,
            received_on=received,
            applicant_name="Instagram @" + f"{example.key}-{received:%m%d}",
            applicant_address=example.venue,
            subject=text[:100],
            text=text,
            idempotency_key=f"reporting-example:{example.key}:social:{received}",
        )
        hook(appeal, code, received, "social")


def _receptions(example: Example, actor, rural_district, resident, topics, hook: AppealHook) -> None:
    from auyl.reception import services as reception

    for day in example.reception_days:
        booking = reception.add_walk_in(
            actor=actor, territory=rural_district, date=day, resident=resident, visitor_name="", note=""
        )
        result = reception.record_visit(
            actor=actor,
            booking=booking,
            appeals=[
                {
                    "topic": topics["utilities-water"].pk,
                    "subject": "Вода в Кызыл Жулдызе",
                    "text": "Просит ускорить проверку качества воды из скважины.",
                }
            ],
        )
        for appeal, code in result.appeals:
            hook(appeal, code, day, "reception")


def _promises(example: Example, actor, meeting: ReportingMeeting) -> None:
    for text, due, done in example.promises:
        promise = services.add_promise(actor=actor, meeting=meeting, text=text, due_on=due)
        if done is not None:
            services.mark_promise_done(actor=actor, promise=promise, done_on=done, note=text)
