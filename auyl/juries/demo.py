"""Demo juries of the Krasnoyarsky rural district (111033000): one answered, one being formed.

Idempotent: a jury whose title already exists is left as it is. Runs after ``territory.demo``.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from auyl.accounts.models import User
from auyl.territory.demo import KRASNOYAR
from auyl.territory.models import Territory

from . import services
from .models import Jury, MemberStatus

ANSWERED = {
    "title": "Ауыл көшелерін жарықтандыру / Освещение улиц села",
    "question": "Which streets of Krasnoyarka should be lit first with the 2026 budget, and how should the "
    "lighting be maintained?",
    "size": 15,
    "seed_source": "Kazakhstan national lottery 'Bingo 37' draw result on the day of the draw",
    "public_value": "05 11 17 23 29 34",
}
FORMING = {
    "title": "Қоқысты бөлек жинау / Раздельный сбор мусора",
    "question": "How should separate waste collection be organised in the villages of the rural district?",
    "size": 20,
    "seed_source": "Closing value of the KASE index on the day of the draw",
    "public_value": "5123.47",
}


def _draw(akim, unit, spec: dict) -> Jury:
    jury = services.create_jury(
        actor=akim, territory=unit, title=spec["title"], question=spec["question"], size=spec["size"]
    )
    services.announce_draw(actor=akim, jury=jury, seed_source=spec["seed_source"])
    return services.run_draw(actor=akim, jury=jury, public_value=spec["public_value"])


def _respond(akim, jury: Jury, declines: int) -> None:
    """Everyone accepts except the first ``declines``, who are replaced (and their replacements accept)."""
    members = list(jury.members.order_by("pk"))
    for index, member in enumerate(members):
        services.respond(actor=akim, jury=jury, resident=member.resident, accepted=index >= declines)
        if index < declines:
            new = services.draw_replacement(actor=akim, jury=jury, member=member)
            services.respond(actor=akim, jury=jury, resident=new.resident, accepted=True)


def load_juries_demo() -> dict[str, int]:
    unit = Territory.objects.get(code=KRASNOYAR)
    akim = User.objects.get(username="demo-akim")
    added = 0
    if not Jury.objects.filter(territory=unit, title=ANSWERED["title"]).exists():
        jury = _draw(akim, unit, ANSWERED)
        _respond(akim, jury, declines=2)
        today = timezone.localdate()
        present = jury.members.filter(status=MemberStatus.ACCEPTED).count()
        services.add_session(
            actor=akim,
            jury=jury,
            date=today,
            topic="Experts of the district akimat and the power company: costs and options",
            experts="Housing department; power company",
            present=present,
        )
        services.add_session(
            actor=akim,
            jury=jury,
            date=today + dt.timedelta(days=7),
            topic="Deliberation and vote on the recommendation",
            present=present - 1,
        )
        jury = services.recommend(
            actor=akim,
            jury=jury,
            text="Light Shkolnaya and Tsentralnaya streets first "
            "(the school route), then the bus stop; use LED lamps with a timer.",
        )
        services.answer(
            actor=akim,
            jury=jury,
            outcome="partly",
            text="Shkolnaya and Tsentralnaya streets are "
            "included in the 2026 plan; the bus stop waits for the district budget.",
        )
        added += 1
    if not Jury.objects.filter(territory=unit, title=FORMING["title"]).exists():
        jury = _draw(akim, unit, FORMING)
        members = list(jury.members.order_by("pk")[:6])
        for index, member in enumerate(members):
            services.respond(actor=akim, jury=jury, resident=member.resident, accepted=index != 2)
        added += 1
    return {"added": added, "total": Jury.objects.filter(territory=unit).count()}
