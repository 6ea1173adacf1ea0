"""Demo appeals of the last weeks in the Krasnoyarsky rural district, in every state of the workflow.

Each goes through the real services (register, assign, extend, redirect, answer, mark executed) as the
demo staff; only the registration date is moved back to the day of receipt (:mod:`.demo_history`), so
that the dashboard's clocks look like an office that registers on time.
"""

from __future__ import annotations

import datetime as dt
import random

from auyl.accounts.models import User
from auyl.territory.models import Level, Territory

from . import services
from .demo_history import History, write_history
from .demo_texts import ANSWERS, REDIRECT_TO, TEXTS
from .models import Appeal, Channel, Outcome, Topic

# (days ago received, topic code, channel, what happens next, collective)
RECENT = [
    (1, "utilities-water-outage", Channel.PHONE, "new", True),
    (1, "amenities-stray-animals", Channel.PORTAL, "new", False),
    (2, "housing-heating", Channel.PAPER, "assigned", True),
    (3, "roads-winter", Channel.SOCIAL, "assigned", False),
    (4, "land-allocation", Channel.RECEPTION, "assigned", False),
    (5, "social-targeted-aid", Channel.RECEPTION, "explained", False),
    (6, "amenities-lighting", Channel.PORTAL, "satisfied", False),
    (7, "utilities-gas", Channel.PAPER, "redirected", False),
    (8, "transport-public", Channel.GATHERING, "assigned", True),
    (9, "housing-repair", Channel.PAPER, "extended", False),
    (10, "amenities-waste", Channel.PHONE, "executed", False),
    (11, "facilities-health", Channel.PORTAL, "refused", False),
    (12, "social-employment", Channel.RECEPTION, "explained", False),
    (14, "roads-repair", Channel.PAPER, "satisfied", True),
    (18, "utilities-electricity", Channel.PHONE, "assigned", False),
    (20, "complaint-official", Channel.PAPER, "assigned", False),
    (24, "land-use", Channel.RECEPTION, "new", False),
    (27, "housing-management", Channel.PORTAL, "explained", False),
    (33, "utilities-water", Channel.REPORTING_MEETING, "satisfied", True),
    (38, "agriculture-veterinary", Channel.PAPER, "executed", False),
    (41, "business-trade", Channel.PORTAL, "explained", False),
    (45, "everyday-neighbours", Channel.RECEPTION, "explained", False),
]


def _advance(appeal: Appeal, then: str, akim: User, executor: User, today: dt.date) -> None:
    if then == "new":
        return
    if then == "redirected":
        services.redirect(actor=akim, appeal=appeal, to_body=REDIRECT_TO)
        return
    services.assign(actor=akim, appeal=appeal, executor=executor)
    if then == "extended":
        services.extend_deadline(actor=akim, appeal=appeal, reason="Нужен выезд комиссии и смета ремонта.")
    if then in ("explained", "refused"):
        services.answer(actor=executor, appeal=appeal, outcome=then, text=ANSWERS[then])
    if then in ("satisfied", "executed"):
        services.answer(actor=executor, appeal=appeal, outcome=Outcome.SATISFIED, text=ANSWERS["satisfied"],
                        promised_action=ANSWERS["satisfied"], promised_by=today + dt.timedelta(days=14))
    if then == "executed":
        services.mark_executed(actor=executor, appeal=appeal, note="Работы выполнены, заявитель уведомлён.")


def load_current(counts: dict, topics: dict[str, Topic], today: dt.date) -> None:
    from .demo import KRASNOYAR, person_name

    rng = random.Random(today.toordinal())
    registrar = User.objects.get(username="demo-registrar")
    akim = User.objects.get(username="demo-akim")
    executor = User.objects.get(username="demo-executor")
    village = Territory.objects.filter(parent__code=KRASNOYAR, level=Level.SETTLEMENT).order_by("code").first()
    for i, (days_ago, code, channel, then, collective) in enumerate(RECENT):
        key = f"demo:krasnoyar-recent:{i + 1}"
        if Appeal.objects.filter(idempotency_key=key).exists():
            continue
        received = today - dt.timedelta(days=days_ago)
        subject, text = TEXTS[code][i % len(TEXTS[code])]
        appeal, code_ = services.register_appeal(
            actor=registrar, territory=village, topic=topics[code], channel=channel, received_on=received,
            idempotency_key=key, is_collective=collective, applicant_name=f"Жители ул. Мира ({i + 1})" if collective
            else person_name(rng), applicant_address=f"Красный Яр, ул. Мира, {i + 3}", subject=subject, text=text)
        write_history(appeal, code_, History(registered_on=received))
        _advance(appeal, then, akim, executor, today)
        counts["current"] += 1
        if counts["receipt"] is None:
            counts["receipt"] = (appeal.number, code_)
