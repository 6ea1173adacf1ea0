"""Demo of the functional analysis for the Krasnoyarsky rural district, Kokshetau and Akmola region.

The four functions the 2021 Concept hands from the district to the village (``003:772-779``) are
registered at the Kokshetau akimat and proposed for transfer to the Krasnoyarsky rural district, each at
its own step of the path; the village's apparatus already does similar work (amenities, e-services), so
the finder lists those pairs (``003:563-567``). Figures, hours and legal references are illustrative.
Idempotent: every object is looked up before it is created, through the services.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from auyl.accounts.models import User
from auyl.territory import demo as territory_demo
from auyl.territory.models import Territory

from . import duplicates, services, transfers
from .models import Body, DuplicateCandidate, GovLevel, Power, Review, TransferProposal

LAW = "Закон РК «О местном государственном управлении и самоуправлении»"

BODIES = {
    "republic": (
        GovLevel.REPUBLIC,
        None,
        "ҚР Ұлттық экономика министрлігі",
        "Министерство национальной экономики РК",
    ),
    "region": (
        GovLevel.REGION,
        territory_demo.REGION[0],
        "Ақмола облысының әкімдігі",
        "Акимат Акмолинской области",
    ),
    "district": (
        GovLevel.DISTRICT,
        territory_demo.KOKSHETAU[0],
        "Көкшетау қаласының әкімдігі",
        "Акимат города Кокшетау",
    ),
    "village": (
        GovLevel.RURAL_DISTRICT,
        territory_demo.KRASNOYAR,
        "Краснояр ауылдық округі әкімінің аппараты",
        "Аппарат акима Красноярского сельского округа",
    ),
}

# (body, kk, ru, legal basis, programme code, staff hours a year, source)
FUNCTIONS = [
    (
        "republic",
        "Жергілікті өзін-өзі басқаруды дамыту саясатын әзірлеу",
        "Разработка политики развития местного самоуправления",
        "",
        "",
        None,
        "003:764-771",
    ),
    (
        "region",
        "Ауылдық аумақтарды дамыту бағдарламаларын бекіту",
        "Утверждение программ развития сельских территорий",
        f"{LAW}, ст. 27",
        "",
        400,
        "003:563-567",
    ),
    (
        "district",
        "Қоғамдық орындарды абаттандыру және сыртқы безендіру",
        "Благоустройство и внешнее оформление общественных мест",
        f"{LAW}, ст. 31",
        "amenities",
        900,
        "003:775-776",
    ),
    (
        "district",
        "Көрме-жәрмеңке қызметін ұйымдастыру",
        "Организация выставочно-ярмарочной деятельности",
        f"{LAW}, ст. 31 п. 1 пп. 12",
        "",
        300,
        "003:776-777",
    ),
    (
        "district",
        "Коммуналдық қалдықтарды бөлек жинауды ұйымдастыру",
        "Организация раздельного сбора коммунальных отходов",
        "Экологический кодекс РК, ст. 365",
        "sanitation",
        500,
        "003:777-778",
    ),
    (
        "district",
        "Ақпараттық жүйелерді қолдана отырып электрондық қызметтер көрсету",
        "Оказание электронных услуг с применением информационных систем",
        "Закон РК «Об информатизации», ст. 10",
        "",
        700,
        "003:778-779",
    ),
    (
        "village",
        "Қоғамдық орындарды абаттандыру және көгалдандыру",
        "Благоустройство и озеленение общественных мест",
        f"{LAW}, ст. 35",
        "amenities",
        600,
        "000:610",
    ),
    (
        "village",
        "Электрондық қызметтер көрсету",
        "Оказание электронных услуг населению",
        "Закон РК «Об информатизации», ст. 10",
        "apparatus",
        350,
        "003:778-779",
    ),
    (
        "village",
        "Шаруашылық есебін жүргізу",
        "Ведение похозяйственного учёта",
        f"{LAW}, ст. 35",
        "household-records",
        250,
        "000:610",
    ),
]

# The four transfers of 003:772-779: (district function ru, financing tenge a year, programme, steps).
TRANSFERS = [
    (
        "Благоустройство и внешнее оформление общественных мест",
        Decimal("18500000"),
        "amenities",
        ["under_review"],
    ),
    ("Организация выставочно-ярмарочной деятельности", Decimal("2400000"), "", ["under_review", "approved"]),
    ("Организация раздельного сбора коммунальных отходов", Decimal("6200000"), "sanitation", []),
    ("Оказание электронных услуг с применением информационных систем", Decimal("1100000"), "apparatus", []),
]


def _bodies(admin: User) -> dict[str, Body]:
    found = {}
    for key, (level, code, kk, ru) in BODIES.items():
        territory = Territory.objects.get(code=code) if code else None
        body = Body.objects.filter(territory=territory, name_key=services.name_key(ru)).first()
        found[key] = body or services.create_body(
            actor=admin, level=level, territory=territory, name_kk=kk, name_ru=ru
        )
    return found


def _functions(admin: User, bodies: dict[str, Body]) -> int:
    created = 0
    for key, kk, ru, basis, programme, hours, source in FUNCTIONS:
        if Power.objects.filter(body=bodies[key], name_key=services.name_key(ru)).exists():
            continue
        services.register_power(
            actor=admin,
            body=bodies[key],
            name_kk=kk,
            name_ru=ru,
            legal_basis=basis,
            programme_code=programme,
            staff_hours=hours,
            source=source,
        )
        created += 1
    return created


def _transfers(admin: User, supervisor: User, akim: User, bodies: dict[str, Body]) -> int:
    created = 0
    today = timezone.localdate()
    for number, (ru, financing, programme, steps) in enumerate(TRANSFERS):
        if TransferProposal.objects.filter(to_body=bodies["village"], title_ru=ru).exists():
            continue
        power = Power.objects.get(body=bodies["district"], name_key=services.name_key(ru))
        proposal = transfers.propose_transfer(
            actor=akim,
            from_body=bodies["district"],
            to_body=bodies["village"],
            power=power,
            financing=financing,
            programme_code=programme,
            source="003:772-779",
            proposed_on=today - dt.timedelta(days=40 - number),
            financing_note="Целевой трансферт из бюджета города в бюджет сельского округа (иллюстративно)",
            rationale="Концепция проекта закона по вопросам местного самоуправления (МНЭ, 2021): передача "
            "функций с районного уровня на уровень села.",
        )
        for offset, status in enumerate(steps):
            transfers.advance_transfer(
                actor=supervisor,
                proposal=proposal,
                status=status,
                on=today - dt.timedelta(days=20 - 10 * offset),
                decision_number="" if status != "approved" else "5/12",
                note="Решение маслихата (иллюстративно)" if status == "approved" else "",
            )
        created += 1
    return created


@transaction.atomic
def load_powers_demo() -> dict[str, int]:
    """Create what is missing; return how many functions, pairs and proposals this run added."""
    territory_demo.load_demo()
    admin = User.objects.get(username="demo-admin")
    supervisor = User.objects.get(username="demo-district")
    akim = User.objects.get(username="demo-akim")
    bodies = _bodies(admin)
    counts = {"functions": _functions(admin, bodies)}
    village = bodies["village"].territory
    added = duplicates.find_duplicates(actor=supervisor, territory=village)
    for candidate in added:
        if candidate.first.programme_code == "amenities" and candidate.decision == Review.PENDING:
            duplicates.decide_duplicate(
                actor=supervisor,
                candidate=candidate,
                decision=Review.TO_TRANSFER,
                note="Передать селу вместе с финансированием (003:772-779)",
            )
    counts["duplications"] = len(added)
    counts["transfers"] = _transfers(admin, supervisor, akim, bodies)
    counts["pending_review"] = DuplicateCandidate.objects.filter(decision=Review.PENDING).count()
    return counts
