"""Territory benchmark: KATO import, a rural district's public page, IIN lookup — SQLite and PostgreSQL.

    python bench/territory.py [--scale small|full]

Generates a national-scale KATO tree, writes it as a KATO extract, and for each engine (a temporary
SQLite file, then a throwaway PostgreSQL 15 cluster from scripts/pg_throwaway.sh) re-invokes itself in
a subprocess on a freshly migrated database: imports the extract through the real import code, bulk-
inserts residents with real keyed IIN hashes and encrypted IINs, then times the public page of a
rural district and lookups by IIN through the selector. The last line is one JSON object.
See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from pgcluster import print_figures, run_on_both_engines  # bench/ is on sys.path when run as a script

ROOT = Path(__file__).resolve().parent.parent
PAGE_TARGET_MS = 200
LOOKUP_TARGET_MS = 20
PAGE_REQUESTS, PAGE_WARMUP = 20, 3
LOOKUPS = 200
BATCH = 5000
SEED = 7


@dataclass(frozen=True)
class Scale:
    regions: int
    districts: int
    communities: int
    settlements: int
    residents: int


SCALES = {
    "small": Scale(regions=2, districts=10, communities=60, settlements=200, residents=20_000),
    "full": Scale(regions=20, districts=200, communities=2345, settlements=6500, residents=1_000_000),
}

SYLLABLES_A = ["Ақ", "Қара", "Сары", "Көк", "Жаңа", "Бес", "Ұзын", "Қызыл", "Ескі", "Тас", "Алтын", "Жалаң"]
SYLLABLES_B = ["су", "бұлақ", "тау", "төбе", "жар", "көл", "тал", "қайың", "өзек", "шоқы", "дала", "ағаш"]


def _name(rng: random.Random) -> str:
    return rng.choice(SYLLABLES_A) + rng.choice(SYLLABLES_B)


def _split(total: int, parts: int, rng: random.Random, cap: int) -> list[int]:
    """``total`` items over ``parts`` buckets, at least one each, at most ``cap``."""
    counts = [1] * parts
    for _ in range(total - parts):
        i = rng.randrange(parts)
        while counts[i] >= cap:
            i = rng.randrange(parts)
        counts[i] += 1
    return counts


def generate_kato(scale: Scale, path: Path) -> int:
    """Write a KATO extract of ``scale`` (with BOM and header, like the public files); return its size."""
    rng = random.Random(SEED)
    lines = ["id;parent_id;code;name"]
    districts = _split(scale.districts, scale.regions, rng, 40)
    communities = _split(scale.communities, scale.districts, rng, 34)
    settlements = _split(scale.settlements, scale.communities, rng, 9)
    d_index = c_index = 0
    for r in range(scale.regions):
        ab = f"{11 + 4 * r:02d}"
        region_id = len(lines)
        lines.append(f"{region_id};0;{ab}0000000;область {_name(rng)}")
        for d in range(districts[r]):
            district_id = len(lines)
            lines.append(f"{district_id};{region_id};{ab}{20 + 2 * d:02d}00000;{_name(rng)}ский район")
            for c in range(communities[d_index]):
                town = c == 0 and d_index % 4 == 0
                ef = "20" if town else f"{30 + 2 * c:02d}"
                community_id = len(lines)
                label = f"{_name(rng)} г.а." if town else f"{_name(rng)}ский с.о."
                lines.append(f"{community_id};{district_id};{ab}{20 + 2 * d:02d}{ef}000;{label}")
                centre_id = None
                for s in range(settlements[c_index]):
                    # Like the real extracts, half the communities hang their villages under the centre.
                    parent = centre_id if centre_id and c_index % 2 else community_id
                    lines.append(f"{len(lines)};{parent};{ab}{20 + 2 * d:02d}{ef}{(s + 1) * 100};с.{_name(rng)}")
                    centre_id = centre_id or len(lines) - 1
                c_index += 1
            d_index += 1
    path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1


# ---------------------------------------------------------------- child: one engine


def _django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "auyl.settings")
    import django

    django.setup()


def _resident_batches(scale: Scale, settlements: list[tuple[int, str, str]], sample: dict, timer: dict):
    """Yield lists of unsaved Resident objects; fill ``sample`` with IINs of the first region."""
    import datetime as dt

    from django.utils import timezone

    from auyl.core import crypto
    from auyl.territory.identifiers import make_iin
    from auyl.territory.models import Resident

    rng = random.Random(SEED)
    weights = [rng.lognormvariate(0, 1.2) for _ in settlements]
    first_region = settlements[0][2].split("/")[0]
    now, start, days = timezone.now(), dt.date(1940, 1, 1), 365 * 80
    batch, began = [], time.perf_counter()
    chosen = rng.choices(range(len(settlements)), weights=weights, k=scale.residents)
    for i, where in enumerate(chosen):
        pk, _code, path = settlements[where]
        sex, birth = "mf"[i % 2], start + dt.timedelta(days=i % days)
        serial = (i // days) * 100
        iin = make_iin(birth, sex, serial)
        while iin is None:
            serial += 1
            iin = make_iin(birth, sex, serial)
        last, first = f"{_name(rng)}ов", rng.choice(["Ержан", "Айгүл", "Сергей", "Ольга", "Нұрлан", "Динара"])
        batch.append(Resident(
            iin_hash=crypto.keyed_hash(iin), iin_encrypted=crypto.encrypt(iin), iin_last4=iin[-4:],
            last_name=last, first_name=first, search_name=f"{last} {first}".casefold(), birth_date=birth,
            sex=sex, settlement_id=pk, territory_path=path, phone=f"+77{i:09d}", consent_at=now))
        if path.startswith(first_region) and len(sample) < LOOKUPS * 5:
            sample[iin] = pk
        if len(batch) == BATCH:
            timer["generate"] += time.perf_counter() - began
            yield batch
            batch, began = [], time.perf_counter()
    timer["generate"] += time.perf_counter() - began
    if batch:
        yield batch


def _insert_residents(scale: Scale) -> tuple[dict, dict[str, int]]:
    from collections import Counter

    from django.db import connection

    from auyl.territory.models import Level, Resident, Territory

    settlements = list(Territory.objects.filter(level=Level.SETTLEMENT).order_by("path")
                       .values_list("id", "code", "path"))
    timer, sample, per_settlement = {"generate": 0.0, "insert": 0.0}, {}, Counter()
    for batch in _resident_batches(scale, settlements, sample, timer):
        began = time.perf_counter()
        Resident.objects.bulk_create(batch)
        timer["insert"] += time.perf_counter() - began
        per_settlement.update(r.settlement_id for r in batch)
    began = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    timer["analyze"] = time.perf_counter() - began
    units = Territory.objects.in_bulk(list(per_settlement))
    for pk, count in per_settlement.items():
        units[pk].population, units[pk].adult_population = count, round(count * 0.7)
    Territory.objects.bulk_update(units.values(), ["population", "adult_population"], batch_size=1000)
    return timer, sample


def _time_page(engine: str) -> float:
    from collections import Counter

    from django.test import Client
    from django.test.utils import override_settings

    from auyl.territory.models import PRIMARY_LEVELS, Level, Territory

    primary = set(Territory.objects.filter(level__in=PRIMARY_LEVELS).values_list("code", flat=True))
    villages = Counter(code for path in Territory.objects.filter(level=Level.SETTLEMENT).values_list("path", flat=True)
                       for code in path.split("/") if code in primary)
    busiest, count = min(villages.items(), key=lambda item: (-item[1], item[0]))  # the most villages
    url = f"/kk/d/{busiest}/"
    client = Client()
    static = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
              "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    with override_settings(STORAGES=static):  # no collectstatic manifest in a benchmark
        for _ in range(PAGE_WARMUP):
            response = client.get(url)
            assert response.status_code == 200, f"{url} answered {response.status_code}"
        times = []
        for _ in range(PAGE_REQUESTS):
            began = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - began) * 1000)
    median = statistics.median(times)
    print(f"[{engine}] rural district page {url} ({count} villages): median {median:.1f} ms over {PAGE_REQUESTS} requests "
          f"(max {max(times):.1f}; target < {PAGE_TARGET_MS} ms) {'OK' if median < PAGE_TARGET_MS else 'SLOW'}")
    return median


def _time_lookup(engine: str, sample: dict[str, int]) -> float:
    from auyl.accounts.models import RoleGrant, User
    from auyl.core.permissions import forget_grants
    from auyl.territory.models import Level, Territory
    from auyl.territory.selectors import search_residents

    region = Territory.objects.filter(level=Level.REGION).order_by("code").first()
    user = User.objects.create(username="bench-regional")
    RoleGrant.objects.create(user=user, role="regional_supervisor", territory=region)
    iins = random.Random(SEED).sample(sorted(sample), min(LOOKUPS, len(sample)))
    for iin in iins[:10]:  # warm-up
        list(search_residents(user, iin))
    times = []
    for iin in iins:
        forget_grants(user)  # a request reads the user's grants again
        began = time.perf_counter()
        found = list(search_residents(user, iin))
        times.append((time.perf_counter() - began) * 1000)
        assert [r.settlement_id for r in found] == [sample[iin]], f"lookup of {iin[-4:]} failed"
    median = statistics.median(times)
    print(f"[{engine}] IIN lookup through selectors.search_residents: median {median:.2f} ms over {len(iins)} "
          f"IINs (max {max(times):.2f}; target < {LOOKUP_TARGET_MS} ms) "
          f"{'OK' if median < LOOKUP_TARGET_MS else 'SLOW'}")
    return median


def run_child(engine: str, scale: Scale, kato_file: Path) -> dict:
    _django()
    from django.core.management import call_command

    from auyl.territory.kato import import_kato

    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"[{engine}] migrated a fresh database in {time.perf_counter() - began:.1f} s", flush=True)
    data = kato_file.read_bytes()
    began = time.perf_counter()
    result = import_kato(actor=None, data=data, filename=kato_file.name)
    import_s = time.perf_counter() - began
    print(f"[{engine}] KATO import: {result.total:,} units in {import_s:.2f} s ({result.by_level})", flush=True)
    timer, sample = _insert_residents(scale)
    print(f"[{engine}] residents: {scale.residents:,} generated in {timer['generate']:.1f} s (IIN, keyed hash, "
          f"Fernet), bulk-inserted in {timer['insert']:.1f} s, ANALYZE {timer['analyze']:.1f} s", flush=True)
    return {"import_s": round(import_s, 3), "rural_district_page_ms": round(_time_page(engine), 2),
            "iin_lookup_ms": round(_time_lookup(engine, sample), 3)}


# ---------------------------------------------------------------- parent: both engines


def _child_env(database_url: str) -> dict:
    env = dict(os.environ)
    env.update(DATABASE_URL=database_url, DEBUG="false", ALLOWED_HOSTS="testserver,localhost",
               SECRET_KEY="bench-territory-secret-key-not-for-production-0123456789",
               DJANGO_SETTINGS_MODULE="auyl.settings", LOG_LEVEL="ERROR")
    return env


def _run_engine(engine: str, database_url: str, scale_name: str, kato_file: Path) -> dict | None:
    command = [sys.executable, __file__, "--scale", scale_name, "--child", engine, "--kato", str(kato_file)]
    began = time.perf_counter()
    proc = subprocess.Popen(command, env=_child_env(database_url), stdout=subprocess.PIPE, text=True, cwd=ROOT)
    figures = None
    for line in proc.stdout:
        if line.startswith("RESULT "):
            figures = json.loads(line[len("RESULT "):])
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
    print(f"territory benchmark, scale {args.scale}: {scale}", flush=True)

    def write_kato(path: Path) -> None:
        units = generate_kato(scale, path)
        print(f"KATO extract: {units:,} units, {path.stat().st_size / 1e6:.1f} MB", flush=True)

    results = run_on_both_engines("auyl-bench-", write_kato, _run_engine, args.scale)
    return print_figures(results, ("import_s", "rural_district_page_ms", "iin_lookup_ms"))


if __name__ == "__main__":
    sys.exit(main())
