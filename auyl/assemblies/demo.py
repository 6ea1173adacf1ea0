"""Demo meetings of the Krasnoyarsky rural district (``manage.py assemblies_demo``).

* A gathering of Kyzyl Zhuldyz held a month ago: attendance checked against the registry, the quorum
  reached, three questions voted, priority needs, a question registered as an appeal, the minutes
  signed, and the akim's response (accepted with a plan) to the decision addressed to them.
* A gathering of Kyzyl Zhuldyz to come, its notice published (SMS in the outbox).
* The community meeting of the rural district: nine members of every category for 2024-2027, and a
  session to agree next year's budget, its notice published.

Everything goes through the services, as the demo staff (``demo-registrar``, ``demo-akim``). Only the
past gathering's convening is written directly (a notice cannot be published for a date already past)
and its timestamps are then moved to the day it was held (audited as ``assemblies.demo_history``).
Meetings are found by their title, so a second run adds nothing. Needs ``manage.py demo`` first.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from auyl.accounts.models import User
from auyl.appeals.models import Topic
from auyl.core import audit
from auyl.core.rules import get_rule
from auyl.territory import demo as territory_demo
from auyl.territory.models import Resident, Territory

from . import rolls, services
from .models import (
    AgendaItem,
    Attendance,
    Decision,
    ItemKind,
    Meeting,
    MeetingKind,
    MeetingStatus,
    MemberCategory,
    MinutesVersion,
    Vote,
)

KYZYL_ZHULDYZ = "111033200"
PAST_TITLE = "Жиын: көше жолы, су құбыры, өзін-өзі басқару комиссиясы"
UPCOMING_TITLE = "Жиын: ауылдың 2027 жылғы басым қажеттіліктері"
COMMUNITY_TITLE = "Жергілікті қоғамдастық жиналысы: 2027 жылғы бюджетті келісу"
VENUE = "Қызыл Жұлдыз ауылдық клубы, Абай көшесі, 3"
CHAIR, SECRETARY = "Серікбаев Ержан Қайратұлы", "Ахметова Гүлнар Маратқызы"
TERM = (dt.date(2024, 1, 1), dt.date(2027, 12, 31))

PAST_AGENDA = [
    {
        "kind": ItemKind.LOCAL_QUESTION,
        "title": "Абай көшесіндегі жолды жөндеу",
        "addressed_to_akim": True,
        "is_task": True,
        "decision_text": "Ауыл әкіміне Абай көшесіндегі жолды 2026 жылдың күзіне дейін қиыршық таспен "
        "жөндеуді ұсыну.",
    },
    {
        "kind": ItemKind.DEVELOPMENT_PROGRAMME,
        "title": "Тұрғындардың басым қажеттіліктері",
        "decision_text": "Басым қажеттіліктер тізбесі бекітілсін және аудан дамыту бағдарламасына жіберілсін.",
    },
    {
        "kind": ItemKind.COMMISSION_ELECTION,
        "title": "Өзін-өзі басқару комиссиясының мүшелерін сайлау",
        "decision_text": "Комиссия мүшелері болып Жұмабаев Н. және Иванова О. сайлансын.",
    },
]
PAST_VOTES = [(9, 1, 1), (11, 0, 0), (6, 3, 2)]
NEEDS = [
    {"title": "Ауыз су құбырын жүргізу", "description": "Ауылдың 12 үйі су тасиды."},
    {"title": "Абай көшесін жөндеу", "description": "1,2 км, көктемде өту мүмкін емес."},
    {"title": "Көше жарығы", "description": "Мектепке апаратын жолда 8 шам."},
]


def _staff() -> tuple[User, User]:
    return User.objects.get(username="demo-registrar"), User.objects.get(username="demo-akim")


def _past_gathering(village: Territory, registrar: User, akim: User) -> Meeting | None:
    if Meeting.objects.filter(territory=village, title=PAST_TITLE).exists():
        return None
    day = timezone.localdate() - dt.timedelta(days=30)
    starts_at = timezone.make_aware(dt.datetime.combine(day, dt.time(18, 0)))
    meeting = Meeting.objects.create(
        territory=village,
        territory_path=village.path,
        kind=MeetingKind.GATHERING,
        title=PAST_TITLE,
        starts_at=starts_at,
        venue=VENUE,
        convened_by=registrar,
        convener_label=f"{CHAIR}, ауыл әкімі",
        status=MeetingStatus.CONVENED,
        notice_published_at=starts_at - dt.timedelta(days=10),
    )
    AgendaItem.objects.bulk_create(
        [
            AgendaItem(
                meeting=meeting,
                number=n,
                kind=i["kind"],
                title=i["title"],
                decision_text=i["decision_text"],
                addressed_to_akim=i.get("addressed_to_akim", False),
                is_task=i.get("is_task", False),
            )
            for n, i in enumerate(PAST_AGENDA, start=1)
        ]
    )
    audit.record(
        actor=registrar,
        action="assemblies.meeting_convened",
        obj=meeting,
        territory=village,
        changes={"demo": True, "starts_at": starts_at},
    )
    _hold(meeting, registrar)
    _follow_up(meeting, akim)
    _backdate(meeting, registrar)
    return meeting


def _hold(meeting: Meeting, registrar: User) -> None:
    meeting = services.open_meeting(
        actor=registrar, meeting=meeting, chair_name=CHAIR, secretary_name=SECRETARY
    )
    for person in rolls.roll_for(meeting).order_by("last_name", "first_name")[:11]:
        services.check_in(actor=registrar, meeting=meeting, resident=person)
    services.check_in(
        actor=registrar,
        meeting=meeting,
        kind="official",
        guest_name="Жұмабаев Бауыржан",
        position="Көкшетау қалалық әкімдігі",
    )
    services.check_in(
        actor=registrar, meeting=meeting, kind="guest", guest_name="«Көкшетау» газетінің тілшісі"
    )
    items = list(meeting.items.order_by("number"))
    for item, (votes_for, against, abstained) in zip(items, PAST_VOTES, strict=True):
        services.update_item(actor=registrar, item=item, discussion="Сөз сөйлегендер: тұрғындар, ауыл әкімі.")
        services.record_vote(
            actor=registrar, item=item, votes_for=votes_for, votes_against=against, abstained=abstained
        )
    services.record_priority_needs(actor=registrar, item=items[1], needs=NEEDS)
    topic = (
        Topic.objects.filter(code="amenities-lighting").first()
        or Topic.objects.filter(is_active=True).first()
    )
    asker = rolls.roll_for(meeting).exclude(phone="").order_by("last_name").first()
    if topic is not None and asker is not None:
        services.raise_question(
            actor=registrar,
            meeting=meeting,
            topic=topic,
            resident=asker,
            subject="Мектеп жолындағы көше жарығы",
            text="Мектепке апаратын жолда кешке жарық жоқ, балалар қараңғыда жүреді.",
        )
    services.close_meeting(actor=registrar, meeting=meeting)
    services.finalize_minutes(actor=registrar, meeting=meeting)


def _follow_up(meeting: Meeting, akim: User) -> None:
    decision = Decision.objects.get(meeting=meeting, addressed_to_akim=True)
    services.respond_to_decision(
        actor=akim,
        decision=decision,
        response="accepted",
        plan_due=timezone.localdate() + dt.timedelta(days=90),
        text="Жол жөндеу 2026 жылғы ағымдағы жөндеу бағдарламасына енгізілді; мердігер шілдеде анықталады.",
    )


def _backdate(meeting: Meeting, registrar: User) -> None:
    """Move the timestamps of the held gathering to the day it took place."""
    start = meeting.starts_at
    Meeting.objects.filter(pk=meeting.pk).update(opened_at=start, closed_at=start + dt.timedelta(hours=2))
    Attendance.objects.filter(meeting=meeting).update(checked_in_at=start - dt.timedelta(minutes=10))
    Vote.objects.filter(item__meeting=meeting).update(recorded_at=start + dt.timedelta(hours=1))
    AgendaItem.objects.filter(meeting=meeting).update(closed_at=start + dt.timedelta(hours=1, minutes=30))
    MinutesVersion.objects.filter(meeting=meeting).update(signed_at=start + dt.timedelta(days=1))
    Decision.objects.filter(meeting=meeting).update(
        created_at=start + dt.timedelta(hours=2), responded_at=start + dt.timedelta(days=6)
    )
    audit.record(
        actor=registrar,
        action="assemblies.demo_history",
        obj=meeting,
        territory=meeting.territory,
        changes={"held_on": start},
    )


def _upcoming(
    territory: Territory, registrar: User, title: str, kind: str, agenda: list[dict]
) -> Meeting | None:
    if Meeting.objects.filter(territory=territory, title=title).exists():
        return None
    days = get_rule(territory, "assemblies.notice_days") + 7
    starts_at = timezone.make_aware(
        dt.datetime.combine(timezone.localdate() + dt.timedelta(days=days), dt.time(17, 0))
    )
    meeting = services.convene_meeting(
        actor=registrar,
        territory=territory,
        kind=kind,
        title=title,
        starts_at=starts_at,
        venue=VENUE
        if territory.code == KYZYL_ZHULDYZ
        else "Краснояр ауылдық округі әкімінің аппараты, мәжіліс залы",
        agenda=agenda,
        convener_label=f"{CHAIR}, ауыл әкімі",
        chair_name=CHAIR,
        secretary_name=SECRETARY,
    )
    return services.publish_notice(actor=registrar, meeting=meeting)


def _members(unit: Territory, registrar: User) -> int:
    people = (
        Resident.objects.filter(
            territory_path__startswith=unit.path,
            is_active=True,
            birth_date__lte=TERM[0].replace(year=TERM[0].year - 18),
        )
        .exclude(community_memberships__isnull=False)
        .order_by("last_name", "first_name", "pk")
    )
    have = rolls.active_members(unit, timezone.localdate()).count()
    categories = list(MemberCategory.values)
    added = 0
    for index, person in enumerate(people[: max(0, 9 - have)]):
        services.add_member(
            actor=registrar,
            territory=unit,
            resident=person,
            category=categories[index % 6],
            term_start=TERM[0],
            term_end=TERM[1],
            delegated_by="Ауыл жиыны, 2023 жылғы 15 желтоқсан",
        )
        added += 1
    return added


@transaction.atomic
def load_assemblies_demo() -> dict[str, int]:
    """Create whatever of the demo meetings is missing; return what was created."""
    registrar, akim = _staff()
    unit = Territory.objects.get(code=territory_demo.KRASNOYAR)
    village = Territory.objects.get(code=KYZYL_ZHULDYZ)
    counts = {"members": _members(unit, registrar)}
    counts["past"] = int(_past_gathering(village, registrar, akim) is not None)
    counts["upcoming"] = int(
        _upcoming(
            village,
            registrar,
            UPCOMING_TITLE,
            MeetingKind.GATHERING,
            [
                {
                    "kind": ItemKind.LOCAL_QUESTION,
                    "title": "2027 жылға арналған басым қажеттіліктерді анықтау",
                },
                {
                    "kind": ItemKind.AKIM_REPORT,
                    "title": "Ауыл әкімінің жол жөндеу жоспарының орындалуы туралы ақпараты",
                },
            ],
        )
        is not None
    )
    counts["community"] = int(
        _upcoming(
            unit,
            registrar,
            COMMUNITY_TITLE,
            MeetingKind.COMMUNITY_MEETING,
            [
                {
                    "kind": ItemKind.BUDGET_AGREEMENT,
                    "title": "Краснояр ауылдық округінің 2027 жылғы бюджетін келісу",
                },
                {
                    "kind": ItemKind.AKIM_REPORT,
                    "title": "Бюджеттің бірінші жартыжылдықтағы атқарылуы туралы есеп",
                },
            ],
        )
        is not None
    )
    return counts
