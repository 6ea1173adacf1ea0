"""Demo appeals: the two tables of the sources, re-entered as appeals, and a lively current year.

* Krasnoyarsky rural district (Kokshetau), 2021 (``002:446-487``): 258 appeals — 166 individuals
  (0 repeat), 49 legal entities, 43 at the akim's personal reception — by the 10 topics of table 2
  (98, 21, 12, 4, 0, 3, 32, 8, 0, 80). How the source's totals split across topics and channels is our
  choice (the source gives only the margins); outcomes follow the proportions of its table 1 (explained
  most, then satisfied, redirected, one refused, one terminated), whose own totals are garbled.
* Abai district, Karaganda region, the akim's reporting meetings 2021-2023 (``001:744-755``): 115, 71
  and 140 questions (326 at 22 meetings, ``001:884``) by the 7 sectors, channel ``reporting_meeting``,
  spread over the district's rural districts and towns, which are created here (KATO codes plausible,
  like the rest of the demo, not official).
* Krasnoyarsky, the last weeks: appeals in every state (new, assigned, overdue, extended, answered,
  being carried out, redirected) through the real workflow services.

Past appeals go through ``register_appeal`` and then :mod:`.demo_history` writes the dates they had
(audited as ``appeal.demo_history``). Idempotency keys make a second run add nothing. Needs the
territory demo (``manage.py demo``) first: it uses its staff accounts.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from auyl.accounts.models import User
from auyl.territory import demo as territory_demo
from auyl.territory.models import Level, Territory

from . import services
from .demo_history import History, write_history
from .demo_texts import ANSWERS, ORGANISATIONS, REDIRECT_TO, TEXTS
from .models import Appeal, ApplicantKind, Channel, Outcome, Topic
from .taxonomy import load_topics

KRASNOYAR = territory_demo.KRASNOYAR
# Table 2 of 002:472-487, in its order.
KRASNOYAR_2021_TOPIC10 = {"housing_communal": 98, "land": 21, "labour": 12, "housing_provision": 4, "education": 0,
                          "agriculture": 3, "everyday": 32, "social_aid": 8, "official_complaints": 0, "other": 80}
# 002:446-450: 49 legal entities and 43 reception visitors among the 258 (their topics: our choice).
KRASNOYAR_2021_LEGAL = {"housing_communal": 18, "land": 5, "agriculture": 1, "other": 25}
KRASNOYAR_2021_RECEPTION = {"housing_communal": 15, "land": 6, "labour": 4, "housing_provision": 2, "everyday": 6,
                            "social_aid": 3, "other": 7}
# Table 14 of 001:744-755: questions at the Abai district akim's reporting meetings by sector and year.
ABAI_SECTORS = {
    2021: {"social": 17, "housing_communal": 80, "industry_business": 3, "emergencies": 4, "land": 2,
           "agriculture": 9, "police": 0},
    2022: {"social": 19, "housing_communal": 44, "industry_business": 2, "emergencies": 2, "land": 2,
           "agriculture": 2, "police": 0},
    2023: {"social": 39, "housing_communal": 69, "industry_business": 5, "emergencies": 5, "land": 11,
           "agriculture": 9, "police": 2},
}
ABAI_MEETINGS = {2021: 8, 2022: 6, 2023: 8}  # 22 meetings in three years (001:884); the split is ours

# Which fine topics stand for a row of a form in the demo (each topic maps to that row: see the tests).
FINE = {
    "housing_communal": ["utilities-water", "housing-heating", "roads-repair", "amenities-lighting", "housing-repair",
                         "utilities-gas", "amenities-waste", "roads-winter", "utilities-electricity",
                         "housing-management", "utilities-water-outage"],
    "land": ["land-allocation", "land-use"], "labour": ["social-employment"], "housing_provision": ["housing-provision"],
    "agriculture": ["agriculture-livestock", "agriculture-veterinary", "agriculture-farming"],
    "everyday": ["transport-public", "utilities-telecom", "amenities-stray-animals", "everyday-neighbours",
                 "business-trade", "amenities-landscaping", "amenities-cemetery"],
    "social_aid": ["social-targeted-aid"],
    "other": ["services-state", "other", "social-benefits", "legal-advice", "facilities-health", "facilities-culture",
              "facilities-sport", "amenities-ecology", "public-order", "civic-policy"],
}
FINE_LEGAL = {
    "housing_communal": ["housing-management", "utilities-electricity", "roads-repair", "amenities-waste"],
    "land": ["land-use", "land-allocation", "land-subsoil"], "agriculture": ["agriculture-farming"],
    "other": ["business-support", "economy-credit", "business-industry", "economy-budget", "services-state"],
}
FINE_SECTOR = {
    "social": ["facilities-education", "facilities-health", "social-targeted-aid", "facilities-culture",
               "social-employment", "facilities-sport", "social-benefits"],
    "housing_communal": ["roads-repair", "utilities-water", "amenities-lighting", "housing-heating", "utilities-gas",
                         "housing-repair", "amenities-waste", "transport-public", "roads-winter"],
    "industry_business": ["business-support", "business-trade"], "emergencies": ["emergency-flood", "emergency-fire"],
    "land": ["land-allocation", "land-use"],
    "agriculture": ["agriculture-livestock", "agriculture-veterinary", "amenities-stray-animals"],
    "police": ["public-order"],
}
# Table 1 of 002:446-461 in proportion: of 27, 13 explained, 7 satisfied, 5 redirected, 1 refused, 1 terminated.
OUTCOME_CYCLE = (["explained"] * 13 + ["satisfied"] * 7 + ["redirected"] * 5 + ["refused", "terminated"])
INDIVIDUAL_CHANNELS = [Channel.PAPER, Channel.PAPER, Channel.PHONE, Channel.PORTAL, Channel.SOCIAL, Channel.GATHERING]
LEGAL_CHANNELS = [Channel.PAPER, Channel.PAPER, Channel.PORTAL]

KARAGANDA = ("350000000", "Қарағанды облысы", "Карагандинская область", "Karaganda Region")
ABAI = ("352100000", "Абай ауданы", "Абайский район", "Abai District")
# (code, level, kk, ru, en, [(settlement code, kk, ru, en, population)])
ABAI_UNITS = [
    ("352121000", Level.TOWN, "Топар кенті", "Поселок Топар", "Topar Settlement",
     [("352121100", "Топар", "Топар", "Topar", 11900)]),
    ("352122000", Level.TOWN, "Қарабас кенті", "Поселок Карабас", "Karabas Settlement",
     [("352122100", "Қарабас", "Карабас", "Karabas", 5700)]),
    ("352131000", Level.RURAL_DISTRICT, "Құлайғыр ауылдық округі", "Кулайгырский сельский округ",
     "Kulaigyr Rural District", [("352131100", "Құлайғыр", "Кулайгыр", "Kulaigyr", 1400)]),
    ("352135000", Level.RURAL_DISTRICT, "Есенгелді ауылдық округі", "Есенгельдинский сельский округ",
     "Yesengeldi Rural District", [("352135100", "Есенгелді", "Есенгельды", "Yesengeldi", 900)]),
    ("352141000", Level.RURAL_DISTRICT, "Дубовка ауылдық округі", "Дубовский сельский округ",
     "Dubovka Rural District", [("352141100", "Дубовка", "Дубовка", "Dubovka", 2100),
                                ("352141300", "Жартас", "Жартас", "Zhartas", 350)]),
]
SEED = 2021
RISK_TABLES: dict = {}  # risk points per territory, cached during one load (reset by load_appeals_demo)


def person_name(rng: random.Random) -> str:
    if rng.random() < 0.6:
        sex = rng.choice("mf")
        surname = rng.choice(territory_demo.KK_SURNAMES) + ("" if sex == "m" else "а")
        return f"{surname} {rng.choice(territory_demo.KK_MALE if sex == 'm' else territory_demo.KK_FEMALE)}"
    sex = rng.choice("mf")
    surname = rng.choice(territory_demo.RU_SURNAMES) + ("" if sex == "m" else "а")
    return f"{surname} {rng.choice(territory_demo.RU_MALE if sex == 'm' else territory_demo.RU_FEMALE)}"


def _text(code: str, n: int) -> dict:
    subject, text = TEXTS[code][n % len(TEXTS[code])]
    return {"subject": subject, "text": text}


def _register(key: str, actor, place: Territory, topic: Topic, channel: str, received_on: dt.date,
              applicant: dict, history: History | None, **extra) -> Appeal | None:
    """Register one demo appeal (unless its key is already there) and write its past, if any."""
    if Appeal.objects.filter(idempotency_key=key).exists():
        return None
    appeal, code = services.register_appeal(actor=actor, territory=place, topic=topic, channel=channel,
                                            received_on=received_on, idempotency_key=key, **applicant, **extra)
    if history is not None:
        write_history(appeal, code, history, RISK_TABLES)
    appeal.demo_code = code
    return appeal


def _history(rng: random.Random, received: dt.date, outcome: str, executor, i: int) -> History:
    registered = received + dt.timedelta(days=5 if i % 29 == 0 else i % 2)  # a few registered late
    answered = received + dt.timedelta(days=17 if i % 19 == 0 else rng.randrange(3, 14))  # a few answered late
    redirected = received + dt.timedelta(days=2)
    return History(registered_on=registered, outcome=outcome, executor=executor,
                   answered_on=redirected if outcome == Outcome.REDIRECTED else answered,
                   answer_text=ANSWERS.get(outcome, ""),
                   redirected_to=REDIRECT_TO if outcome == Outcome.REDIRECTED else "")


def _krasnoyar_2021_plan() -> list[tuple[str, str]]:
    """(who, topic code) for the 258: who is ``legal``, ``reception`` or ``individual``."""
    plan, turn = [], {}
    for topic10, total in KRASNOYAR_2021_TOPIC10.items():
        legal, reception = KRASNOYAR_2021_LEGAL.get(topic10, 0), KRASNOYAR_2021_RECEPTION.get(topic10, 0)
        for who, count in (("legal", legal), ("reception", reception), ("individual", total - legal - reception)):
            if not count:
                continue
            choices = (FINE_LEGAL if who == "legal" else FINE)[topic10]
            for _n in range(count):
                turn[topic10] = turn.get(topic10, -1) + 1
                plan.append((who, choices[turn[topic10] % len(choices)]))
    random.Random(SEED).shuffle(plan)
    return plan


def _reception_day(day: dt.date) -> dt.date:
    while day.weekday() not in (1, 3):  # Tuesday, Thursday (002:752)
        day += dt.timedelta(days=1)
    return day


def load_krasnoyar_2021(counts: dict, topics: dict[str, Topic]) -> None:
    registrar = User.objects.get(username="demo-registrar")
    executor = User.objects.get(username="demo-executor")
    villages = list(Territory.objects.filter(parent__code=KRASNOYAR, level=Level.SETTLEMENT).order_by("code"))
    rng = random.Random(SEED)
    plan = _krasnoyar_2021_plan()
    for i, (who, code) in enumerate(plan):
        received = dt.date(2021, 1, 5) + dt.timedelta(days=i * 355 // len(plan))
        if who == "reception":
            received, channel = _reception_day(received), Channel.RECEPTION
        else:
            channel = (LEGAL_CHANNELS if who == "legal" else INDIVIDUAL_CHANNELS)[i % 3 if who == "legal" else i % 6]
        applicant = {"applicant_kind": ApplicantKind.LEGAL if who == "legal" else ApplicantKind.INDIVIDUAL,
                     "applicant_name": person_name(rng), "applicant_address": f"Красный Яр, ул. Мира, {1 + i % 90}",
                     "organization_name": ORGANISATIONS[i % len(ORGANISATIONS)] if who == "legal" else "",
                     **_text(code, i)}
        history = _history(rng, received, OUTCOME_CYCLE[i % len(OUTCOME_CYCLE)], executor, i)
        place = villages[1] if i % 15 == 7 and len(villages) > 1 else villages[0]
        if _register(f"demo:krasnoyar-2021:{i + 1}", registrar, place, topics[code], channel, received, applicant,
                     history):
            counts["krasnoyar_2021"] += 1


def _abai_territories(counts: dict) -> list[Territory]:
    made = {"territories": 0}
    region = territory_demo._unit(made, KARAGANDA[0], Level.REGION, *KARAGANDA[1:])
    district = territory_demo._unit(made, ABAI[0], Level.DISTRICT, *ABAI[1:], parent=region)
    places = []
    for code, level, kk, ru, en, villages in ABAI_UNITS:
        unit = territory_demo._unit(made, code, level, kk, ru, en, parent=district,
                                    population=sum(v[4] for v in villages))
        for v_code, v_kk, v_ru, v_en, population in villages:
            places.append(territory_demo._unit(made, v_code, Level.SETTLEMENT, v_kk, v_ru, v_en, parent=unit,
                                               population=population))
    counts["territories"] += made["territories"]
    return places


def load_abai_meetings(counts: dict, topics: dict[str, Topic]) -> None:
    admin = User.objects.get(username="demo-admin")
    places = _abai_territories(counts)
    rng = random.Random(SEED + 1)
    for year, sectors in ABAI_SECTORS.items():
        items = [code for sector, n in sectors.items() for code in
                 (FINE_SECTOR[sector][k % len(FINE_SECTOR[sector])] for k in range(n))]
        meetings = ABAI_MEETINGS[year]
        for i, code in enumerate(items):
            meeting = i * meetings // len(items)
            received = dt.date(year, 1, 20) + dt.timedelta(days=7 * meeting)
            place = places[meeting % len(places)]
            applicant = {"applicant_name": person_name(rng), "applicant_address": f"{place.name_ru}, {1 + i % 60}",
                         **_text(code, i)}
            history = _history(rng, received, OUTCOME_CYCLE[(i * 7) % len(OUTCOME_CYCLE)], None, i)
            if _register(f"demo:abai-{year}:{i + 1}", admin, place, topics[code], Channel.REPORTING_MEETING, received,
                         applicant, history):
                counts["abai_meetings"] += 1


@transaction.atomic
def load_appeals_demo() -> dict:
    """Create whatever of the appeals demo is missing; return how much was added (and one receipt)."""
    load_topics()
    RISK_TABLES.clear()
    topics = {t.code: t for t in Topic.objects.all()}
    counts = {"territories": 0, "krasnoyar_2021": 0, "abai_meetings": 0, "current": 0, "receipt": None}
    load_krasnoyar_2021(counts, topics)
    load_abai_meetings(counts, topics)
    from .demo_current import load_current

    load_current(counts, topics, today=timezone.localdate())
    return counts
