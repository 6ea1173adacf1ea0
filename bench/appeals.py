"""Appeals benchmark: HTTP intake, raw INSERTs, executor inbox, district and regional reports.

    python bench/appeals.py [--scale small|full]

Generates the KATO tree of bench/territory.py, and for each engine (a temporary SQLite file, then a
throwaway PostgreSQL 15 cluster from scripts/pg_throwaway.sh) re-invokes itself in a subprocess on a
freshly migrated database: imports the tree through the real import, bulk-loads the appeals, then
times registration through ``POST /api/appeals/`` served by gunicorn (one worker per core, threads)
with 16 concurrent clients, raw single-row INSERTs with the same concurrency, the executor's inbox and
the monthly reports. The last line is one JSON object. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from pgcluster import (  # noqa: E402,E501
    free_port,
    gunicorn_command,
    print_figures,
    run_on_both_engines,
    start_server,
    stop_process,
)
from territory import SCALES as TERRITORY_SCALES  # noqa: E402
from territory import generate_kato  # noqa: E402

CLIENTS = 16
INTAKE_TARGET = 300  # appeals/s on PostgreSQL
INBOX_TARGET_MS = 100
DISTRICT_TARGET_MS = 100
REGION_TARGET_MS = 1000
INBOX_CALLS, REPORT_RUNS = 50, 7
OPEN_LOAD = 200  # open appeals assigned to the benchmarked executor
HISTORY_DAYS = 3 * 365
BATCH = 2000
SEED = 11
REQUEST_TIMEOUT_S = 120


@dataclass(frozen=True)
class Scale:
    territory: str  # the KATO tree of bench/territory.py
    appeals: int
    requests: int  # HTTP registrations, in all clients together
    raw_inserts: int


SCALES = {
    "small": Scale(territory="small", appeals=20_000, requests=400, raw_inserts=4_000),
    "full": Scale(territory="full", appeals=1_000_000, requests=4_000, raw_inserts=40_000),
}

FIRST = ["Ержан", "Айгүл", "Сергей", "Ольга", "Нұрлан", "Динара", "Бауыржан", "Гүлнар", "Асхат", "Татьяна"]
LAST = ["Ахметов", "Сәрсенова", "Иванов", "Қасымова", "Жұмабаев", "Петрова", "Омаров", "Нұрланова"]
SUBJECTS = ["Көшені жөндеу", "Су құбыры ақауы", "Жылу беру", "Мектеп автобусы", "Көше жарығы",
            "Ремонт дороги", "Вывоз мусора", "Водоснабжение", "Детская площадка", "Земельный участок"]
PHRASES = ["Ауылдағы көше ұзақ уақыт бойы жөнделмеген, көктемде өту мүмкін емес.",
           "Просим принять меры, так как обращались ранее устно, но ответа не получили.",
           "Су құбыры екі аптадан бері істемейді, тұрғындар суды алыстан тасиды.",
           "В вечернее время на улице нет освещения, дети возвращаются из школы в темноте.",
           "Қоқыс уақытында шығарылмайды, иіс пен ит-құс көбейді.",
           "Прошу рассмотреть вопрос о выделении земельного участка под строительство дома.",
           "Балалар алаңы бұзылған, жөндеуге көмек сұраймыз."]


def _text(rng: random.Random) -> str:
    return " ".join(rng.choice(PHRASES) for _ in range(rng.randint(2, 5)))


def _phone(rng: random.Random) -> str:
    return f"+7701{rng.randrange(10**7):07d}"


# ---------------------------------------------------------------- child: one engine


def _django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "auyl.settings")
    import django

    django.setup()


def _places():
    """Primary units (id, code, path, level, region code) and each unit's settlement ids."""
    from auyl.territory.models import PRIMARY_LEVELS, Level, Territory

    units = list(Territory.objects.filter(level__in=PRIMARY_LEVELS).order_by("path")
                 .values_list("id", "code", "path", "level"))
    by_code = {code: pk for pk, code, _path, _level in units}
    settlements: dict[int, list[int]] = {pk: [] for pk, *_rest in units}
    for pk, path in Territory.objects.filter(level=Level.SETTLEMENT).values_list("id", "path"):
        for code in path.strip("/").split("/"):
            if code in by_code:
                settlements[by_code[code]].append(pk)
                break
    return units, settlements


def _appeal_rows(unit, count: int, settlement_ids: list[int], topics: list[int], rng: random.Random, now,
                 open_for: tuple | None):
    """Unsaved appeals of one unit over the last three years, numbered per year without gaps.
    ``open_for`` = (executor ids, the executor whose inbox is timed): the newest OPEN_LOAD appeals
    of the unit stay open on that executor's desk; the older ones are handled by the colleagues."""
    from auyl.appeals.models import Appeal, ApplicantKind, Channel, Outcome, Status
    from auyl.appeals.tracking import tracking_hash

    pk, code, path, _level = unit
    tz = now.tzinfo
    today = now.date()
    channels = Channel.values
    outcomes, outcome_weights = [Outcome.SATISFIED, Outcome.EXPLAINED, Outcome.REFUSED, Outcome.REDIRECTED,
                                 Outcome.TERMINATED], [40, 40, 12, 5, 3]
    stamps = []
    for _ in range(count):
        received = today - dt.timedelta(days=rng.randrange(HISTORY_DAYS))
        registered = dt.datetime.combine(received + dt.timedelta(days=rng.choice((0, 0, 0, 1, 2, 4))),
                                         dt.time(rng.randrange(9, 18), rng.randrange(60)), tzinfo=tz)
        stamps.append((min(registered, now - dt.timedelta(hours=1)), received))
    stamps.sort()
    seqs: dict[int, int] = {}
    rows = []
    for index, (registered, received) in enumerate(stamps):
        year = registered.astimezone(tz).year
        seq = seqs[year] = seqs.get(year, 0) + 1
        number = f"{code}-{year}-{seq:05d}"
        deadline = received + dt.timedelta(days=15)
        legal = rng.random() < 0.05
        row = Appeal(
            territory_id=pk, territory_path=path, year=year, seq=seq, number=number,
            settlement_id=rng.choice(settlement_ids) if settlement_ids and rng.random() < 0.8 else None,
            tracking_code_hash=tracking_hash(number, "BENCH234"), channel=rng.choice(channels),
            received_on=received, registered_at=registered, registration_due=received + dt.timedelta(days=3),
            applicant_kind=ApplicantKind.LEGAL if legal else ApplicantKind.INDIVIDUAL,
            applicant_name=f"{rng.choice(LAST)} {rng.choice(FIRST)}",
            organization_name="ЖШС Бенч" if legal else "", applicant_phone=_phone(rng),
            is_collective=rng.random() < 0.03, is_public=rng.random() < 0.3, topic_id=rng.choice(topics),
            subject=rng.choice(SUBJECTS), text=_text(rng), deadline=deadline, original_deadline=deadline,
            risk_points=rng.choice((0, 0, 0, 1, 2, 3, 6)),
        )
        on_desk = open_for is not None and index >= count - OPEN_LOAD
        if on_desk or (today - received).days <= 15:
            row.status = Status.IN_PROGRESS if on_desk or rng.random() < 0.7 else Status.REGISTERED
        else:
            answered = min(registered + dt.timedelta(days=rng.randint(1, 18), hours=2), now)
            outcome = rng.choices(outcomes, outcome_weights)[0]
            row.outcome, row.answered_at, row.answer_text = outcome, answered, "Жауап берілді. Ответ дан."
            if outcome == Outcome.REDIRECTED:
                row.status, row.redirected_to, row.redirected_at = Status.REDIRECTED, "Аудан әкімдігі", answered
            elif outcome == Outcome.SATISFIED:
                row.promised_action, row.promised_by = "Жөнделеді", answered.date() + dt.timedelta(days=30)
                if (today - received).days > 60:
                    row.status, row.executed_at = Status.CLOSED, answered + dt.timedelta(days=20)
                else:
                    row.status = Status.ANSWERED
            else:
                row.status = Status.CLOSED
        if open_for is not None:
            executors, mine = open_for
            row.executor_id = mine if on_desk else rng.choice(executors)
            row.assigned_at = registered
        rows.append(row)
    return rows, seqs


def _load_appeals(scale: Scale, engine: str):
    """Bulk-insert the appeals; return the benchmark's cast (units, users) and the timings."""
    from collections import Counter

    from django.db import connection
    from django.utils import timezone

    from auyl.accounts.models import RoleGrant, User
    from auyl.appeals.models import Appeal, AppealCounter, Topic
    from auyl.territory.models import Level, Territory

    rng = random.Random(SEED)
    units, settlements = _places()
    topics = list(Topic.objects.filter(is_active=True).values_list("id", flat=True))
    weights = [rng.lognormvariate(0, 1.0) for _ in units]
    counts = Counter(rng.choices(range(len(units)), weights=weights, k=scale.appeals))
    first_region = units[0][2].strip("/").split("/")[0]
    rural = [i for i, u in enumerate(units) if u[3] == Level.RURAL_DISTRICT and u[2].strip("/").startswith(first_region)]
    bench_index = max(rural, key=lambda i: (counts[i], -i))  # the busiest rural district of the first region
    district = Territory.objects.get(pk=units[bench_index][0])
    region = Territory.objects.get(code=first_region, level=Level.REGION)
    if counts[bench_index] < OPEN_LOAD + 50:
        raise SystemExit(f"the busiest rural district has only {counts[bench_index]} appeals")

    def user(name: str, role: str, unit) -> User:
        person = User.objects.create(username=name, first_name=name)
        RoleGrant.objects.create(user=person, role=role, territory=unit)
        return person

    executor = user("bench-executor", "executor", district)
    colleagues = [user(f"bench-executor-{i}", "executor", district).pk for i in range(4)] + [executor.pk]
    akim = user("bench-akim", "akim", district)
    supervisor = user("bench-regional", "regional_supervisor", region)

    now = timezone.localtime()
    timer = {"generate": 0.0, "insert": 0.0}
    batch, counters = [], []

    def flush():
        began = time.perf_counter()
        Appeal.objects.bulk_create(batch, batch_size=BATCH)
        timer["insert"] += time.perf_counter() - began
        batch.clear()

    for index, unit in enumerate(units):
        if not counts[index]:
            continue
        began = time.perf_counter()
        open_for = (colleagues, executor.pk) if index == bench_index else None
        rows, seqs = _appeal_rows(unit, counts[index], settlements[unit[0]], topics, rng, now, open_for)
        counters += [AppealCounter(territory_id=unit[0], year=year, last_number=last) for year, last in seqs.items()]
        timer["generate"] += time.perf_counter() - began
        batch += rows
        if len(batch) >= BATCH * 5:
            flush()
    if batch:
        flush()
    began = time.perf_counter()
    AppealCounter.objects.bulk_create(counters, batch_size=BATCH)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    timer["insert"] += time.perf_counter() - began
    print(f"[{engine}] appeals: {scale.appeals:,} over {len(counts):,} of {len(units):,} local communities "
          f"generated in {timer['generate']:.1f} s, bulk-inserted (+ counters, ANALYZE) in {timer['insert']:.1f} s; "
          f"timed district {district.code} ({counts[bench_index]:,} appeals), region {region.code}", flush=True)
    return {"units": units, "district": district, "region": region, "executor": executor, "akim": akim,
            "supervisor": supervisor, "rural": [units[i] for i in rural if i != bench_index] or [units[bench_index]]}


# ---- intake through HTTP


def _session_for(user) -> tuple[str, str]:
    """A signed-in staff session past the second factor, and a CSRF token (cookie and header)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.middleware.csrf import _get_new_csrf_string

    from auyl.accounts.middleware import SESSION_2FA_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[SESSION_2FA_KEY] = True
    store.save()
    return store.session_key, _get_new_csrf_string()



def _server_command(port: int) -> list[str]:
    return gunicorn_command(port, CLIENTS)


def _start_server(port: int) -> subprocess.Popen:
    return start_server(_server_command(port), ROOT)


_stop = stop_process


def _post_all(port: int, cookie: str, token: str, bodies: list[bytes], barrier: threading.Barrier,
              latencies: list[float], errors: list[str]) -> None:
    headers = {"Content-Type": "application/json", "Cookie": cookie, "X-CSRFToken": token, "Accept-Language": "en"}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT_S)

    def post(body: bytes) -> tuple[int, bytes]:
        nonlocal conn
        try:
            conn.request("POST", "/api/appeals/", body, headers)
            response = conn.getresponse()
            data = response.read()
            if response.will_close:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT_S)
            return response.status, data
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT_S)
            return 0, repr(exc).encode()

    try:
        status, data = post(bodies[0])  # warm-up: connection, session, first queries; not timed
        if status != 201:
            errors.append(f"warm-up {status}: {data[:300]!r}")
        barrier.wait(REQUEST_TIMEOUT_S)
        for body in bodies[1:]:
            began = time.perf_counter()
            status, data = post(body)
            if status == 201:
                latencies.append((time.perf_counter() - began) * 1000)
            else:
                errors.append(f"{status}: {data[:300]!r}")
    finally:
        conn.close()


def _intake(engine: str, scale: Scale, cast: dict) -> tuple[float, float, float, int]:
    """16 registrars, each of one rural district, POST ``scale.requests`` appeals in all."""
    from django.db import connection

    from auyl.accounts.models import RoleGrant, User
    from auyl.appeals.models import Channel, Topic

    rng = random.Random(SEED + 1)
    topics = list(Topic.objects.filter(is_active=True).values_list("code", flat=True))
    rural = cast["rural"]
    per_client = scale.requests // CLIENTS
    clients = []
    for i in range(CLIENTS):
        unit = rural[(i * len(rural)) // CLIENTS]
        registrar = User.objects.create(username=f"bench-registrar-{i}", first_name="Registrar")
        RoleGrant.objects.create(user=registrar, role="registrar", territory_id=unit[0])
        session, token = _session_for(registrar)
        bodies = [json.dumps({
            "territory_code": unit[1], "topic": rng.choice(topics), "channel": rng.choice(Channel.values),
            "applicant_name": f"{rng.choice(LAST)} {rng.choice(FIRST)}", "applicant_phone": _phone(rng),
            "subject": rng.choice(SUBJECTS), "text": _text(rng), "is_public": rng.random() < 0.3,
        }, ensure_ascii=False).encode() for _ in range(per_client + 1)]
        clients.append((f"sessionid={session}; csrftoken={token}", token, bodies))
    connection.close()  # SQLite: no connection of this process holds the file while the server writes
    port = free_port()
    server = _start_server(port)
    latencies: list[float] = []
    errors: list[str] = []
    try:
        barrier = threading.Barrier(CLIENTS + 1)
        threads = [threading.Thread(target=_post_all, args=(port, cookie, token, bodies, barrier, latencies, errors),
                                    daemon=True) for cookie, token, bodies in clients]
        for thread in threads:
            thread.start()
        barrier.wait(REQUEST_TIMEOUT_S * 2)
        began = time.perf_counter()
        for thread in threads:
            thread.join(REQUEST_TIMEOUT_S * (per_client + 2))
        wall = time.perf_counter() - began
    finally:
        _stop(server)
    per_s = len(latencies) / wall if wall else 0.0
    p50 = statistics.median(latencies) if latencies else float("nan")
    p99 = sorted(latencies)[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else float("nan")
    print(f"[{engine}] intake POST /api/appeals/, {CLIENTS} clients (keep-alive, a registrar of one rural district "
          f"each): {len(latencies):,} of {per_client * CLIENTS:,} answered 201 in {wall:.1f} s = {per_s:.0f} appeals/s, "
          f"p50 {p50:.0f} ms, p99 {p99:.0f} ms (target >= {INTAKE_TARGET}/s on PostgreSQL) "
          f"{'OK' if per_s >= INTAKE_TARGET else 'BELOW'}", flush=True)
    if errors:
        print(f"[{engine}] intake errors: {len(errors)} (not 201), first: {errors[0]}", flush=True)
    return per_s, p50, p99, len(errors)


def _raw_inserts(engine: str, scale: Scale) -> float:
    """Autocommitted single-row INSERTs, 16 threads with one connection each, into a table about as wide
    as an appeal's row (numbered, unique number, two texts, dates)."""
    from django.db import connection

    pk = "INTEGER PRIMARY KEY AUTOINCREMENT" if connection.vendor == "sqlite" else "BIGSERIAL PRIMARY KEY"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE bench_raw_insert (id {pk}, territory_id INTEGER NOT NULL, "
                       "number VARCHAR(40) NOT NULL UNIQUE, applicant_name VARCHAR(300) NOT NULL, "
                       "applicant_phone VARCHAR(16) NOT NULL, subject VARCHAR(200) NOT NULL, text TEXT NOT NULL, "
                       "received_on DATE NOT NULL, registered_at TIMESTAMP NOT NULL, status VARCHAR(20) NOT NULL)")
    connection.close()
    per_thread = scale.raw_inserts // CLIENTS
    rng = random.Random(SEED + 2)
    texts = [_text(rng) for _ in range(64)]
    done = [0] * CLIENTS
    errors: list[str] = []
    barrier = threading.Barrier(CLIENTS + 1)

    def work(index: int) -> None:
        from django.db import connection as own  # thread-local: each thread its own connection
        try:
            cursor = own.cursor()
            barrier.wait(60)
            for i in range(per_thread):
                try:
                    cursor.execute(
                        "INSERT INTO bench_raw_insert (territory_id, number, applicant_name, applicant_phone, subject, "
                        "text, received_on, registered_at, status) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                        [index, f"RAW-{index}-{i:07d}", "Ахметов Ержан", "+77010000000", SUBJECTS[i % len(SUBJECTS)],
                         texts[i % len(texts)], dt.date.today(), dt.datetime.now(), "registered"])
                    done[index] += 1
                except Exception as exc:  # noqa: BLE001 - counted and reported (e.g. database is locked)
                    errors.append(repr(exc)[:200])
        finally:
            own.close()

    threads = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    barrier.wait(120)
    began = time.perf_counter()
    for thread in threads:
        thread.join(600)
    wall = time.perf_counter() - began
    per_s = sum(done) / wall if wall else 0.0
    print(f"[{engine}] raw single-row INSERTs, {CLIENTS} threads with a connection each, autocommit: "
          f"{sum(done):,} of {per_thread * CLIENTS:,} in {wall:.2f} s = {per_s:.0f} rows/s"
          + (f"; {len(errors)} failed, first: {errors[0]}" if errors else ""), flush=True)
    return per_s


# ---- reads


def _median_ms(call, runs: int, warmup: int = 2) -> tuple[float, float]:
    for _ in range(warmup):
        call()
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        call()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), max(times)


def _inbox(engine: str, cast: dict) -> float:
    from auyl.appeals import selectors
    from auyl.core.permissions import forget_grants

    executor = cast["executor"]
    size = len(list(selectors.inbox(executor)))

    def call():
        forget_grants(executor)  # a request reads the user's grants again
        list(selectors.inbox(executor))

    median, worst = _median_ms(call, INBOX_CALLS, warmup=3)
    print(f"[{engine}] executor inbox (selectors.inbox, {size} open appeals on the desk): median {median:.1f} ms over "
          f"{INBOX_CALLS} calls (max {worst:.1f}; target < {INBOX_TARGET_MS} ms) "
          f"{'OK' if median < INBOX_TARGET_MS else 'SLOW'}", flush=True)
    if size < OPEN_LOAD:
        raise RuntimeError(f"the inbox holds {size} appeals, expected at least {OPEN_LOAD}")
    return median


def _reports(engine: str, cast: dict) -> tuple[float, float]:
    from django.utils import timezone

    from auyl.appeals.reports import form_report
    from auyl.appeals.reports_monthly import month_period, monthly_analysis, shift_month
    from auyl.core.permissions import forget_grants

    today = timezone.localdate()
    year, month = shift_month(today.year, today.month, -1)  # the last complete month
    period = month_period(year, month)
    last_year = today.year - 1
    figures = {}
    cases = [
        ("district", "monthly_analysis", cast["akim"], cast["district"],
         lambda u, t: monthly_analysis(u, t, year, month)),
        ("district", "form_report 826", cast["akim"], cast["district"],
         lambda u, t: form_report(u, t, period.start, period.end, "826")),
        ("region", "monthly_analysis", cast["supervisor"], cast["region"],
         lambda u, t: monthly_analysis(u, t, year, month)),
        ("region", f"form_report 826 for {last_year}", cast["supervisor"], cast["region"],
         lambda u, t: form_report(u, t, dt.date(last_year, 1, 1), dt.date(last_year, 12, 31), "826")),
    ]
    for scope, name, user, unit, report in cases:
        def call(user=user, unit=unit, report=report):
            forget_grants(user)
            report(user, unit)

        median, worst = _median_ms(call, REPORT_RUNS, warmup=1)
        target = DISTRICT_TARGET_MS if scope == "district" else REGION_TARGET_MS
        label = f" {month:02d}.{year}" if name == "monthly_analysis" else ""
        print(f"[{engine}] {scope} {unit.code} {name}{label}: median {median:.1f} ms over {REPORT_RUNS} runs "
              f"(max {worst:.1f}; target < {target} ms) {'OK' if median < target else 'SLOW'}", flush=True)
        figures[scope] = max(figures.get(scope, 0.0), median)
    return figures["district"], figures["region"]


def run_child(engine: str, scale: Scale, kato_file: Path) -> dict:
    _django()
    from django.core.management import call_command

    from auyl.territory.kato import import_kato

    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"[{engine}] migrated a fresh database in {time.perf_counter() - began:.1f} s", flush=True)
    result = import_kato(actor=None, data=kato_file.read_bytes(), filename=kato_file.name)
    print(f"[{engine}] KATO import: {result.total:,} units ({result.by_level})", flush=True)
    cast = _load_appeals(scale, engine)
    inbox_ms = _inbox(engine, cast)
    district_ms, region_ms = _reports(engine, cast)
    intake_per_s, _p50, p99, errors = _intake(engine, scale, cast)
    raw_per_s = _raw_inserts(engine, scale)
    ratio = intake_per_s / raw_per_s if raw_per_s else None
    print(f"[{engine}] intake / raw INSERT = {intake_per_s:.0f} / {raw_per_s:.0f} = "
          f"{ratio:.3f}" if ratio is not None else f"[{engine}] no raw INSERT figure", flush=True)
    if errors:
        raise SystemExit(f"[{engine}] {errors} intake requests did not answer 201")
    return {"intake_per_s": round(intake_per_s, 1), "intake_p99_ms": round(p99, 1),
            "intake_vs_raw_insert": round(ratio, 4) if ratio is not None else None,
            "inbox_ms": round(inbox_ms, 2), "district_report_ms": round(district_ms, 2),
            "region_report_ms": round(region_ms, 2)}


# ---------------------------------------------------------------- parent: both engines


def _child_env(database_url: str, workdir: Path) -> dict:
    env = dict(os.environ)
    env.update(DATABASE_URL=database_url, DEBUG="false", ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
               SECRET_KEY="bench-appeals-secret-key-not-for-production-0123456789abcdef",
               DJANGO_SETTINGS_MODULE="auyl.settings", LOG_LEVEL="ERROR",
               # The receipt SMS goes to the outbox in the registering transaction; delivery is the
               # periodic job's (manage.py tick), not part of the request measured here.
               NOTIFY_SEND_ON_COMMIT="false", SMS_BACKEND="file", SMS_FILE_PATH=str(workdir / "sms.log"))
    return env


def _run_engine(engine: str, database_url: str, scale_name: str, kato_file: Path) -> dict | None:
    command = [sys.executable, __file__, "--scale", scale_name, "--child", engine, "--kato", str(kato_file)]
    began = time.perf_counter()
    proc = subprocess.Popen(command, env=_child_env(database_url, kato_file.parent), stdout=subprocess.PIPE,
                            text=True, cwd=ROOT)
    figures = None
    try:
        for line in proc.stdout:
            if line.startswith("RESULT "):
                figures = json.loads(line[len("RESULT "):])
            else:
                print(line, end="", flush=True)
    finally:
        if proc.poll() is None:
            proc.wait(60) if figures is not None else _stop(proc)
    if proc.returncode != 0:
        print(f"[{engine}] FAILED (exit {proc.returncode})", flush=True)
        return None
    print(f"[{engine}] done in {time.perf_counter() - began:.0f} s", flush=True)
    return figures


KEYS = ("intake_per_s", "intake_p99_ms", "intake_vs_raw_insert", "inbox_ms", "district_report_ms", "region_report_ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--child", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    parser.add_argument("--kato", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    scale = SCALES[args.scale]
    if args.child:
        print("RESULT " + json.dumps(run_child(args.child, scale, args.kato)), flush=True)
        return 0
    tree = TERRITORY_SCALES[scale.territory]
    print(f"appeals benchmark, scale {args.scale}: {scale.appeals:,} appeals over {tree.communities:,} local "
          f"communities, {scale.requests:,} HTTP registrations, {scale.raw_inserts:,} raw INSERTs", flush=True)

    def write_kato(path: Path) -> None:
        print(f"KATO extract: {generate_kato(tree, path):,} units", flush=True)

    return print_figures(run_on_both_engines("auyl-bench-appeals-", write_kato, _run_engine, args.scale), KEYS)


if __name__ == "__main__":
    sys.exit(main())
