"""Shared by the benchmarks: a free loopback port and a throwaway PostgreSQL cluster."""

from __future__ import annotations

import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "pg_throwaway.sh"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def throwaway_postgres() -> Iterator[str | None]:
    """Yield the DATABASE_URL of a fresh cluster (None, with the reason printed, when it cannot start);
    the cluster is stopped and its directory removed afterwards, also on failure."""
    pg_dir = tempfile.mkdtemp(prefix="auyl-bench-pg-")
    try:
        started = subprocess.run([str(SCRIPT), "start", pg_dir, str(free_port())], capture_output=True,
                                 text=True, check=False)
        if started.returncode != 0:
            print(f"[postgres] cannot start PostgreSQL: {started.stderr.strip()}", flush=True)
            yield None
        else:
            yield started.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run([str(SCRIPT), "stop", pg_dir], check=False, capture_output=True)


def run_on_both_engines(prefix: str, write_kato, run_engine, scale_name: str) -> dict[str, dict | None]:
    """Write the KATO extract with ``write_kato(path)`` in a temporary folder, then run the benchmark
    child on a fresh SQLite file and on a throwaway PostgreSQL; the folder is removed afterwards."""
    import shutil

    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    results: dict[str, dict | None] = {}
    try:
        kato_file = workdir / "kato.csv"
        write_kato(kato_file)
        results["sqlite"] = run_engine("sqlite", f"sqlite:///{workdir / 'bench.sqlite3'}", scale_name, kato_file)
        with throwaway_postgres() as database_url:
            results["postgres"] = run_engine("postgres", database_url, scale_name, kato_file) if database_url else None
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return results


def print_figures(results: dict[str, dict | None], keys) -> int:
    """The last line: one JSON object ``{key: {engine: figure}}``; exit status 1 if an engine failed."""
    import json

    print(json.dumps({key: {engine: (figures or {}).get(key) for engine, figures in results.items()}
                      for key in keys}))
    return 0 if all(results.values()) else 1


# ---- the HTTP server of the throughput measurements

SERVER_START_S = 60


def gunicorn_command(port: int, clients: int) -> list[str]:
    """gunicorn, as production runs it (README): one worker process per core (one Python process is bound
    by its interpreter lock), each with enough threads for the clients' keep-alive connections.
    ``BENCH_SERVER_WORKERS`` overrides the worker count."""
    import os
    import sys

    workers = int(os.environ.get("BENCH_SERVER_WORKERS", os.cpu_count() or 2))
    threads = max(2, clients // workers)
    return [sys.executable, "-m", "gunicorn", "auyl.wsgi:application", "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers), "--worker-class", "gthread", "--threads", str(threads),
            "--backlog", "64", "--keep-alive", "30", "--log-level", "error"]


def start_server(command: list[str], cwd: Path) -> subprocess.Popen:
    """Start ``command`` and wait until its port (the ``--bind`` argument) accepts connections."""
    import os
    import time

    port = int(command[command.index("--bind") + 1].rsplit(":", 1)[1])
    server = subprocess.Popen(command, cwd=cwd, env=dict(os.environ), stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + SERVER_START_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the HTTP server exited with {server.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.1)
    stop_process(server)
    raise RuntimeError(f"the HTTP server did not listen within {SERVER_START_S} s")


def stop_process(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
