"""Demo data: a residents' initiative of the Krasnoyarsky rural district collecting signatures, with a
few signatures entered on paper by the demo registrar. Idempotent: found again by its question."""

from __future__ import annotations

from auyl.accounts.models import User
from auyl.territory.demo import KRASNOYAR
from auyl.territory.models import Resident, Territory

from . import services
from .models import Referendum, Signature

QUESTION = "Краснояр ауылында жаңа спорт алаңы салынсын ба? / Построить ли в Краснояре новую спортплощадку?"
DESCRIPTION = (
    "Тұрғындар бастамасы: спорт алаңы мектептің жанында, ауыл бюджеті есебінен. / "
    "Инициатива жителей: спортплощадка рядом со школой, за счёт бюджета села."
)
SIGNERS = 12


def load_referendums_demo() -> dict[str, int]:
    territory = Territory.objects.get(code=KRASNOYAR)
    akim, registrar = User.objects.get(username="demo-akim"), User.objects.get(username="demo-registrar")
    counts = {"referendums": 0, "signatures": 0}
    referendum = Referendum.objects.filter(territory=territory, question=QUESTION).first()
    if referendum is None:
        referendum = services.create_question(
            actor=akim,
            territory=territory,
            kind="referendum",
            initiator="residents",
            question=QUESTION,
            description=DESCRIPTION,
        )
        counts["referendums"] += 1
    signed = Signature.objects.filter(referendum=referendum).values_list("resident_id", flat=True)
    adults = (
        Resident.objects.filter(territory_path__startswith=territory.path, is_active=True)
        .exclude(pk__in=signed)
        .order_by("pk")
    )
    need = SIGNERS - len(signed)
    for resident in adults:
        if need <= 0 or not services.collecting_open(referendum):
            break
        if services.eligibility_error(referendum, resident) is None:
            services.record_paper_signature(actor=registrar, referendum=referendum, resident=resident)
            counts["signatures"] += 1
            need -= 1
    return counts
