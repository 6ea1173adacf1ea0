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
