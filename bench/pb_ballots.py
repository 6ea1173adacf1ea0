"""Ballot casting through HTTP: 32 concurrent voters on PostgreSQL, then every acknowledged ballot checked.

    python bench/pb_ballots.py [--scale small|full]

Starts a throwaway PostgreSQL 15 cluster (bench/pgcluster.py) and, in a subprocess on that freshly migrated
database (``DEBUG`` off): creates a rural district with adult residents, each with a resident account and a
signed-in session made directly, and a published campaign in its voting phase with eight projects on an
approval ballot (up to three); serves the site with gunicorn as bench/appeals.py does (a worker per core,
gthread, keep-alive) with threads for the 32 clients; 32 client threads (``http.client``, keep-alive), each
holding its own voters, POST the voting form ``/kk/projects/<pk>/vote/`` — one untimed warm-up ballot each,
then as many as they can for 60 s (``small``: 10 s). Only a redirect to the thank-you page acknowledges a
ballot. Afterwards it checks, from the database: every acknowledged voter is on the turnout roll exactly
once, nobody else is, the ballots count the same as the roll, and each acknowledged voter's stored ballot
(found through its keyed link) holds exactly the projects that voter chose.

:func:`measure_ballots` is what ``bench/pb.py`` calls; run alone, the script prints the same figures and
the JSON line. Target: at least 500 ballots/s sustained on PostgreSQL.
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
from urllib.parse import urlencode

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from pgcluster import free_port, gunicorn_command, start_server, stop_process, throwaway_postgres  # noqa: E402,E501

CLIENTS = 32
TARGET = 500  # ballots/s on PostgreSQL
PROJECTS = 8
MAX_CHOICES = 3
SEED = 5
REQUEST_TIMEOUT_S = 60
KEYS = ("ballots_per_s", "ballots_acknowledged", "ballots_stored")


@dataclass(frozen=True)
class Scale:
    seconds: int
    voters: int  # residents with sessions: more than the target rate can use in the time


SCALES = {"small": Scale(seconds=10, voters=12_000), "full": Scale(seconds=60, voters=60_000)}


# ---------------------------------------------------------------- child: set up, serve, vote, verify


def _django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "auyl.settings")
    import django

    django.setup()


def _territory():
    from auyl.territory.models import Level
    from auyl.territory.testing import make_unit

    region = make_unit("110000000", Level.REGION, "Ақмола облысы")
    district = make_unit("111000000", Level.DISTRICT, "Көкшетау", region)
    unit = make_unit("111033000", Level.RURAL_DISTRICT, "Краснояр ауылдық округі", district)
    villages = [
        make_unit("111033100", Level.SETTLEMENT, "Қызыл Жар", unit),
        make_unit("111033200", Level.SETTLEMENT, "Қызыл Жұлдыз", unit),
    ]
    return unit, villages


def _voters(count: int, villages, rng: random.Random) -> list[tuple[int, str]]:
    """``count`` adult residents with an account and a signed-in session: [(resident id, session key)]."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from auyl.accounts.models import User
    from auyl.territory.models import Resident

    residents = Resident.objects.bulk_create(
        [
            Resident(
                last_name=f"Сайлаушы{i}",
                first_name="Бенч",
                search_name=f"сайлаушы{i} бенч",
                birth_date=dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(365 * 50)),
                settlement=village,
                territory_path=village.path,
            )
            for i, village in ((i, villages[i % len(villages)]) for i in range(count))
        ],
        batch_size=5000,
    )
    users = User.objects.bulk_create(
        [
            User(
                username=f"bench-voter-{r.pk}",
                password=f"!bench{r.pk}",
                resident_id=r.pk,
                full_name=r.last_name,
            )
            for r in residents
        ],
        batch_size=5000,
    )
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    expires = timezone.now() + dt.timedelta(days=1)
    sessions, pairs = [], []
    for user in users:
        store = store_class()
        key = store._get_new_session_key()
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[0],
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        sessions.append(Session(session_key=key, session_data=store.encode(data), expire_date=expires))
        pairs.append((user.resident_id, key))
    Session.objects.bulk_create(sessions, batch_size=5000)
    return pairs


def _campaign(unit):
    from django.utils import timezone

    from auyl.initiatives.models import Campaign, Proposal

    today = timezone.localdate()
    day = dt.timedelta(days=1)
    campaign = Campaign.objects.create(
        territory=unit,
        territory_path=unit.path,
        title="Бенч: азаматтық жобалар",
        year=today.year,
        amount=20_000_000,
        funding_source="district_subsidy",
        ballot_type="approval",
        max_choices=MAX_CHOICES,
        rule="greedy",
        allow_ballot_changes=True,
        min_age=18,
        proposals_from=today - 30 * day,
        proposals_until=today - 20 * day,
        review_until=today - 10 * day,
        discussion_until=today - day,
        voting_until=today + 5 * day,
        results_until=today + 10 * day,
        published_at=timezone.now(),
    )
    Proposal.objects.bulk_create(
        [
            Proposal(
                campaign=campaign,
                number=n,
                title=f"Жоба {n}",
                description="Бенч",
                place="Орталық",
                category="playground",
                estimated_cost=1_000_000 * n,
                reviewed_cost=1_000_000 * n,
                status="accepted",
            )
            for n in range(1, PROJECTS + 1)
        ]
    )
    return campaign, list(
        Proposal.objects.filter(campaign=campaign).order_by("number").values_list("pk", flat=True)
    )


def _server_command(port: int) -> list[str]:
    return gunicorn_command(port, CLIENTS)


def _start_server(port: int) -> subprocess.Popen:
    return start_server(_server_command(port), ROOT)


_stop = stop_process


class Voter(threading.Thread):
    """One client: a keep-alive connection and its own voters, each used once."""

    def __init__(self, port: int, path: str, thanks: str, voters, projects, start, seed: int):
        super().__init__(daemon=True)
        self.port, self.path, self.thanks = port, path, thanks
        self.voters, self.projects, self.start_signal = voters, projects, start
        self.rng = random.Random(seed)
        self.acknowledged: list[tuple[int, list[int], bool]] = []  # (resident id, choices, timed)
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.csrf = "".join(
            self.rng.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
            for _ in range(32)
        )
        self.conn = None

    def _post(self, session: str, choices: list[int]) -> tuple[int, str]:
        body = urlencode([("csrfmiddlewaretoken", self.csrf), *(("choice", str(c)) for c in choices)])
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept-Language": "kk",
            "Cookie": f"sessionid={session}; csrftoken={self.csrf}",
        }
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT_S)
            self.conn.request("POST", self.path, body, headers)
            response = self.conn.getresponse()
            response.read()
            if response.will_close:
                self.conn.close()
                self.conn = None
            return response.status, response.getheader("Location") or ""
        except (OSError, http.client.HTTPException) as exc:
            if self.conn is not None:
                self.conn.close()
            self.conn = None
            return 0, repr(exc)

    def _vote(self, timed: bool) -> bool:
        if not self.voters:
            return False
        resident_id, session = self.voters.pop()
        choices = sorted(self.rng.sample(self.projects, self.rng.randint(1, MAX_CHOICES)))
        began = time.perf_counter()
        status, location = self._post(session, choices)
        if status == 302 and location.endswith(self.thanks):
            self.acknowledged.append((resident_id, choices, timed))
            if timed:
                self.latencies.append((time.perf_counter() - began) * 1000)
        else:
            self.errors.append(f"{status} {location[:200]}")
        return True

    def run(self):
        try:
            self._vote(timed=False)  # warm-up: connection, worker thread, first queries; verified, not timed
            barrier, go, deadline_box = self.start_signal
            barrier.wait(REQUEST_TIMEOUT_S * 2)
            go.wait(REQUEST_TIMEOUT_S)
            deadline = deadline_box[0]
            while time.monotonic() < deadline and self._vote(timed=True):
                pass
        finally:
            if self.conn is not None:
                self.conn.close()


def _ticks(pid: int) -> int:
    """CPU clock ticks (user + system) a process has used, from /proc; 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])


def _processes() -> list[tuple[int, int, str]]:
    """(pid, parent pid, command line) of every process we can read."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except (OSError, IndexError, ValueError):
                continue
            found.append((int(entry.name), parent, command))
    return found


class CpuMeter:
    """CPU seconds used by the HTTP server's processes, the database's and this load generator, between
    ``start`` and ``stop``: what a ballot costs where, whatever else runs on the machine."""

    def __init__(self, server_pid: int, database_port: str):
        self.server_pid, self.database_port = server_pid, database_port
        self.hz = os.sysconf("SC_CLK_TCK")
        self.groups: dict[str, set[int]] = {}

    def _find(self) -> dict[str, set[int]]:
        """The processes now: the server and its workers; the postmaster and its backends."""
        processes = _processes()
        children = {pid for pid, parent, _cmd in processes if parent == self.server_pid}
        port = f"-p {self.database_port}"
        postmaster = {pid for pid, _parent, cmd in processes if "postgres" in cmd and port in cmd}
        return {
            "server": {self.server_pid, *children},
            "database": postmaster | {pid for pid, parent, _cmd in processes if parent in postmaster},
        }

    def _sample(self) -> dict[str, float]:
        sample = {name: sum(_ticks(pid) for pid in pids) / self.hz for name, pids in self.groups.items()}
        return sample | {"clients": time.process_time()}

    def start(self) -> None:
        self.groups = self._find()  # after the warm-ups: every connection's backend exists
        self.began = self._sample()

    def stop(self) -> dict[str, float]:
        ended = self._sample()
        return {name: ended[name] - self.began[name] for name in ended}


def _cast(scale: Scale, campaign_pk: int, projects: list[int], voters) -> tuple[list[Voter], float, dict]:
    from django.db import connection

    database_port = str(connection.settings_dict.get("PORT") or "")
    connection.close()  # the server processes write; this one only reads afterwards
    port = free_port()
    server = _start_server(port)
    path, thanks = f"/kk/projects/{campaign_pk}/vote/", f"/kk/projects/{campaign_pk}/vote/thanks/"
    shares = [voters[i::CLIENTS] for i in range(CLIENTS)]
    # All clients warm up, meet at the barrier, then start together once the deadline is set.
    start = (threading.Barrier(CLIENTS + 1), threading.Event(), [0.0])
    clients = [Voter(port, path, thanks, share, projects, start, SEED + i) for i, share in enumerate(shares)]
    meter = CpuMeter(server.pid, database_port)
    try:
        for client in clients:
            client.start()
        start[0].wait(REQUEST_TIMEOUT_S * 2)
        meter.start()
        began = time.monotonic()
        start[2][0] = began + scale.seconds
        start[1].set()
        for client in clients:
            client.join(scale.seconds + REQUEST_TIMEOUT_S * 2)
        wall = time.monotonic() - began
        cpu = meter.stop()
    finally:
        _stop(server)
    return clients, wall, cpu


def _verify(campaign_pk: int, acknowledged: list[tuple[int, list[int], bool]]) -> dict:
    """What the database holds against what the server acknowledged."""
    from collections import Counter

    from auyl.initiatives.models import Ballot, Turnout
    from auyl.initiatives.voting import ballot_link

    roll = Counter(Turnout.objects.filter(campaign_id=campaign_pk).values_list("resident_id", flat=True))
    ballots = list(Ballot.objects.filter(campaign_id=campaign_pk).values_list("link", "choices"))
    by_link = Counter(link for link, _choices in ballots)
    choices_of = dict(ballots)
    wanted = {resident: choices for resident, choices, _timed in acknowledged}
    stored = sum(
        1
        for resident, choices in wanted.items()
        if roll.get(resident) == 1
        and by_link.get(link := ballot_link(campaign_pk, resident)) == 1
        and choices_of.get(link) == choices
    )
    return {
        "stored": stored,
        "lost": len(wanted) - stored,
        "duplicates": sum(1 for n in roll.values() if n > 1) + sum(1 for n in by_link.values() if n > 1),
        "unacknowledged_on_roll": len(set(roll) - set(wanted)),
        "roll": sum(roll.values()),
        "ballots": len(ballots),
    }


def run_child(scale: Scale) -> dict:
    _django()
    from django.core.management import call_command

    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"[postgres] migrated a fresh database in {time.perf_counter() - began:.1f} s", flush=True)
    rng = random.Random(SEED)
    began = time.perf_counter()
    unit, villages = _territory()
    voters = _voters(scale.voters, villages, rng)
    campaign, projects = _campaign(unit)
    print(
        f"[postgres] {len(voters):,} adult residents with accounts and signed-in sessions, a campaign in voting "
        f"with {PROJECTS} projects (approval, up to {MAX_CHOICES}) in {time.perf_counter() - began:.1f} s",
        flush=True,
    )
    clients, wall, cpu = _cast(scale, campaign.pk, projects, voters)
    acknowledged = [item for client in clients for item in client.acknowledged]
    timed = sum(1 for _r, _c, is_timed in acknowledged if is_timed)
    latencies = sorted(ms for client in clients for ms in client.latencies)
    errors = [error for client in clients for error in client.errors]
    per_s = timed / wall if wall else 0.0
    p50 = statistics.median(latencies) if latencies else float("nan")
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else float("nan")
    exhausted = sum(1 for client in clients if not client.voters)
    print(
        f"[postgres] POST /kk/projects/<pk>/vote/, {CLIENTS} voters at once (keep-alive) for {wall:.1f} s: "
        f"{timed:,} ballots acknowledged = {per_s:.0f} ballots/s, p50 {p50:.0f} ms, p99 {p99:.0f} ms "
        f"(target >= {TARGET}/s) {'OK' if per_s >= TARGET else 'BELOW'}",
        flush=True,
    )
    if timed:
        per = {name: 1000 * seconds / timed for name, seconds in cpu.items()}
        total = sum(per.values())
        print(
            f"[postgres] CPU per ballot: server {per['server']:.2f} ms, PostgreSQL {per['database']:.2f} ms, "
            f"load generator {per['clients']:.2f} ms = {total:.2f} ms; {os.cpu_count()} cores fully ours would "
            f"allow ~{1000 * (os.cpu_count() or 1) / total:.0f} ballots/s (load average now "
            f"{os.getloadavg()[0]:.1f})",
            flush=True,
        )
    if exhausted:
        print(f"[postgres] {exhausted} clients ran out of voters before the time was up", flush=True)
    if errors:
        print(f"[postgres] {len(errors)} requests not acknowledged, first: {errors[0]}", flush=True)
    check = _verify(campaign.pk, acknowledged)
    print(
        f"[postgres] verified: {check['stored']:,} of {len(acknowledged):,} acknowledged ballots (warm-ups "
        f"included) stored exactly once with the voter's choices; lost {check['lost']}, duplicates "
        f"{check['duplicates']}, on the roll without an acknowledgement {check['unacknowledged_on_roll']}; "
        f"roll {check['roll']:,} = ballots {check['ballots']:,}",
        flush=True,
    )
    return {
        "ballots_per_s": round(per_s, 1),
        "ballots_acknowledged": len(acknowledged),
        "ballots_stored": check["stored"],
        "ballots_p50_ms": round(p50, 1),
        "ballots_p99_ms": round(p99, 1),
        "ballots_lost": check["lost"],
        "ballots_duplicated": check["duplicates"],
        "errors": len(errors),
    }


# ---------------------------------------------------------------- parent


def _child_env(database_url: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECRET_KEY="bench-pb-ballots-secret-key-not-for-production-0123456789abcdef",
        DJANGO_SETTINGS_MODULE="auyl.settings",
        LOG_LEVEL="ERROR",
        NOTIFY_SEND_ON_COMMIT="false",
    )
    return env


def measure_ballots(scale_name: str) -> dict:
    """Run the benchmark at ``scale_name`` ("small" or "full") on a throwaway PostgreSQL; the figures
    (``ballots_per_s``, ``ballots_acknowledged``, ``ballots_stored``, and more), or an empty dict on failure."""
    scale_name = scale_name if scale_name in SCALES else "small"
    with throwaway_postgres() as database_url:
        if database_url is None:
            return {}
        command = [sys.executable, str(Path(__file__).resolve()), "--scale", scale_name, "--child"]
        proc = subprocess.Popen(
            command, env=_child_env(database_url), stdout=subprocess.PIPE, text=True, cwd=ROOT
        )
        figures: dict = {}
        try:
            for line in proc.stdout:
                if line.startswith("RESULT "):
                    figures = json.loads(line[len("RESULT ") :])
                else:
                    print(line, end="", flush=True)
        finally:
            if proc.poll() is None:
                proc.wait(120) if figures else _stop(proc)
        if proc.returncode != 0:
            print(f"[postgres] ballot benchmark FAILED (exit {proc.returncode})", flush=True)
            return {}
        return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    scale = SCALES[args.scale]
    if args.child:
        print("RESULT " + json.dumps(run_child(scale)), flush=True)
        return 0
    print(
        f"ballot benchmark, scale {args.scale}: {CLIENTS} concurrent voters for {scale.seconds} s, "
        f"{scale.voters:,} voters ready",
        flush=True,
    )
    figures = measure_ballots(args.scale)
    print(json.dumps({key: figures.get(key) for key in KEYS}))
    ok = figures and figures.get("ballots_stored") == figures.get("ballots_acknowledged")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
