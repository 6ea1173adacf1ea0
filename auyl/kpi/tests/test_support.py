"""Hand-built records with known answers for the KPI tests (helpers only: no test here).

``build_q1_2025(tree)`` writes, for rural district A of the shared ``tree`` fixture, the first quarter
of 2025 described in the comments below; every figure the tests expect is worked out beside the rows
that produce it. Rows are written directly (the other apps' services refuse back-dated events), which
is what the benchmark does too.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from auyl.territory.models import Resident

Q1 = "2025-Q1"
AFTER_Q1 = dt.date(2025, 5, 1)  # a day on which Q1 2025 is over (and Q2 is running)


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# ---------------------------------------------------------------- appeals


def appeal(
    unit,
    number: str,
    received: str,
    *,
    registered: str | None = None,
    deadline: str | None = None,
    answered: str | None = None,
    outcome: str = "",
    redirected: str | None = None,
    rating: int | None = None,
    rated: str | None = None,
    repeat_of=None,
    collective: bool = False,
    path: str | None = None,
):
    from auyl.appeals.models import Appeal, Status, Topic

    received_on = d(received)
    due = d(deadline) if deadline else received_on + dt.timedelta(days=15)
    status = Status.IN_PROGRESS
    if answered:
        status = Status.CLOSED
    if redirected:
        status = Status.REDIRECTED
    return Appeal.objects.create(
        territory=unit,
        territory_path=path or unit.path,
        year=received_on.year,
        seq=Appeal.objects.count() + 1,
        number=number,
        tracking_code_hash="x" * 64,
        channel="paper",
        received_on=received_on,
        registered_at=at(d(registered) if registered else received_on),
        registration_due=received_on + dt.timedelta(days=3),
        applicant_name="Тест",
        topic=Topic.objects.order_by("pk").first(),
        subject="Тест",
        text="Тест",
        deadline=due,
        original_deadline=due,
        status=status,
        outcome=outcome,
        answered_at=at(d(answered)) if answered else None,
        redirected_at=at(d(redirected)) if redirected else None,
        redirected_to="Аудан" if redirected else "",
        rating=rating,
        rated_at=at(d(rated)) if rated else None,
        repeat_of=repeat_of,
        is_collective=collective,
    )


def build_appeals(tree) -> dict:
    """Rural district A, Q1 2025:

    ==== ======== ========== ========= ========= ================== ============
    no.  received registered deadline  answered  outcome            other
    ==== ======== ========== ========= ========= ================== ============
    A1   01-10    01-10      01-25     01-20     satisfied          rated 5
    A2   01-15    01-20 late 01-30     02-05 late explained         rated 2
    A3   02-01    02-01      02-16     (redirected 02-03)
    A4   03-25    03-25      04-09     —                            repeat of A1, collective
    A5   2024-12-20          01-04     01-03     refused
    A7   03-01    03-01      03-16     03-10     satisfied          (filed on a village's path)
    ==== ======== ========== ========= ========= ================== ============

    registered on time 4/5 = 80.0; answered on time 4/5 (A1 A3 A5 A7 of A1 A2 A3 A5 A7) = 80.0;
    positive 2/4 (A1 A7 of A1 A2 A5 A7) = 50.0; repeat 1/5 = 20.0; collective 1/5 = 20.0; rating 3.5.
    Rural district B: one appeal A6, everything on time and satisfied; no rating.
    """
    a, b = tree["rd_a"], tree["rd_b"]
    a1 = appeal(
        a,
        "A1",
        "2025-01-10",
        deadline="2025-01-25",
        answered="2025-01-20",
        outcome="satisfied",
        rating=5,
        rated="2025-01-22",
    )
    a2 = appeal(
        a,
        "A2",
        "2025-01-15",
        registered="2025-01-20",
        deadline="2025-01-30",
        answered="2025-02-05",
        outcome="explained",
        rating=2,
        rated="2025-02-10",
    )
    a3 = appeal(a, "A3", "2025-02-01", deadline="2025-02-16", redirected="2025-02-03", outcome="redirected")
    a4 = appeal(a, "A4", "2025-03-25", deadline="2025-04-09", repeat_of=a1, collective=True)
    a5 = appeal(a, "A5", "2024-12-20", deadline="2025-01-04", answered="2025-01-03", outcome="refused")
    a7 = appeal(
        a,
        "A7",
        "2025-03-01",
        deadline="2025-03-16",
        answered="2025-03-10",
        outcome="satisfied",
        path=tree["village_a1"].path,
    )
    a6 = appeal(b, "A6", "2025-01-05", deadline="2025-01-20", answered="2025-01-10", outcome="satisfied")
    return {"A1": a1, "A2": a2, "A3": a3, "A4": a4, "A5": a5, "A6": a6, "A7": a7}


# ---------------------------------------------------------------- reporting meetings


def build_reporting(tree, appeals: dict) -> dict:
    """The akim of A: meetings M1 held 01-12, M2 planned 03-20 (never held), M3 cancelled 01-15: held 1/3
    = 33.33. Questions at M1: A1 (answered on time), A2 (late): 1/2 = 50.0. Promises at M1: due 02-01
    done 01-30 (on time), due 03-01 done 03-05 (late), due 03-15 open, due 05-01 (next quarter): 1/3 = 33.33."""
    from auyl.appeals.models import Topic
    from auyl.reporting.models import AkimLevel, Promise, PromiseStatus, Question, ReportingMeeting

    a = tree["rd_a"]

    def meeting(day: str, status: str) -> ReportingMeeting:
        return ReportingMeeting.objects.create(
            territory=tree["village_a2"],
            territory_path=tree["village_a2"].path,
            akim_unit=a,
            akim_level=AkimLevel.RURAL,
            akim_name="Әкім",
            title=f"Есеп {day}",
            starts_at=at(d(day)),
            venue="Клуб",
            status=status,
        )

    m1, m2, m3 = (
        meeting("2025-01-12", "held"),
        meeting("2025-03-20", "planned"),
        meeting("2025-01-15", "cancelled"),
    )
    topic = Topic.objects.order_by("pk").first()
    for number, key in ((1, "A1"), (2, "A2")):
        Question.objects.create(
            meeting=m1,
            number=number,
            topic=topic,
            place=tree["village_a2"],
            text="Сұрақ",
            appeal=appeals[key],
        )
    for due, done in (
        ("2025-02-01", "2025-01-30"),
        ("2025-03-01", "2025-03-05"),
        ("2025-03-15", None),
        ("2025-05-01", None),
    ):
        Promise.objects.create(
            meeting=m1,
            text=f"Уәде {due}",
            due_on=d(due),
            status=PromiseStatus.DONE if done else PromiseStatus.OPEN,
            done_on=d(done) if done else None,
        )
    return {"M1": m1, "M2": m2, "M3": m3}


# ---------------------------------------------------------------- gatherings, council


def residents(settlement, n: int, start: int = 0) -> list[Resident]:
    return [
        Resident.objects.create(
            last_name=f"Тұрғын{start + i}",
            first_name="Әлия",
            search_name=f"тұрғын{start + i}",
            settlement=settlement,
            territory_path=settlement.path,
        )
        for i in range(n)
    ]


def meeting(
    territory,
    kind: str,
    day: str,
    status: str = "closed",
    *,
    roll: int | None = None,
    quorum: int | None = None,
    present: list | None = None,
):
    from auyl.assemblies.models import Attendance, Meeting

    m = Meeting.objects.create(
        territory=territory,
        territory_path=territory.path,
        kind=kind,
        title=f"{kind} {day}",
        starts_at=at(d(day)),
        venue="Клуб",
        status=status,
        roll_size=roll,
        quorum_required=quorum,
    )
    for person in present or []:
        Attendance.objects.create(meeting=m, resident=person, name=person.last_name)
    return m


def decision(
    m,
    number: int,
    *,
    to_akim: bool = True,
    status: str = "awaiting_response",
    response_due: str | None = None,
    responded: str | None = None,
    plan_due: str | None = None,
    completed: str | None = None,
):
    from auyl.assemblies.models import AgendaItem, Decision

    item = AgendaItem.objects.create(meeting=m, number=number, title=f"Мәселе {number}", status="closed")
    return Decision.objects.create(
        item=item,
        meeting=m,
        territory_id=m.territory_id,
        territory_path=m.territory_path,
        text=f"Шешім {number}",
        addressed_to_akim=to_akim,
        status=status,
        response_due=d(response_due) if response_due else None,
        responded_at=at(d(responded)) if responded else None,
        plan_due=d(plan_due) if plan_due else None,
        completed_at=at(d(completed)) if completed else None,
    )


def build_gatherings(tree) -> dict:
    """Rolling year 2024-04-01..2025-03-31 of A: G1 gathering 2024-06-01 roll 100, quorum 10, 12 present
    (quorum); G2 gathering 2025-02-01 roll 50, quorum 5, 3 present (no quorum); G3 community meeting
    2025-03-01 roll 10, quorum 6, 6 present (quorum); G4 gathering 2024-02-01 (before the year); G5
    gathering cancelled. Held 2 (G1 G2); quorum 2/3 = 66.67; attendance (12 + 3)/(100 + 50) = 10.0.
    Decisions to the akim: G2's due 02-11 answered 02-10, G3's due 03-11 unanswered, another due 04-10:
    1/2 = 50.0."""
    village = tree["village_a1"]
    people = residents(village, 12)
    g1 = meeting(village, "gathering", "2024-06-01", roll=100, quorum=10, present=people)
    g2 = meeting(village, "gathering", "2025-02-01", roll=50, quorum=5, present=people[:3])
    g3 = meeting(tree["rd_a"], "community_meeting", "2025-03-01", roll=10, quorum=6, present=people[:6])
    meeting(village, "gathering", "2024-02-01", roll=100, quorum=10, present=people)
    meeting(village, "gathering", "2025-03-10", status="cancelled")
    decision(g2, 1, response_due="2025-02-11", responded="2025-02-10", status="in_progress")
    decision(g3, 1, response_due="2025-03-11")
    decision(g3, 2, response_due="2025-04-10")
    return {"G1": g1, "G2": g2, "G3": g3}


def build_council(tree) -> dict:
    """A has a council (2024-2027), B none. Sessions: S1 held 02-15, S2 cancelled: 1. Decisions of S1:
    done 02-28 of plan 03-01 (on time), awaiting a response due 03-10 (not done), no action (left out):
    1/2 = 50.0. Recommendations: due 02-20 answered 02-18, due 03-20 unanswered: 50.0. Commissions: ended
    03-01 with findings 03-05, ended 02-01 without: 50.0."""
    from auyl.council.models import Commission, Council, Recommendation

    a = tree["rd_a"]
    council = Council.objects.create(
        territory=a,
        territory_path=a.path,
        term_start=d("2024-01-01"),
        term_end=d("2027-12-31"),
        total_seats=5,
    )
    s1 = meeting(a, "council_session", "2025-02-15")
    meeting(a, "council_session", "2025-03-01", status="cancelled")
    decision(s1, 1, status="done", plan_due="2025-03-01", completed="2025-02-28", response_due="2025-02-25")
    decision(s1, 2, status="awaiting_response", response_due="2025-03-10")
    decision(s1, 3, status="no_action", response_due="2025-03-10")
    Recommendation.objects.create(
        council=council,
        akim_name="Әкім",
        addressee="Аудан әкімі",
        text="Ұсыныс",
        grounds="Негіз",
        sent_on=d("2025-02-01"),
        answer_due=d("2025-02-20"),
        status="accepted",
        answered_on=d("2025-02-18"),
    )
    Recommendation.objects.create(
        council=council,
        akim_name="Әкім",
        addressee="Аудан әкімі",
        text="Ұсыныс 2",
        grounds="Негіз",
        sent_on=d("2025-03-01"),
        answer_due=d("2025-03-20"),
    )
    Commission.objects.create(
        council=council,
        subject="Жолдар",
        period_start=d("2025-01-10"),
        period_end=d("2025-03-01"),
        findings="Қорытынды",
        findings_published_at=at(d("2025-03-05")),
    )
    Commission.objects.create(
        council=council, subject="Мектеп", period_start=d("2025-01-05"), period_end=d("2025-02-01")
    )
    return {"council": council, "S1": s1}


# ---------------------------------------------------------------- budget, civic projects


def build_budget(tree) -> dict:
    """A's 2025 budget in force. Revenue actuals, months 1-3: property tax 100, transfers 300 (month 4:
    property tax 1000, not yet): own share 100/400 = 25.0. Expenditure plan: roads 1200, lighting 400
    (annual 1600, a quarter of it 400); spent months 1-3: 200 and 100: 300/400 = 75.0. B has no budget."""
    from auyl.budget.models import Actual, Budget, BudgetLine, BudgetVersion, Programme

    a = tree["rd_a"]
    budget = Budget.objects.create(territory=a, territory_path=a.path, year=2025)
    version = BudgetVersion.objects.create(
        budget=budget, number=1, status="executing", drafted_on=d("2024-11-01")
    )
    roads, _ = Programme.objects.get_or_create(
        code="kpi-roads", defaults={"name_en": "Roads", "name_kk": "Жолдар"}
    )
    light, _ = Programme.objects.get_or_create(
        code="kpi-light", defaults={"name_en": "Lighting", "name_kk": "Жарық"}
    )
    for section, code, amount, programme in (
        ("revenue", "property_tax", 500, None),
        ("revenue", "transfers", 1100, None),
        ("expenditure", "kpi-roads", 1200, roads),
        ("expenditure", "kpi-light", 400, light),
    ):
        BudgetLine.objects.create(
            version=version, section=section, code=code, amount=Decimal(amount), programme=programme
        )
    for section, code, period, amount in (
        ("revenue", "property_tax", 1, 60),
        ("revenue", "property_tax", 3, 40),
        ("revenue", "transfers", 2, 300),
        ("revenue", "property_tax", 4, 1000),
        ("expenditure", "kpi-roads", 2, 200),
        ("expenditure", "kpi-light", 3, 100),
        ("expenditure", "kpi-roads", 5, 999),
    ):
        Actual.objects.create(
            budget=budget, section=section, code=code, period=period, amount=Decimal(amount)
        )
    return {"budget": budget, "version": version}


def build_projects(tree) -> dict:
    """A's campaign for budget year 2024, vote closed 2024-05-31 (within the rolling year), 3 voters of
    300 adults: turnout 1.0. Its two winners: one completed 2025-03-01, one in progress: 50.0."""
    from auyl.initiatives.models import Campaign, Implementation, ProgressUpdate, Proposal, Turnout

    a = tree["rd_a"]
    a.adult_population = 300
    a.save(update_fields=["adult_population"])
    campaign = Campaign.objects.create(
        territory=a,
        territory_path=a.path,
        title="Бастама 2024",
        year=2024,
        amount=1_000_000,
        funding_source="local",
        proposals_from=d("2024-03-01"),
        proposals_until=d("2024-03-31"),
        review_until=d("2024-04-20"),
        discussion_until=d("2024-05-10"),
        voting_until=d("2024-05-31"),
        results_until=d("2024-06-15"),
        published_at=at(d("2024-02-20")),
    )
    for person in residents(tree["village_a1"], 3, start=100):
        Turnout.objects.create(
            campaign=campaign, resident=person, channel="online", voted_at=at(d("2024-05-20"))
        )
    winners = []
    for number, done in ((1, "2025-03-01"), (2, None)):
        proposal = Proposal.objects.create(
            campaign=campaign,
            number=number,
            title=f"Жоба {number}",
            description="…",
            place="Орталық",
            category="other",
            estimated_cost=100_000,
            status="accepted",
        )
        implementation = Implementation.objects.create(
            proposal=proposal, status="completed" if done else "in_progress", progress=100 if done else 40
        )
        ProgressUpdate.objects.create(
            implementation=implementation, status="in_progress", progress=40, created_at=at(d("2024-09-01"))
        )
        if done:
            ProgressUpdate.objects.create(
                implementation=implementation, status="completed", progress=100, created_at=at(d(done))
            )
        winners.append(implementation)
    return {"campaign": campaign, "winners": winners}


def build_all(tree) -> dict:
    appeals = build_appeals(tree)
    return {
        "appeals": appeals,
        "reporting": build_reporting(tree, appeals),
        "gatherings": build_gatherings(tree),
        "council": build_council(tree),
        "budget": build_budget(tree),
        "projects": build_projects(tree),
    }


# The figures rural district A must show for Q1 2025 (plans and satisfaction are tested on their own).
EXPECTED_A = {
    "appeals_registered_on_time": 80.0,
    "appeals_answered_on_time": 80.0,
    "appeals_positive": 50.0,
    "appeals_repeat": 20.0,
    "appeals_collective": 20.0,
    "appeals_rating": 3.5,
    "reporting_meetings_held": 33.33,
    "reporting_questions_on_time": 50.0,
    "reporting_promises_delivered": 33.33,
    "gatherings_held": 2.0,
    "gatherings_quorum": 66.67,
    "gatherings_attendance": 10.0,
    "gathering_decisions_answered": 50.0,
    "civic_turnout": 1.0,
    "civic_winners_implemented": 50.0,
    "budget_own_revenue": 25.0,
    "budget_execution": 75.0,
    "council_sessions_held": 1.0,
    "council_decisions_executed": 50.0,
    "council_findings_answered": 50.0,
    "council_commissions_reported": 50.0,
}
