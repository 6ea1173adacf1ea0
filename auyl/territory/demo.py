"""Demo data: Akmola region, the Krasnoyarsky rural district of Kokshetau, demo staff and residents.

Loaded by ``manage.py demo`` (``make run``) only when ``settings.DEMO_SHORTCUTS`` is on, because the
demo accounts have known passwords and TOTP secrets. Everything is get-or-create: a second run
changes nothing. Real names of the region, districts, rural districts and villages; the population
of Krasny Yar (12,361) and Kyzyl Zhuldyz (44) is from the sources (``002``), other figures are
illustrative and the KATO codes plausible (9-digit consistent) rather than official. People, akims,
addresses and phone numbers are invented; IINs are valid but generated from a fixed seed.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import random
from dataclasses import dataclass

from django.db import transaction

from auyl.accounts import services as accounts
from auyl.accounts import totp
from auyl.accounts.models import User
from auyl.core import audit
from auyl.core.holidays import load_holidays
from auyl.core.roles import Role

from . import services
from .identifiers import make_iin
from .models import Level, Office, Resident, Territory

REGION = ("110000000", "Ақмола облысы", "Акмолинская область", "Akmola Region")
KOKSHETAU = ("111000000", "Көкшетау қалалық әкімдігі", "Кокшетау Г.А.", "Kokshetau City Administration")
KRASNOYAR = "111033000"
OTHER_AKIM_RD = "115630000"
HOLIDAY_YEARS = (2025, 2026, 2027)
SEED = 2026

# Districts of Akmola region (code, kk, ru, en); those with rural districts below are detailed in UNITS.
DISTRICTS = [
    ("111800000", "Степногор қалалық әкімдігі", "Степногорск Г.А.", "Stepnogorsk City Administration"),
    ("113200000", "Ақкөл ауданы", "Аккольский район", "Akkol District"),
    ("113400000", "Аршалы ауданы", "Аршалынский район", "Arshaly District"),
    ("113600000", "Астрахан ауданы", "Астраханский район", "Astrakhan District"),
    ("113800000", "Атбасар ауданы", "Атбасарский район", "Atbasar District"),
    ("114000000", "Біржан сал ауданы", "район Биржан сал", "Birzhan Sal District"),
    ("114200000", "Бұланды ауданы", "Буландынский район", "Bulandy District"),
    ("114400000", "Бурабай ауданы", "Бурабайский район", "Burabay District"),
    ("114600000", "Егіндікөл ауданы", "Егиндыкольский район", "Egindykol District"),
    ("114800000", "Ерейментау ауданы", "Ерейментауский район", "Ereymentau District"),
    ("115000000", "Есіл ауданы", "Есильский район", "Esil District"),
    ("115200000", "Жақсы ауданы", "Жаксынский район", "Zhaksy District"),
    ("115400000", "Жарқайың ауданы", "Жаркаинский район", "Zharkain District"),
    ("115600000", "Зеренді ауданы", "Зерендинский район", "Zerendi District"),
    ("115800000", "Қорғалжын ауданы", "Коргалжынский район", "Korgalzhyn District"),
    ("116000000", "Сандықтау ауданы", "Сандыктауский район", "Sandyktau District"),
    ("116200000", "Целиноград ауданы", "Целиноградский район", "Tselinograd District"),
    ("116400000", "Шортанды ауданы", "Шортандинский район", "Shortandy District"),
]

# Primary units: (parent code, code, level, kk, ru, en, phone code, [(code, kk, ru, en, population)]).
UNITS = [
    ("111000000", KRASNOYAR, Level.RURAL_DISTRICT, "Краснояр ауылдық округі", "Красноярский сельский округ",
     "Krasnoyarsky Rural District", "7162", [
         ("111033100", "Қызыл Жар", "Красный Яр", "Krasny Yar", 12361),
         ("111033200", "Қызыл Жұлдыз", "Кызыл Жулдыз", "Kyzyl Zhuldyz", 44)]),
    ("115600000", OTHER_AKIM_RD, Level.RURAL_DISTRICT, "Зеренді ауылдық округі", "Зерендинский сельский округ",
     "Zerendi Rural District", "71632", [
         ("115630100", "Зеренді", "Зеренда", "Zerendi", 8650),
         ("115630300", "Қарасу", "Карасу", "Karasu", 410)]),
    ("115600000", "115641000", Level.RURAL_DISTRICT, "Айдабол ауылдық округі", "Айдабольский сельский округ",
     "Aidabol Rural District", "71632", [("115641100", "Айдабол", "Айдабол", "Aidabol", 1320)]),
    ("115600000", "115661000", Level.RURAL_DISTRICT, "Садовый ауылдық округі", "Садовый сельский округ",
     "Sadovy Rural District", "71632", [
         ("115661100", "Садовое", "Садовое", "Sadovoye", 1540),
         ("115661300", "Қызылтаң", "Кызылтан", "Kyzyltan", 260)]),
    ("115600000", "115675000", Level.RURAL_DISTRICT, "Шағалалы ауылдық округі", "Чаглинский сельский округ",
     "Shagalaly Rural District", "71632", [("115675100", "Шағалалы", "Чаглинка", "Shagalaly", 1180)]),
    ("114400000", "114421000", Level.TOWN, "Щучинск қаласының әкімшілігі", "Щучинская г.а.",
     "Shchuchinsk Town Administration", "71636", [
         ("114421100", "Щучинск қаласы", "г.Щучинск", "Shchuchinsk", 44980)]),
    ("114400000", "114435000", Level.RURAL_DISTRICT, "Қатаркөл ауылдық округі", "Катаркольский сельский округ",
     "Katarkol Rural District", "71636", [
         ("114435100", "Қатаркөл", "Катарколь", "Katarkol", 3250),
         ("114435300", "Шиелі", "Шиели", "Shieli", 120)]),
    ("114400000", "114441000", Level.RURAL_DISTRICT, "Златополь ауылдық округі", "Златопольский сельский округ",
     "Zlatopol Rural District", "71636", [("114441100", "Златополье", "Златополье", "Zlatopolye", 890)]),
    ("114400000", "114445000", Level.RURAL_DISTRICT, "Веденовка ауылдық округі", "Веденовский сельский округ",
     "Vedenovka Rural District", "71636", [("114445100", "Веденовка", "Веденовка", "Vedenovka", 760)]),
]

RECEPTION = {
    "reception_kk": "Сейсенбі және бейсенбі, 10:00–12:00",
    "reception_ru": "Вторник и четверг, 10:00–12:00",
    "reception_en": "Tuesday and Thursday, 10:00–12:00",
}

# (username, role, territory code or None, full name)
STAFF = [
    ("demo-admin", Role.ADMINISTRATOR, None, "Нұрланов Асқар Серікұлы"),
    ("demo-registrar", Role.REGISTRAR, KRASNOYAR, "Ахметова Гүлнар Маратқызы"),
    ("demo-executor", Role.EXECUTOR, KRASNOYAR, "Петров Андрей Викторович"),
    ("demo-akim", Role.AKIM, KRASNOYAR, "Серікбаев Ержан Қайратұлы"),
    ("demo-deputy", Role.DEPUTY, KRASNOYAR, "Омарова Салтанат Бекқызы"),
    ("demo-council", Role.COUNCIL_MEMBER, KRASNOYAR, "Кузнецова Елена Николаевна"),
    ("demo-district", Role.DISTRICT_SUPERVISOR, KOKSHETAU[0], "Жұмабаев Бауыржан Нұрланұлы"),
    ("demo-region", Role.REGIONAL_SUPERVISOR, REGION[0], "Қасымова Динара Әлиқызы"),
    ("demo-auditor", Role.AUDITOR, REGION[0], "Смирнов Дмитрий Сергеевич"),
    ("demo-akim-zerendi", Role.AKIM, OTHER_AKIM_RD, "Төлеуов Марат Ғалымұлы"),
]

# Surnames in the male form; the female form adds "а" (Ахметов / Ахметова, Иванов / Иванова).
KK_SURNAMES = ["Ахметов", "Серікбаев", "Нұрланов", "Жұмабаев", "Қасымов", "Омаров", "Төлеуов", "Бекболатов",
               "Сейітов", "Мұқанов"]
KK_MALE = ["Ержан", "Нұрлан", "Асқар", "Дәурен", "Бауыржан", "Арман", "Марат", "Қайрат", "Серік", "Ғалым"]
KK_FEMALE = ["Айгүл", "Гүлнар", "Жанар", "Динара", "Әсем", "Салтанат", "Ақмарал", "Мәдина", "Айжан", "Зарина"]
RU_SURNAMES = ["Иванов", "Петров", "Смирнов", "Кузнецов", "Попов", "Васильев", "Соколов", "Морозов", "Новиков"]
RU_MALE = ["Сергей", "Андрей", "Алексей", "Дмитрий", "Владимир", "Николай", "Виктор", "Александр"]
RU_FEMALE = ["Ольга", "Елена", "Наталья", "Татьяна", "Ирина", "Светлана", "Галина", "Анна"]
RU_FATHERS = ["Сергее", "Андрее", "Алексее", "Николае", "Викторо", "Александро", "Владимиро"]
STREETS = ["Абай көшесі", "Бейбітшілік көшесі", "Достық көшесі", "ул. Мира", "ул. Школьная", "ул. Центральная"]
# How many demo residents live where: most in Krasny Yar, some in every other village.
RESIDENTS_PER_SETTLEMENT = {"111033100": 200, "111033200": 20, "115630100": 30, "114435100": 20}
RESIDENTS_ELSEWHERE = 5
RESIDENT_PHONE = "+77015000000"


@dataclass
class Login:
    username: str
    password: str
    role: str
    territory: str
    totp_secret: str


def demo_password(username: str) -> str:
    return f"{username}-2026"


def demo_totp_secret(username: str) -> str:
    """A fixed base32 secret per demo user, so a newcomer's authenticator keeps working across runs."""
    return base64.b32encode(hashlib.sha256(f"auyl-demo-totp:{username}".encode()).digest()[:20]).decode()


def _unit(counts: dict, code: str, level: str, kk: str, ru: str, en: str, parent: Territory | None = None,
          population: int | None = None) -> Territory:
    unit = Territory.objects.filter(code=code).first()
    if unit is None:
        adult = round(population * 0.7) if population is not None else None
        unit = Territory.objects.create(
            code=code, level=level, name_kk=kk, name_ru=ru, name_en=en, parent=parent,
            path=(parent.path if parent else "") + code + "/", depth=parent.depth + 1 if parent else 0,
            population=population, adult_population=adult)
        counts["territories"] += 1
    return unit


def _territories(counts: dict) -> Territory:
    region = _unit(counts, REGION[0], Level.REGION, *REGION[1:])
    parents = {KOKSHETAU[0]: _unit(counts, KOKSHETAU[0], Level.CITY, *KOKSHETAU[1:], parent=region)}
    for code, kk, ru, en in DISTRICTS:
        level = Level.CITY if ru.endswith("Г.А.") else Level.DISTRICT
        parents[code] = _unit(counts, code, level, kk, ru, en, parent=region)
    for parent_code, code, level, kk, ru, en, _phone, villages in UNITS:
        total = sum(v[4] for v in villages)
        primary = _unit(counts, code, level, kk, ru, en, parent=parents[parent_code], population=total)
        for v_code, v_kk, v_ru, v_en, population in villages:
            _unit(counts, v_code, Level.SETTLEMENT, v_kk, v_ru, v_en, parent=primary, population=population)
    return region


def _offices(counts: dict, admin: User) -> None:
    akims = {code: name for _u, role, code, name in STAFF if role == Role.AKIM}
    for number, (_p, code, _l, _kk, _ru, _en, phone_code, villages) in enumerate(UNITS, start=1):
        territory = Territory.objects.get(code=code)
        if Office.objects.filter(territory=territory).exists():
            continue
        centre_kk, centre_ru = villages[0][1], villages[0][2]
        services.update_office(
            actor=admin, territory=territory,
            akim_name=akims.get(code, f"{KK_SURNAMES[number % 10]} {KK_MALE[number % 10]}"),
            address_kk=f"{centre_kk}, Орталық көшесі, {number}", address_ru=f"{centre_ru}, ул. Центральная, {number}",
            phone=f"8 {phone_code} {'25' if len(phone_code) == 4 else '2'}{number:04d}",
            email=f"akimat{code}@auyl.example", **RECEPTION)
        counts["offices"] += 1


def _staff(counts: dict, region: Territory) -> list[Login]:
    logins = []
    for username, role, code, full_name in STAFF:
        territory = Territory.objects.get(code=code) if code else None
        user = User.objects.filter(username=username).first()
        if user is None:
            user = accounts.create_staff_user(actor=None, username=username, full_name=full_name,
                                              password=demo_password(username), email=f"{username}@auyl.example")
            counts["users"] += 1
        accounts.grant_role(actor=None, user=user, role=role, territory=territory)
        secret = demo_totp_secret(username)
        if totp.secret_of(user) != secret or user.totp_confirmed_at is None:
            totp.set_secret(user, secret, confirmed=True)
        logins.append(Login(username, demo_password(username), role.label, territory.code if territory else "KZ",
                            secret))
    return logins


def demo_people(seed: int = SEED) -> list[dict]:
    """The demo residents as ``register_resident`` arguments, always the same for the same seed."""
    rng = random.Random(seed)
    plan = dict(RESIDENTS_PER_SETTLEMENT)
    for unit in UNITS:
        for village in unit[7]:
            plan.setdefault(village[0], RESIDENTS_ELSEWHERE)
    people, iins = [], set()
    for code, count in plan.items():
        for _ in range(count):
            people.append(_person(rng, code, len(people), iins))
    people[0]["phone"] = RESIDENT_PHONE
    return people


def _person(rng: random.Random, settlement: str, index: int, iins: set[str]) -> dict:
    sex = rng.choice("mf")
    birth = dt.date(1945, 1, 1) + dt.timedelta(days=rng.randrange(365 * 74))
    iin = None
    while iin is None or iin in iins:
        iin = make_iin(birth, sex, rng.randrange(1, 10000))
    iins.add(iin)
    if rng.random() < 0.7:
        last = rng.choice(KK_SURNAMES) + ("" if sex == "m" else "а")
        first = rng.choice(KK_MALE if sex == "m" else KK_FEMALE)
        middle = rng.choice(KK_MALE) + ("ұлы" if sex == "m" else "қызы")
    else:
        last = rng.choice(RU_SURNAMES) + ("" if sex == "m" else "а")
        first = rng.choice(RU_MALE if sex == "m" else RU_FEMALE)
        middle = rng.choice(RU_FATHERS) + ("вич" if sex == "m" else "вна")
    has_phone = rng.random() < 0.8
    return {
        "settlement": settlement, "iin": iin, "last_name": last, "first_name": first, "middle_name": middle,
        "address": f"{rng.choice(STREETS)}, {rng.randrange(1, 120)}",
        "phone": f"+770150{index:05d}" if has_phone else "", "consent": rng.random() < 0.9,
    }


def _residents(counts: dict, admin: User) -> Resident:
    settlements = {t.code: t for t in Territory.objects.filter(level=Level.SETTLEMENT, code__startswith="11")}
    first = None
    for person in demo_people():
        person = dict(person)
        code = person.pop("settlement")
        existing = Resident.objects.filter(iin_hash=services.iin_lookup_hash(person["iin"])).first()
        if existing is None:
            existing = services.register_resident(actor=admin, settlement=settlements[code], **person)
            counts["residents"] += 1
        first = first or existing
    return first


@transaction.atomic
def load_demo() -> tuple[dict[str, int], list[Login]]:
    """Create whatever of the demo is missing; return what was created and the demo logins."""
    counts = dict.fromkeys(("territories", "offices", "users", "residents", "holidays"), 0)
    region = _territories(counts)
    logins = _staff(counts, region)
    admin = User.objects.get(username="demo-admin")
    _offices(counts, admin)
    resident = _residents(counts, admin)
    account = accounts.account_for_phone(phone=resident.phone)
    logins.append(Login(account.phone, "", Role.RESIDENT.label, resident.settlement.code, ""))
    counts["holidays"] = load_holidays(HOLIDAY_YEARS)
    if counts["territories"] or counts["offices"] or counts["users"] or counts["residents"]:
        audit.record(actor="system", action="demo.loaded", object_type="territory.territory",
                     object_id=region.pk, object_label=str(region), territory=region, changes=counts)
    return counts, logins
