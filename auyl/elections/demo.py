"""Demo data of akim elections (``manage.py elections_demo``).

* The 2021 campaign exactly as printed in the source (000:451-459, 000:483-528), entered through the
  services, so the report page shows its shares and its inconsistencies.
* The Krasnoyarsky rural district (111033000): the election of 25 July 2021 with its candidates, one
  refusal and three polling stations (the winner is computed), and a coming election with nominations
  still being decided. People and figures of the district are invented.

Everything goes through the services (permission, validation, audit); a second run adds nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from auyl.accounts.models import User
from auyl.territory.demo import KRASNOYAR, REGION
from auyl.territory.models import Territory

from . import services
from .data_2021 import enter_2021
from .models import Campaign, Election, ElectoralDistrict

DAY_2021 = dt.date(2021, 7, 25)
NEXT_DAY = dt.date(2027, 3, 14)


def _candidate(actor, election, name, born, sex, nomination, party="", signatures=None, **extra):
    return services.nominate_candidate(
        actor=actor,
        election=election,
        full_name=name,
        birth_date=born,
        sex=sex,
        nomination=nomination,
        party=party,
        signatures=signatures,
        **extra,
    )


def _election_2021(actor, territory) -> Election:
    election = services.schedule_election(
        actor=actor,
        territory=territory,
        election_date=DAY_2021,
        nomination_end=dt.date(2021, 6, 24),
        voters=9450,
        commission="Көкшетау қалалық аумақтық сайлау комиссиясы",
    )
    akim = _candidate(
        actor,
        election,
        "Серікбаев Ержан Қайратұлы",
        dt.date(1978, 5, 12),
        "m",
        "party",
        "amanat",
        is_incumbent=True,
        ethnicity="kazakh",
        occupation="Аким сельского округа",
    )
    farmer = _candidate(
        actor,
        election,
        "Ковальчук Сергей Петрович",
        dt.date(1969, 11, 3),
        "m",
        "self",
        signatures=142,
        ethnicity="other",
        occupation="Фермер, КХ «Колос»",
    )
    teacher = _candidate(
        actor,
        election,
        "Жақсылықова Айгүл Сәрсенқызы",
        dt.date(1986, 2, 21),
        "f",
        "party",
        "auyl",
        ethnicity="kazakh",
        occupation="Учитель СШ №2",
    )
    refused = _candidate(
        actor, election, "Абенов Нұрлан Болатұлы", dt.date(1990, 9, 9), "m", "self", signatures=61
    )
    decided = dt.date(2021, 7, 2)
    for candidate in (akim, farmer, teacher):
        services.decide_registration(actor=actor, candidate=candidate, registered=True, decision_date=decided)
    services.decide_registration(
        actor=actor,
        candidate=refused,
        registered=False,
        decision_date=decided,
        reason="Недостаточно подписей: 61 при необходимых 95 (1% избирателей округа).",
    )
    stations = [
        (712, "Красный Яр, СШ №1", 4810, 3120, 180, 41, {akim: 1710, farmer: 640, teacher: 549}),
        (713, "Красный Яр, Дом культуры", 4610, 2905, 205, 37, {akim: 1488, farmer: 702, teacher: 473}),
        (714, "Кызыл Жулдыз, клуб", 30, 27, 1, 0, {akim: 19, farmer: 3, teacher: 4}),
    ]
    for number, name, voters, issued, against, invalid, votes in stations:
        services.record_station_result(
            actor=actor,
            election=election,
            number=number,
            name=name,
            voters=voters,
            ballots_issued=issued,
            against_all=against,
            invalid=invalid,
            votes={c.pk: n for c, n in votes.items()},
        )
    return services.finalize_results(actor=actor, election=election)


def _coming_election(actor, territory) -> Election:
    election = services.schedule_election(
        actor=actor,
        territory=territory,
        election_date=NEXT_DAY,
        nomination_end=dt.date(2027, 2, 12),
        voters=9610,
    )
    akim = _candidate(
        actor,
        election,
        "Серікбаев Ержан Қайратұлы",
        dt.date(1978, 5, 12),
        "m",
        "party",
        "amanat",
        is_incumbent=True,
        ethnicity="kazakh",
        occupation="Аким сельского округа",
    )
    _candidate(
        actor,
        election,
        "Омарова Салтанат Бекқызы",
        dt.date(1983, 4, 30),
        "f",
        "self",
        signatures=188,
        ethnicity="kazakh",
        occupation="Директор сельской библиотеки",
    )
    services.decide_registration(
        actor=actor, candidate=akim, registered=True, decision_date=dt.date(2027, 2, 20)
    )
    return election


@transaction.atomic
def load_elections_demo() -> dict[str, int]:
    counts = {"campaigns": 0, "elections": 0}
    admin = User.objects.get(username="demo-admin")
    recorder = User.objects.get(username="demo-district")
    if not Campaign.objects.filter(year=2021).exists():
        region = Territory.objects.filter(code=REGION[0]).first()
        enter_2021(admin, region_territories={"Акмолинская": region} if region else None)
        counts["campaigns"] += 1
    territory = Territory.objects.get(code=KRASNOYAR)
    district = ElectoralDistrict.objects.filter(territory=territory).first()
    existing = set(district.elections.values_list("election_date", flat=True)) if district else set()
    if DAY_2021 not in existing:
        _election_2021(recorder, territory)
        counts["elections"] += 1
    if NEXT_DAY not in existing:
        _coming_election(recorder, territory)
        counts["elections"] += 1
    return counts
