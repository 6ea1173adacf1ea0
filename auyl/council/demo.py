"""Demo council of the Krasnoyarsky rural district (``manage.py council_demo``).

Everything goes through the services, as the demo staff would do it, and only what is missing is
created, so a second run changes nothing. The term starts on 15 January of last year (the demo stays
"current" whenever it is loaded); the seats come from the region's rules (default 9) and the recorded
population of Krasny Yar (12,361) and Kyzyl Zhuldyz (44) from the sources, so the apportionment gives
8 seats and 1 seat. Members are adults of the demo residents registry; one of them leaves mid-term and
is replaced; one monitoring commission has published findings; one recommendation to the superior
akim has been answered; one session is convened for two weeks ahead through the assemblies engine.
Names and texts are invented.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from auyl.accounts.models import User
from auyl.territory.demo import KRASNOYAR
from auyl.territory.models import ADULT_AGE, Resident, Territory

from . import selectors, services
from .models import Council, Outcome

# Invented texts, as a rural council of Akmola region would write them (Kazakh and Russian).
COMMISSION_SUBJECT = "Қызыл Жар көшелерін жарықтандыру: ауылдық округ бюджетінің жұмсалуы"
COMMISSION_FINDINGS = (
    "Комиссия проверила договор на установку 42 уличных светильников по улицам Абая и Достык и выехала на "
    "место.\n38 светильников установлены и работают; 4 оплачены, но не установлены. Комиссия просит аппарат "
    "акима обязать подрядчика установить их в течение месяца и доложить на следующей сессии совета."
)
RECOMMENDATION_TEXT = (
    "Рассмотреть вопрос о привлечении акима сельского округа к дисциплинарной ответственности за неоднократное "
    "нарушение сроков ответа на коллективные обращения жителей по питьевой воде."
)
RECOMMENDATION_GROUNDS = (
    "Три коллективных обращения о водоснабжении села Кызыл Жулдыз рассмотрены с нарушением срока; решение сессии "
    "совета о водоснабжении не исполнено в установленный срок."
)
ANSWER_TEXT = (
    "Рекомендация принята: акиму сельского округа объявлен выговор, поручено восстановить график подачи воды "
    "в селе Кызыл Жулдыз."
)
SESSION_TITLE = "Кеңестің кезекті сессиясы / Очередная сессия совета"
SESSION_AGENDA = [
    {
        "kind": "development_programme",
        "title": "Ауылдық округтің 2027–2029 жылдарға арналған даму бағдарламасы",
    },
    {"kind": "local_question", "title": "Отчёт мониторинговой комиссии об уличном освещении села Красный Яр"},
]
ADDRESSEE = "Акиму города Кокшетау"
LEFT_REASON = "Переехал на постоянное жительство в г. Кокшетау"


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _adults(settlement: Territory, day: dt.date, count: int, exclude: set[int]) -> list[Resident]:
    people = (
        Resident.objects.filter(
            settlement=settlement, is_active=True, merged_into__isnull=True, birth_date__isnull=False
        )
        .exclude(pk__in=exclude)
        .order_by("pk")
    )
    return [r for r in people if (r.age_on(day) or 0) >= ADULT_AGE][:count]


def _council(territory: Territory, registrar: User, counts: dict) -> Council:
    council = Council.objects.filter(territory=territory).order_by("-term_start").first()
    if council is None:
        term_start = dt.date(timezone.localdate().year - 1, 1, 15)
        council = services.form_council(actor=registrar, territory=territory, term_start=term_start)
        counts["council"] += 1
    return council


def _members(council: Council, registrar: User, counts: dict) -> None:
    if council.members.exists():
        return
    taken: set[int] = set()
    first = None
    for seat in council.seats.select_related("settlement").order_by("settlement__code"):
        for resident in _adults(seat.settlement, council.term_start, seat.seats, taken):
            member = services.add_member(
                actor=registrar, council=council, resident=resident, start_date=council.term_start
            )
            taken.add(resident.pk)
            first = first or member
            counts["members"] += 1
    if first is not None:
        services.appoint_chair(actor=registrar, member=first, since=council.term_start)
    leaving = council.members.filter(is_chair=False).order_by("-pk").first()
    left_on = council.term_start + dt.timedelta(days=150)
    if leaving is not None and left_on < timezone.localdate():
        services.end_membership(actor=registrar, member=leaving, end_date=left_on, reason=LEFT_REASON)
        successor = _adults(
            leaving.settlement, left_on, 1, taken | set(council.members.values_list("resident_id", flat=True))
        )
        if successor:
            services.add_member(
                actor=registrar,
                council=council,
                resident=successor[0],
                start_date=left_on + dt.timedelta(days=1),
            )
            counts["members"] += 1


def _commission(council: Council, member_user: User, counts: dict) -> None:
    if council.commissions.exists():
        return
    start = council.term_start + dt.timedelta(days=40)
    members = list(selectors.members_on(council, start)[:3])
    commission = services.create_commission(
        actor=member_user,
        council=council,
        subject=COMMISSION_SUBJECT,
        period_start=start,
        period_end=start + dt.timedelta(days=60),
        members=members,
    )
    services.publish_findings(actor=member_user, commission=commission, findings=COMMISSION_FINDINGS)
    counts["commissions"] += 1


def _recommendation(council: Council, member_user: User, district_user: User, counts: dict) -> None:
    if council.recommendations.exists():
        return
    sent_on = council.term_start + dt.timedelta(days=200)
    office = getattr(council.territory, "office", None)
    recommendation = services.send_recommendation(
        actor=member_user,
        council=council,
        akim_name=getattr(office, "akim_name", "") or "Серікбаев Ержан Қайратұлы",
        addressee=ADDRESSEE,
        text=RECOMMENDATION_TEXT,
        grounds=RECOMMENDATION_GROUNDS,
        sent_on=sent_on,
    )
    services.record_answer(
        actor=district_user,
        recommendation=recommendation,
        outcome=Outcome.ACCEPTED,
        text=ANSWER_TEXT,
        answered_on=sent_on + dt.timedelta(days=21),
    )
    counts["recommendations"] += 1


def _session(council: Council, registrar: User, counts: dict) -> None:
    """An upcoming session, convened and announced through the assemblies engine."""
    from auyl.assemblies import selectors as assemblies_selectors
    from auyl.assemblies import services as assemblies

    sessions = assemblies_selectors.meetings_visible_to(registrar, kind="council_session")
    if sessions.filter(territory=council.territory).exists():
        return
    day = timezone.localdate() + dt.timedelta(days=14)
    if not council.covers(day):
        return
    starts_at = timezone.make_aware(dt.datetime.combine(day, dt.time(11, 0)))
    meeting = assemblies.convene_meeting(
        actor=registrar,
        territory=council.territory,
        kind="council_session",
        title=SESSION_TITLE,
        starts_at=starts_at,
        venue="Қызыл Жар, ауылдық округ әкімі аппаратының мәжіліс залы",
        agenda=SESSION_AGENDA,
    )
    assemblies.publish_notice(actor=registrar, meeting=meeting)
    counts["sessions"] += 1


@transaction.atomic
def load_council_demo() -> dict:
    """Create whatever of the council demo is missing; return how much was added."""
    counts = {"council": 0, "members": 0, "commissions": 0, "recommendations": 0, "sessions": 0}
    territory = Territory.objects.get(code=KRASNOYAR)
    registrar, member_user = _user("demo-registrar"), _user("demo-council")
    council = _council(territory, registrar, counts)
    _members(council, registrar, counts)
    _commission(council, member_user, counts)
    _recommendation(council, member_user, _user("demo-district"), counts)
    _session(council, registrar, counts)
    return counts
