"""Demo documents around the Krasnoyarsky rural district (111033000): the region passes a public programme
to its districts; the Kokshetau city akimat (111000000) passes a public instruction and a report request to
its rural districts, which Krasnoyar acknowledges and answers. Sent through the services, as the demo staff of
``auyl/territory/demo.py``; a second run adds nothing (documents are found by sender and title).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from auyl.accounts.models import User
from auyl.territory.models import Territory

from . import services
from .models import Document

REGION, CITY, KRASNOYAR = "110000000", "111000000", "111033000"

DOCUMENTS = [
    # (sender code, username, kind, level, title, body, report in days, public)
    (
        REGION,
        "demo-region",
        "programme",
        "city",
        "Ауылдық аумақтарды дамыту бағдарламасы 2030–2032",
        "Облыс әкімдігі ауылдық аумақтарды дамыту бағдарламасын жібереді. Аудандар мен қалалар оны ауылдық "
        "округтерге жеткізеді (003:515-523).",
        None,
        True,
    ),
    (
        CITY,
        "demo-district",
        "instruction",
        "rural_district",
        "Көктемгі су тасқынына дайындық туралы нұсқау",
        "Ауылдық округтердің әкімдері су тасқынына дайындық жоспарын бекітіп, тұрғындарға хабарласын.",
        None,
        True,
    ),
    (
        CITY,
        "demo-district",
        "report_request",
        "rural_district",
        "Көктемгі егіс науқаны туралы есеп",
        "Егіс алқаптары, техника және жанар-жағармай туралы мәліметтерді ұсыныңыз.",
        7,
        False,
    ),
]
REPORT = "Егіс 1 200 га алқапта басталды; техника дайын. / Сев начат на 1 200 га, техника готова."


def _send(row) -> tuple[Document, bool]:
    code, username, kind, level, title, body, days, public = row
    sender = Territory.objects.get(code=code)
    existing = Document.objects.filter(sender=sender, versions__number=1, versions__title=title).first()
    if existing is not None:
        return existing, False
    due = timezone.localdate() + dt.timedelta(days=days) if days else None
    document = services.send_document(
        actor=User.objects.get(username=username),
        sender=sender,
        kind=kind,
        title=title,
        body=body,
        level=level,
        report_due=due,
        is_public=public,
    )
    return document, True


def load_documents_demo() -> dict:
    counts = {"documents": 0, "acknowledged": 0, "reports": 0}
    akim = User.objects.get(username="demo-akim")
    krasnoyar = Territory.objects.get(code=KRASNOYAR)
    sent = []
    for row in DOCUMENTS:
        document, created = _send(row)
        counts["documents"] += created
        sent.append(document)
    request = sent[-1]
    recipient = request.recipients.get(territory=krasnoyar)
    if not recipient.acknowledgements.exists():
        services.acknowledge(actor=akim, document=request, territory=krasnoyar)
        counts["acknowledged"] += 1
    if not recipient.reports.exists():
        services.submit_report(actor=akim, document=request, territory=krasnoyar, text=REPORT)
        counts["reports"] += 1
    counts["request"] = request.pk
    return counts
