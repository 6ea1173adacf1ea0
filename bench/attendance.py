"""Attendance benchmark: check-in lookup and live quorum of a large gathering — SQLite and PostgreSQL.

    python bench/attendance.py [--scale small|full]

Generates the KATO tree of bench/territory.py, and for each engine (a temporary SQLite file, then a
throwaway PostgreSQL 15 cluster from scripts/pg_throwaway.sh) re-invokes itself in a subprocess on a
freshly migrated database: imports the tree through the real import, bulk-loads the residents (one
tenth of them in one rural district, where the benchmarked gathering is held), opens the gathering
through the services, checks people in, then times the check-in search (name, phone, IIN) through
``selectors.checkin_search`` and the quorum through ``selectors.quorum``. The last line is one JSON
object. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from pgcluster import print_figures, run_on_both_engines  # noqa: E402
from territory import SCALES as TERRITORY_SCALES  # noqa: E402
from territory import _name, generate_kato  # noqa: E402

TARGET_MS = 50
LOOKUPS = 60  # per kind: name, phone, IIN
QUORUM_CALLS = 200
CHECK_INS = 300
BIG_SHARE = 0.1  # share of all residents living in the benchmarked rural district
BATCH = 20_000
SEED = 29
FIRST = ["Ержан", "Айгүл", "Сергей", "Ольга", "Нұрлан", "Динара", "Бауыржан", "Гүлнар", "Асхат", "Татьяна"]
COLUMNS = (
    "created_at",
    "updated_at",
    "iin_hash",
    "iin_encrypted",
    "iin_last4",
    "last_name",
    "first_name",
    "middle_name",
    "search_name",
    "birth_date",
    "sex",
    "settlement_id",
    "territory_path",
    "address",
    "phone",
    "email",
    "consent_at",
    "is_active",
)


@dataclass(frozen=True)
class Scale:
    territory: str  # the KATO tree of bench/territory.py
    residents: int


SCALES = {
    "small": Scale(territory="small", residents=20_000),
    "full": Scale(territory="full", residents=1_000_000),
}


# ---------------------------------------------------------------- child: one engine


def _django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "auyl.settings")
    import django

    django.setup()


def _big_unit():
    """The rural district with the most villages (ties: the lowest code): where the gathering is held."""
    from collections import Counter

    from auyl.territory.models import Level, Territory

    rural = dict(Territory.objects.filter(level=Level.RURAL_DISTRICT).values_list("path", "pk"))
    villages = Counter(
        path
        for s in Territory.objects.filter(level=Level.SETTLEMENT).values_list("path", flat=True)
        for path in rural
        if s.startswith(path)
    )
    path = min(villages, key=lambda p: (-villages[p], p))
    return Territory.objects.get(pk=rural[path])


def _rows(scale: Scale, settlements: list[tuple[int, str]], big: list[tuple[int, str]], sample: list):
    """Yield batches of resident rows (tuples in COLUMNS order); ``sample`` collects people of the
    big unit as (search name, phone, IIN) for the lookups."""
    from django.db import connection
    from django.utils import timezone

    from auyl.core import crypto
    from auyl.territory.identifiers import make_iin

    ops, rng = connection.ops, random.Random(SEED)
    weights = [rng.lognormvariate(0, 1.2) for _ in settlements]
    now = ops.adapt_datetimefield_value(timezone.now())
    start, days, batch = dt.date(1936, 1, 1), 365 * 90, []
    for i in range(scale.residents):
        in_big = rng.random() < BIG_SHARE
        pk, path = rng.choice(big) if in_big else rng.choices(settlements, weights)[0]
        sex, birth = "mf"[i % 2], start + dt.timedelta(days=(i * 7919) % days)
        serial = (i // days) * 100  # births are a permutation within each block of `days`: IINs stay unique
        iin = make_iin(birth, sex, serial)
        while iin is None:
            serial += 1
            iin = make_iin(birth, sex, serial)
        last, first = f"{_name(rng)}ов", rng.choice(FIRST)
        search, phone = f"{last} {first}".casefold(), f"+77{i:09d}"
        batch.append(
            (
                now,
                now,
                crypto.keyed_hash(iin),
                "",
                iin[-4:],
                last,
                first,
                "",
                search,
                ops.adapt_datefield_value(birth),
                sex,
                pk,
                path,
                "",
                phone,
                "",
                now,
                True,
            )
        )
        if in_big and len(sample) < LOOKUPS * 20 and rng.random() < 0.2:
            sample.append((search, phone, iin))
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _insert(batch: list[tuple]) -> None:
    """SQLite: one prepared INSERT executed for the whole batch; PostgreSQL: COPY."""
    from django.db import connection

    from auyl.territory.models import Resident

    table, columns = Resident._meta.db_table, ", ".join(COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in batch:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(COLUMNS))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", batch)


def _load(scale: Scale, engine: str):
    from django.db import connection, transaction

    from auyl.territory.models import Level, Territory

    unit = _big_unit()
    settlements = list(
        Territory.objects.filter(level=Level.SETTLEMENT).order_by("path").values_list("id", "path")
    )
    big = [s for s in settlements if s[1].startswith(unit.path)]
    sample: list = []
    generate = insert = 0.0
    began = time.perf_counter()
    for batch in _rows(scale, settlements, big, sample):
        generate += time.perf_counter() - began
        began = time.perf_counter()
        with transaction.atomic():
            _insert(batch)
        insert += time.perf_counter() - began
        began = time.perf_counter()
    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"[{engine}] residents: {scale.residents:,} generated (IIN, keyed hash) in {generate:.1f} s, bulk-inserted "
        f"in {insert:.1f} s, ANALYZE {time.perf_counter() - began:.1f} s; gathering over {unit.code} "
        f"({len(big)} villages)",
        flush=True,
    )
    return unit, sample


def _median_ms(call, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        call()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), max(times)


def _gathering(unit, engine: str):
    """A gathering over the whole rural district, convened, opened and with CHECK_INS people present."""
    from django.utils import timezone

    from auyl.accounts.models import RoleGrant, User
    from auyl.assemblies import rolls, selectors, services
    from auyl.assemblies.models import AgendaItem, Meeting, MeetingStatus

    secretary = User.objects.create(username="bench-secretary")
    RoleGrant.objects.create(user=secretary, role="registrar", territory=unit)
    # Convened directly: publishing the notice would queue one SMS per adult, which is not measured here.
    meeting = Meeting.objects.create(
        territory=unit,
        territory_path=unit.path,
        kind="gathering",
        title="Bench gathering",
        venue="Club",
        starts_at=timezone.now() - dt.timedelta(minutes=5),
        status=MeetingStatus.CONVENED,
        notice_published_at=timezone.now() - dt.timedelta(days=8),
    )
    AgendaItem.objects.create(meeting=meeting, number=1, title="Roads")
    live, live_max = _median_ms(lambda: selectors.quorum(meeting), 20)
    began = time.perf_counter()
    meeting = services.open_meeting(actor=secretary, meeting=meeting)
    opened = (time.perf_counter() - began) * 1000
    print(
        f"[{engine}] roll: {meeting.roll_size:,} adults, quorum {meeting.quorum_required:,}; quorum before opening "
        f"(live count of the roll): median {live:.1f} ms (max {live_max:.1f}); opening (snapshot) {opened:.0f} ms",
        flush=True,
    )
    people = list(rolls.roll_for(meeting).order_by("pk")[:CHECK_INS])
    times = []
    for person in people:
        began = time.perf_counter()
        services.check_in(actor=secretary, meeting=meeting, resident=person)
        times.append((time.perf_counter() - began) * 1000)
    print(
        f"[{engine}] {len(people)} check-ins through services.check_in: median {statistics.median(times):.1f} ms",
        flush=True,
    )
    return secretary, meeting, live


def _time_quorum(meeting, engine: str) -> float:
    from auyl.assemblies import selectors

    result = selectors.quorum(meeting)
    assert result.present == CHECK_INS and result.roll_size == meeting.roll_size, result
    median, worst = _median_ms(lambda: selectors.quorum(meeting), QUORUM_CALLS)
    print(
        f'[{engine}] quorum of the open gathering ("{result.present} of {result.required} required"): median '
        f"{median:.2f} ms over {QUORUM_CALLS} (max {worst:.2f}; target < {TARGET_MS} ms) "
        f"{'OK' if median < TARGET_MS else 'SLOW'}",
        flush=True,
    )
    return median


def _time_lookups(secretary, meeting, sample: list, engine: str) -> float:
    from auyl.assemblies import selectors
    from auyl.core.permissions import forget_grants

    rng = random.Random(SEED)
    people = rng.sample(sample, min(LOOKUPS, len(sample)))
    queries = {
        "surname": [(s.split()[0], None) for s, _p, _i in people],
        "surname and name": [(s, None) for s, _p, _i in people],
        "phone": [(p, s) for s, p, _i in people],
        "IIN": [(i, s) for s, _p, i in people],
    }
    medians = {}
    for kind, items in queries.items():
        for query, _expected in items[:5]:  # warm-up
            selectors.checkin_search(secretary, meeting, query)
        times = []
        for query, expected in items:
            forget_grants(secretary)  # a request reads the user's grants again
            began = time.perf_counter()
            found = selectors.checkin_search(secretary, meeting, query)
            times.append((time.perf_counter() - began) * 1000)
            names = [c.resident.search_name for c in found]
            assert found, f"{kind} lookup found nobody"
            assert (names == [expected]) if expected else all(n.startswith(query) for n in names), (
                kind,
                query,
            )
        medians[kind] = statistics.median(times)
    worst = max(medians.values())
    detail = ", ".join(f"{kind} {ms:.2f}" for kind, ms in medians.items())
    print(
        f"[{engine}] check-in search through selectors.checkin_search, median ms over {len(people)} each: {detail} "
        f"(figure: the slowest, {worst:.2f}; target < {TARGET_MS} ms) {'OK' if worst < TARGET_MS else 'SLOW'}",
        flush=True,
    )
    return worst


def run_child(engine: str, scale: Scale, kato_file: Path) -> dict:
    _django()
    from django.core.management import call_command

    from auyl.territory.kato import import_kato

    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    result = import_kato(actor=None, data=kato_file.read_bytes(), filename=kato_file.name)
    print(
        f"[{engine}] migrated and imported {result.total:,} units in {time.perf_counter() - began:.1f} s",
        flush=True,
    )
    unit, sample = _load(scale, engine)
    secretary, meeting, live = _gathering(unit, engine)
    return {
        "checkin_lookup_ms": round(_time_lookups(secretary, meeting, sample, engine), 3),
        "quorum_ms": round(_time_quorum(meeting, engine), 3),
        "quorum_live_ms": round(live, 2),
        "roll_size": meeting.roll_size,
    }


# ---------------------------------------------------------------- parent: both engines


def _child_env(database_url: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DEBUG="false",
        ALLOWED_HOSTS="testserver,localhost",
        SECRET_KEY="bench-attendance-secret-key-not-for-production-0123456789",
        DJANGO_SETTINGS_MODULE="auyl.settings",
        LOG_LEVEL="ERROR",
    )
    return env


def _run_engine(engine: str, database_url: str, scale_name: str, kato_file: Path) -> dict | None:
    command = [sys.executable, __file__, "--scale", scale_name, "--child", engine, "--kato", str(kato_file)]
    began = time.perf_counter()
    proc = subprocess.Popen(
        command, env=_child_env(database_url), stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    figures = None
    for line in proc.stdout:
        if line.startswith("RESULT "):
            figures = json.loads(line[len("RESULT ") :])
        else:
            print(line, end="", flush=True)
    if proc.wait() != 0:
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
    scale = SCALES[args.scale]
    if args.child:
        print("RESULT " + json.dumps(run_child(args.child, scale, args.kato)), flush=True)
        return 0
    print(f"attendance benchmark, scale {args.scale}: {scale}", flush=True)

    def write_kato(path: Path) -> None:
        units = generate_kato(TERRITORY_SCALES[scale.territory], path)
        print(f"KATO extract: {units:,} units", flush=True)

    results = run_on_both_engines("auyl-bench-attendance-", write_kato, _run_engine, args.scale)
    return print_figures(results, ("checkin_lookup_ms", "quorum_ms"))


if __name__ == "__main__":
    sys.exit(main())
