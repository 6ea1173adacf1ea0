"""Periodic jobs, run by ``manage.py tick``.

Production runs it every few minutes from cron or a systemd timer, e.g.
``*/5 * * * * cd /srv/auyl && .venv/bin/python manage.py tick``. Every job must be idempotent
(running twice does no harm), because a tick may overlap a slow previous one or be repeated.
Domain apps register their jobs (deadline clocks, reminders) with :func:`register` in ``apps.py``.
"""

from __future__ import annotations

from collections.abc import Callable

JOBS: dict[str, Callable[[], dict]] = {}


def register(name: str, job: Callable[[], dict]) -> None:
    JOBS[name] = job


def run_all(only: list[str] | None = None) -> dict[str, dict]:
    results = {}
    for name, job in JOBS.items():
        if only and name not in only:
            continue
        results[name] = job()
    return results
