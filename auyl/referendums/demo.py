"""Demo data of the Krasnoyarsky rural district, found again by their questions (a second run adds nothing):

* a residents' initiative collecting signatures, a few entered on paper by the demo registrar;
* a local referendum decided two days ago and adopted, whose binding result waits for the akim's
  response as a decision of the meeting engine (``assemblies:decisions``). Signatures, ballots and the
  result go through the services; only the voting days are moved into the past afterwards (a vote
  cannot be scheduled for days already gone), audited as ``referendums.demo_history``.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from auyl.accounts.models import User
from auyl.core import audit
from auyl.territory.demo import KRASNOYAR
from auyl.territory.models import Resident, Territory

from . import services
from .models import Referendum, Signature, Status

QUESTION = "Краснояр ауылында жаңа спорт алаңы салынсын ба? / Построить ли в Краснояре новую спортплощадку?"
DESCRIPTION = (
    "Тұрғындар бастамасы: спорт алаңы мектептің жанында, ауыл бюджеті есебінен. / "
    "Инициатива жителей: спортплощадка рядом со школой, за счёт бюджета села."
)
SIGNERS = 12
DECIDED = (
    "Ауыл көшелерін түнде жарықтандыру ауыл бюджетінің басымдығы болсын ба? / "
    "Сделать ли ночное освещение улиц приоритетом бюджета села?"
)
YES_SHARE = 0.7  # of the ballots; 60 % of the adults vote


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
    counts["decided"] = _decided_referendum(territory, akim, registrar)
    return counts


def _adults(territory, referendum):
    residents = Resident.objects.filter(territory_path__startswith=territory.path, is_active=True).order_by(
        "pk"
    )
    return [r for r in residents if services.eligibility_error(referendum, r, for_staff=True) is None]


def _move_voting_days(akim, referendum, start: dt.date, end: dt.date) -> None:
    before = {"voting_from": referendum.voting_from, "voting_until": referendum.voting_until}
    Referendum.objects.filter(pk=referendum.pk).update(voting_from=start, voting_until=end)
    referendum.refresh_from_db()
    audit.record(
        actor=akim,
        action="referendums.demo_history",
        obj=referendum,
        territory=referendum.territory,
        changes={
            "voting_from": [before["voting_from"], start],
            "voting_until": [before["voting_until"], end],
        },
    )


@transaction.atomic
def _decided_referendum(territory, akim, registrar) -> int:
    if Referendum.objects.filter(territory=territory, question=DECIDED).exists():
        return 0
    today = timezone.localdate()
    referendum = services.create_question(
        actor=akim, territory=territory, kind="referendum", initiator="residents", question=DECIDED
    )
    adults = _adults(territory, referendum)
    for resident in adults[: referendum.signatures_required]:
        services.record_paper_signature(actor=registrar, referendum=referendum, resident=resident)
    referendum.refresh_from_db()
    tomorrow = today + dt.timedelta(days=1)
    services.schedule_vote(actor=akim, referendum=referendum, voting_from=tomorrow, voting_until=tomorrow)
    _move_voting_days(akim, referendum, today - dt.timedelta(days=3), today)
    voters = adults[: int(len(adults) * 0.6) + 1]
    for number, resident in enumerate(voters):
        choice = "yes" if number < len(voters) * YES_SHARE else "no"
        services.record_polling_ballot(
            actor=registrar,
            referendum=referendum,
            resident=resident,
            choice=choice,
            polling_point="Мектеп / Школа",
        )
    _move_voting_days(akim, referendum, today - dt.timedelta(days=4), today - dt.timedelta(days=2))
    referendum = services.declare_result(actor=akim, referendum=referendum)
    if referendum.status != Status.DECIDED or not referendum.adopted:
        raise RuntimeError("the demo vote was meant to be adopted: check the region's turnout rule")
    return 1
