"""KPI benchmark: all scorecards of a region, and one rural district's scorecard page.

    python bench/kpi.py [--scale small|full]

Generates the KATO tree of bench/territory.py and, for each engine (a temporary SQLite file, then a
throwaway PostgreSQL 15 cluster from scripts/pg_throwaway.sh), re-invokes itself in a subprocess on a
freshly migrated database: imports the tree through the real import, bulk-loads the appeals with
bench/appeals.py's loader (3 years), then a year of reporting meetings (questions, promises),
gatherings and community meetings (attendance, decisions), councils (sessions, decisions,
recommendations, commissions), budgets (plan and quarterly actuals) and civic projects (turnout,
winners) for every local community; then times ``kpi.selectors.region_scorecards`` (akim and council
scorecards of every unit of the first region) and GETs of the scorecard page through Django's test
client. The last line is one JSON object. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import appeals as appeals_bench  # noqa: E402
from pgcluster import print_figures, run_on_both_engines  # noqa: E402
from territory import SCALES as TERRITORY_SCALES  # noqa: E402
from territory import generate_kato  # noqa: E402

REGION_TARGET_S = 5.0
PAGE_TARGET_MS = 300.0
REGION_RUNS, PAGE_RUNS = 5, 20
RESIDENTS_PER_UNIT = 25
BATCH = 2000
SEED = 17
SCALES = {"small": "small", "full": "full"}  # the appeals scale of bench/appeals.py (and its tree)
KEYS = ("region_scorecards_s", "scorecard_page_ms")


def _bulk(model, rows: list) -> list:
    return model.objects.bulk_create(rows, batch_size=BATCH)


def _at(day: dt.date, hour: int = 11):
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


# ---------------------------------------------------------------- a year of everything but appeals


class Year:
    """The last 12 months before today, and random days in them."""

    def __init__(self, today: dt.date, rng: random.Random):
        self.today, self.rng = today, rng
        self.start = today - dt.timedelta(days=365)

    def day(self, quarter_index: int | None = None) -> dt.date:
        """A random past day (in the ``quarter_index``-th 91-day slice of the year when given)."""
        if quarter_index is None:
            return self.start + dt.timedelta(days=self.rng.randrange(364))
        return self.start + dt.timedelta(days=91 * quarter_index + self.rng.randrange(90))


def _residents(units: list, settlements: dict) -> dict[int, list[int]]:
    from auyl.territory.models import Resident

    rows, owner = [], []
    for pk, _code, _path, _level in units:  # the unit's path: close enough for these residents' use here
        place = (settlements[pk] or [pk])[0]
        for i in range(RESIDENTS_PER_UNIT):
            rows.append(
                Resident(
                    last_name=f"Бенч{i}",
                    first_name="Тұрғын",
                    search_name=f"бенч{i} тұрғын",
                    settlement_id=place,
                    territory_path=_path,
                )
            )
            owner.append(pk)
    created = _bulk(Resident, rows)
    by_unit: dict[int, list[int]] = {}
    for unit_id, resident in zip(owner, created, strict=True):
        by_unit.setdefault(unit_id, []).append(resident.pk)
    return by_unit


def _reporting(units, year: Year, appeal_ids: dict[int, list[int]]) -> None:
    from auyl.appeals.models import Topic
    from auyl.reporting.models import Promise, Question, ReportingMeeting

    rng, topic = year.rng, Topic.objects.order_by("pk").first()
    meetings = []
    for pk, _code, path, _level in units:
        for quarter in range(4):
            status = rng.choices(["held", "planned", "cancelled"], [8, 1, 1])[0]
            meetings.append(
                ReportingMeeting(
                    territory_id=pk,
                    territory_path=path,
                    akim_unit_id=pk,
                    akim_level="rural",
                    akim_name="Әкім",
                    starts_at=_at(year.day(quarter)),
                    venue="Клуб",
                    status=status,
                    offline_participants=rng.randint(10, 120),
                )
            )
    meetings = _bulk(ReportingMeeting, meetings)
    questions, promises, used = [], [], set()
    for meeting in meetings:
        if meeting.status != "held":
            continue
        pool = [a for a in appeal_ids.get(meeting.akim_unit_id, []) if a not in used]
        for number, appeal_id in enumerate(rng.sample(pool, min(2, len(pool))), start=1):
            used.add(appeal_id)
            questions.append(
                Question(
                    meeting=meeting,
                    number=number,
                    topic=topic,
                    place_id=meeting.territory_id,
                    text="Сұрақ",
                    appeal_id=appeal_id,
                )
            )
        for _ in range(2):
            due = meeting.starts_at.date() + dt.timedelta(days=rng.randint(20, 80))
            done = due + dt.timedelta(days=rng.randint(-15, 10)) if rng.random() < 0.7 else None
            done = done if done and done <= year.today else None
            promises.append(
                Promise(
                    meeting=meeting, text="Уәде", due_on=due, status="done" if done else "open", done_on=done
                )
            )
    _bulk(Question, questions)
    _bulk(Promise, promises)


def _assemblies(units, year: Year, people: dict[int, list[int]]) -> list:
    """Gatherings and a community meeting per unit, closed with attendance; decisions to the akim."""
    from auyl.assemblies.models import AgendaItem, Attendance, Decision, Meeting

    rng, meetings = year.rng, []
    for pk, _code, path, _level in units:
        kinds = ["gathering"] * rng.randint(1, 2) + ["community_meeting"] + ["council_session"] * 4
        for index, kind in enumerate(kinds):
            roll = rng.randint(200, 900) if kind == "gathering" else rng.randint(7, 15)
            day = year.day(index % 4)
            meetings.append(
                Meeting(
                    territory_id=pk,
                    territory_path=path,
                    kind=kind,
                    title=f"{kind} {day}",
                    starts_at=_at(day),
                    venue="Клуб",
                    status="closed",
                    roll_size=roll,
                    quorum_required=max(1, roll // 10 if kind == "gathering" else roll // 2 + 1),
                )
            )
    meetings = _bulk(Meeting, meetings)
    attendance, items = [], []
    for meeting in meetings:
        present = rng.sample(people[meeting.territory_id], rng.randint(3, RESIDENTS_PER_UNIT))
        attendance += [Attendance(meeting=meeting, resident_id=r, name="Бенч") for r in present]
        items += [AgendaItem(meeting=meeting, number=n, title="Мәселе", status="closed") for n in (1, 2)]
    _bulk(Attendance, attendance)
    items = _bulk(AgendaItem, items)
    decisions = []
    for item in items:
        meeting = item.meeting
        due = meeting.starts_at.date() + dt.timedelta(days=10)
        answered = rng.random() < 0.75
        done = rng.random() < 0.6
        decisions.append(
            Decision(
                item=item,
                meeting=meeting,
                territory_path=meeting.territory_path,
                text="Шешім",
                addressed_to_akim=True,
                status="done" if done else "in_progress" if answered else "awaiting_response",
                response_due=due,
                responded_at=_at(due - dt.timedelta(days=rng.randint(-5, 8))) if answered else None,
                plan_due=due + dt.timedelta(days=30) if answered else None,
                completed_at=_at(due + dt.timedelta(days=rng.randint(0, 40))) if done else None,
            )
        )
    _bulk(Decision, decisions)
    return meetings


def _councils(units, year: Year) -> None:
    from auyl.council.models import Commission, Council, Recommendation

    rng = year.rng
    councils = _bulk(
        Council,
        [
            Council(
                territory_id=pk,
                territory_path=path,
                term_start=year.start - dt.timedelta(days=200),
                term_end=year.start + dt.timedelta(days=4 * 365),
                total_seats=9,
            )
            for pk, _code, path, _level in units
        ],
    )
    recommendations, commissions = [], []
    for council in councils:
        sent = year.day()
        answered = rng.random() < 0.6
        recommendations.append(
            Recommendation(
                council=council,
                akim_name="Әкім",
                addressee="Аудан әкімі",
                text="Ұсыныс",
                grounds="Негіз",
                sent_on=sent,
                answer_due=sent + dt.timedelta(days=30),
                status="accepted" if answered else "sent",
                answered_on=sent + dt.timedelta(days=rng.randint(5, 40)) if answered else None,
            )
        )
        end = year.day()
        commissions.append(
            Commission(
                council=council,
                subject="Бақылау",
                period_start=end - dt.timedelta(days=60),
                period_end=end,
                findings="Қорытынды" if rng.random() < 0.7 else "",
                findings_published_at=_at(end + dt.timedelta(days=5)) if rng.random() < 0.7 else None,
            )
        )
    _bulk(Recommendation, recommendations)
    _bulk(Commission, commissions)


REVENUE = {"property_tax": 6, "land_tax": 3, "vehicle_tax": 5, "income_tax": 12, "fees": 2, "transfers": 72}
PROGRAMMES = ("bench-roads", "bench-lighting", "bench-water", "bench-culture", "bench-apparatus")


def _budgets(units, year: Year) -> None:
    """This year's budget of every unit: plan in force and quarterly actuals of the quarters ended."""
    from auyl.budget.models import Actual, Budget, BudgetLine, BudgetVersion, Programme

    rng = year.rng
    programmes = {
        code: Programme.objects.get_or_create(code=code, defaults={"name_kk": code, "name_en": code})[0]
        for code in PROGRAMMES
    }
    budgets = _bulk(
        Budget,
        [
            Budget(territory_id=pk, territory_path=path, year=year.today.year, period_kind="quarter")
            for pk, _code, path, _level in units
        ],
    )
    versions = _bulk(
        BudgetVersion,
        [
            BudgetVersion(
                budget=b, number=1, status="executing", drafted_on=dt.date(year.today.year - 1, 11, 1)
            )
            for b in budgets
        ],
    )
    lines, actuals = [], []
    ended = (year.today.month - 1) // 3  # quarters of this year already over
    for budget, version in zip(budgets, versions, strict=True):
        total = Decimal(rng.randint(30, 600)) * 1_000_000
        for code, share in REVENUE.items():
            amount = (total * share / 100).quantize(Decimal("1"))
            lines.append(BudgetLine(version=version, section="revenue", code=code, amount=amount))
            actuals += [
                Actual(
                    budget=budget,
                    section="revenue",
                    code=code,
                    period=q,
                    amount=(amount / 4 * Decimal(rng.uniform(0.6, 1.2))).quantize(Decimal("0.01")),
                )
                for q in range(1, ended + 1)
            ]
        for code in PROGRAMMES:
            amount = (total / len(PROGRAMMES)).quantize(Decimal("1"))
            lines.append(
                BudgetLine(
                    version=version,
                    section="expenditure",
                    code=code,
                    amount=amount,
                    programme=programmes[code],
                )
            )
            actuals += [
                Actual(
                    budget=budget,
                    section="expenditure",
                    code=code,
                    period=q,
                    amount=(amount / 4 * Decimal(rng.uniform(0.5, 1.05))).quantize(Decimal("0.01")),
                )
                for q in range(1, ended + 1)
            ]
    _bulk(BudgetLine, lines)
    _bulk(Actual, actuals)


def _projects(units, year: Year, people: dict[int, list[int]]) -> None:
    """A civic-project campaign per unit (vote closed during the year), its turnout and two winners."""
    from django.utils import timezone

    from auyl.initiatives.models import Campaign, Implementation, ProgressUpdate, Proposal, Turnout

    rng, campaigns = year.rng, []
    for pk, _code, path, _level in units:
        vote = year.day()
        campaigns.append(
            Campaign(
                territory_id=pk,
                territory_path=path,
                title="Бастама",
                year=vote.year - 1 if vote.month < 4 else vote.year,
                amount=10_000_000,
                funding_source="local",
                proposals_from=vote - dt.timedelta(days=80),
                proposals_until=vote - dt.timedelta(days=60),
                review_until=vote - dt.timedelta(days=40),
                discussion_until=vote - dt.timedelta(days=20),
                voting_until=vote,
                results_until=vote + dt.timedelta(days=10),
                published_at=_at(vote - dt.timedelta(days=90)),
            )
        )
    campaigns = _bulk(Campaign, campaigns)
    turnout, proposals = [], []
    for campaign in campaigns:
        voters = rng.sample(people[campaign.territory_id], rng.randint(5, RESIDENTS_PER_UNIT))
        turnout += [
            Turnout(campaign=campaign, resident_id=r, channel="online", voted_at=_at(campaign.voting_until))
            for r in voters
        ]
        proposals += [
            Proposal(
                campaign=campaign,
                number=n,
                title=f"Жоба {n}",
                description="…",
                place="Орталық",
                category="other",
                estimated_cost=2_000_000,
                status="accepted",
            )
            for n in (1, 2, 3)
        ]
    _bulk(Turnout, turnout)
    proposals = _bulk(Proposal, proposals)
    winners = _bulk(
        Implementation,
        [Implementation(proposal=p, status="in_progress", progress=50) for p in proposals if p.number < 3],
    )
    now = timezone.now()
    _bulk(
        ProgressUpdate,
        [
            ProgressUpdate(
                implementation=w,
                status="completed" if rng.random() < 0.5 else "in_progress",
                progress=100,
                created_at=now - dt.timedelta(days=rng.randint(1, 300)),
            )
            for w in winners
        ],
    )


def _load_year(engine: str, cast: dict) -> None:
    from django.db import connection
    from django.utils import timezone

    from auyl.appeals.models import Appeal

    began = time.perf_counter()
    today = timezone.localdate()
    year = Year(today, random.Random(SEED))
    units, settlements = appeals_bench._places()
    with connection.cursor() as cursor:  # ratings of a third of the answered appeals
        cursor.execute(
            "UPDATE appeals_appeal SET rating = 1 + (id % 5), rated_at = answered_at "
            "WHERE answered_at IS NOT NULL AND id % 3 = 0"
        )
    appeal_ids: dict[int, list[int]] = {}
    for pk, unit_id in Appeal.objects.filter(received_on__gte=year.start).values_list("pk", "territory_id"):
        appeal_ids.setdefault(unit_id, []).append(pk)
    people = _residents(units, settlements)
    _reporting(units, year, appeal_ids)
    _assemblies(units, year, people)
    _councils(units, year)
    _budgets(units, year)
    _projects(units, year, people)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"[{engine}] a year of meetings, councils, budgets and civic projects for {len(units):,} local "
        f"communities bulk-inserted in {time.perf_counter() - began:.1f} s",
        flush=True,
    )


# ---------------------------------------------------------------- timings


def _median(call, runs: int, warmup: int) -> tuple[float, float]:
    for _ in range(warmup):
        call()
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        call()
        times.append(time.perf_counter() - began)
    return statistics.median(times), max(times)


def _largest_region(cast: dict) -> None:
    """The region with the most local communities (its scorecards are the ones timed), and a regional
    supervisor with a national grant to read them."""
    from collections import Counter

    from auyl.accounts.models import RoleGrant, User
    from auyl.territory.models import PRIMARY_LEVELS, Level, Territory

    paths = Territory.objects.filter(level__in=PRIMARY_LEVELS).values_list("path", flat=True)
    code, _count = Counter(path.split("/")[0] for path in paths).most_common(1)[0]
    cast["kpi_region"] = Territory.objects.get(code=code, level=Level.REGION)
    user = User.objects.create(username="bench-kpi-national", first_name="bench")
    RoleGrant.objects.create(user=user, role="regional_supervisor", territory=None)
    cast["kpi_supervisor"] = user


def _close(engine: str, cast: dict) -> None:
    """Close the two finished quarters of the two regions timed, as the periodic job ``kpi.close_quarters`` has
    done in production by then (15 days after each quarter's end)."""
    from django.utils import timezone

    from auyl.kpi import services
    from auyl.kpi.scoring import Period

    period = Period.containing(timezone.localdate())
    regions = {cast["region"].pk: cast["region"], cast["kpi_region"].pk: cast["kpi_region"]}
    for _ in range(2):
        period = period.previous()
        for region in regions.values():
            began = time.perf_counter()
            closing = services.close_quarter(actor=None, territory=region, period=period)
            print(
                f"[{engine}] closed {period} for region {region.code} ({closing.units} units, scorecards and "
                f"the records behind every figure stored) in {time.perf_counter() - began:.1f} s",
                flush=True,
            )


def _region(engine: str, cast: dict) -> float:
    from django.utils import timezone

    from auyl.core.permissions import forget_grants
    from auyl.kpi import selectors
    from auyl.kpi.scoring import Period

    supervisor, region = cast["kpi_supervisor"], cast["kpi_region"]
    period = Period.containing(timezone.localdate())  # the running quarter: computed live
    units = 0

    def call():
        nonlocal units
        forget_grants(supervisor)
        akim = selectors.region_scorecards(supervisor, region, period)
        council = selectors.region_scorecards(supervisor, region, period, kind="council")
        units = len(akim)
        assert len(council) == units and any(card.composite is not None for card in akim)

    median, worst = _median(call, REGION_RUNS, warmup=1)
    print(
        f"[{engine}] all scorecards (akim + council) of region {region.code}, {units} units, {period}: "
        f"median {median:.2f} s over {REGION_RUNS} runs (max {worst:.2f}; target < {REGION_TARGET_S} s) "
        f"{'OK' if median < REGION_TARGET_S else 'SLOW'}",
        flush=True,
    )
    ranking, _worst = _median(lambda: selectors.ranking(supervisor, region, period), 3, warmup=0)
    print(
        f"[{engine}] (for information) ranking of the region (akim and council, trend from the closed "
        f"previous quarter): "
        f"median {ranking:.2f} s",
        flush=True,
    )
    return median


def _page(engine: str, cast: dict, period) -> tuple[float, str]:
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from auyl.kpi import selectors

    unit = cast["district"]
    try:
        url = reverse(
            "kpi:scorecard", kwargs={"code": unit.code, "year": period.year, "quarter": period.quarter}
        )
    except NoReverseMatch:
        url = ""
    if url:
        client = Client()

        def call():
            response = client.get(url)
            assert response.status_code == 200, response.status_code

        what = f"GET {url}"
    else:  # the pages are not wired: time the selector the page would call

        def call():
            selectors.scorecard(None, unit, period)
            selectors.council_scorecard(None, unit, period)

        what = "selectors.scorecard + council_scorecard (no kpi:scorecard page)"
    from django.test.utils import override_settings

    static = {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    with override_settings(STORAGES=static):  # no collectstatic manifest in a benchmark
        median, worst = _median(call, PAGE_RUNS, warmup=3)
    median, worst = median * 1000, worst * 1000
    print(
        f"[{engine}] scorecard page of {unit.code} ({what}): median {median:.1f} ms over {PAGE_RUNS} "
        f"(max {worst:.1f}; target < {PAGE_TARGET_MS:.0f} ms) {'OK' if median < PAGE_TARGET_MS else 'SLOW'}",
        flush=True,
    )
    return median, what


def run_child(engine: str, scale_name: str, kato_file: Path) -> dict:
    appeals_bench._django()
    from django.core.management import call_command

    from auyl.territory.kato import import_kato

    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"[{engine}] migrated a fresh database in {time.perf_counter() - began:.1f} s", flush=True)
    result = import_kato(actor=None, data=kato_file.read_bytes(), filename=kato_file.name)
    print(f"[{engine}] KATO import: {result.total:,} units", flush=True)
    cast = appeals_bench._load_appeals(appeals_bench.SCALES[SCALES[scale_name]], engine)
    _load_year(engine, cast)
    from django.utils import timezone

    from auyl.kpi.scoring import Period

    current = Period.containing(timezone.localdate())
    unclosed = current.previous().previous().previous()  # its previous quarter is not closed either
    print(f"[{engine}] (for information, before any quarter is closed)", flush=True)
    _page(engine, cast, unclosed)
    _largest_region(cast)
    _close(engine, cast)
    region_s = _region(engine, cast)
    page_ms, _what = _page(engine, cast, current)
    print(f"[{engine}] (for information) a closed quarter's page:", flush=True)
    _page(engine, cast, current.previous())
    return {"region_scorecards_s": round(region_s, 3), "scorecard_page_ms": round(page_ms, 1)}


# ---------------------------------------------------------------- parent: both engines


def _run_engine(engine: str, database_url: str, scale_name: str, kato_file: Path) -> dict | None:
    command = [sys.executable, __file__, "--scale", scale_name, "--child", engine, "--kato", str(kato_file)]
    began = time.perf_counter()
    env = appeals_bench._child_env(database_url, kato_file.parent)
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    figures = None
    for line in proc.stdout:
        if line.startswith("RESULT "):
            figures = json.loads(line[len("RESULT ") :])
        else:
            print(line, end="", flush=True)
    proc.wait()
    if proc.returncode != 0:
        print(f"[{engine}] FAILED (exit {proc.returncode})", flush=True)
        return None
    print(f"[{engine}] done in {time.perf_counter() - began:.0f} s", flush=True)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--child", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    parser.add_argument("--kato", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print("RESULT " + json.dumps(run_child(args.child, args.scale, args.kato)), flush=True)
        return 0
    scale = appeals_bench.SCALES[SCALES[args.scale]]
    tree = TERRITORY_SCALES[scale.territory]
    print(
        f"KPI benchmark, scale {args.scale}: {scale.appeals:,} appeals and a year of meetings and budgets over "
        f"{tree.communities:,} local communities",
        flush=True,
    )

    def write_kato(path: Path) -> None:
        print(f"KATO extract: {generate_kato(tree, path):,} units", flush=True)

    return print_figures(run_on_both_engines("auyl-bench-kpi-", write_kato, _run_engine, args.scale), KEYS)


if __name__ == "__main__":
    sys.exit(main())
