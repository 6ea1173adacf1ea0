"""Failed staff sign-in attempts: counting them and refusing further tries for a while.

A staff sign-in fails at the password or at the second-factor step. Each failure is one
:class:`~auyl.accounts.models.SignInFailure` row; when a login name or an IP address collects
``SIGNIN_MAX_FAILURES_PER_USERNAME`` / ``SIGNIN_MAX_FAILURES_PER_IP`` failures within
``SIGNIN_FAILURE_WINDOW_SECONDS``, further attempts are refused (without checking the password)
until older failures leave the window. Reaching a limit is an audit event.

The counts live in the database so that all worker processes share them; a per-process cache
(Django's default LocMemCache) would multiply the limit by the number of processes.

Settings (optional, with defaults): ``SIGNIN_FAILURE_WINDOW_SECONDS`` (900),
``SIGNIN_MAX_FAILURES_PER_USERNAME`` (10), ``SIGNIN_MAX_FAILURES_PER_IP`` (30 — an office behind
one NAT address holds several staff members).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from auyl.core import audit, crypto

from .models import SignInFailure, User

DEFAULT_WINDOW_SECONDS = 15 * 60
DEFAULT_MAX_PER_USERNAME = 10
DEFAULT_MAX_PER_IP = 30
KEEP_FOR = dt.timedelta(days=1)


def window_seconds() -> int:
    return int(getattr(settings, "SIGNIN_FAILURE_WINDOW_SECONDS", DEFAULT_WINDOW_SECONDS))


def window_minutes() -> int:
    return max(1, -(-window_seconds() // 60))


def _max_per_username() -> int:
    return int(getattr(settings, "SIGNIN_MAX_FAILURES_PER_USERNAME", DEFAULT_MAX_PER_USERNAME))


def _max_per_ip() -> int:
    return int(getattr(settings, "SIGNIN_MAX_FAILURES_PER_IP", DEFAULT_MAX_PER_IP))


def username_key(username: str) -> str:
    """Keyed hash of the login name as typed (case-insensitive), so that no name is stored in clear."""
    return crypto.keyed_hash("signin-failure:" + (username or "").strip().casefold())


def _recent(now: dt.datetime):
    return SignInFailure.objects.filter(created_at__gt=now - dt.timedelta(seconds=window_seconds()))


def _counts(*, key: str, ip: str | None, now: dt.datetime) -> tuple[int, int]:
    recent = _recent(now)
    by_name = recent.filter(username_hash=key).count()
    by_ip = recent.filter(ip_address=ip).count() if ip else 0
    return by_name, by_ip


def is_locked(*, username: str, ip: str | None) -> bool:
    """Are sign-in attempts for this login name or from this address refused right now?"""
    by_name, by_ip = _counts(key=username_key(username), ip=ip, now=timezone.now())
    return by_name >= _max_per_username() or (ip is not None and by_ip >= _max_per_ip())


@transaction.atomic
def record_failure(*, username: str, ip: str | None, stage: str) -> bool:
    """Count one failure; return True when this login name or address is now locked out.

    The moment a limit is reached is recorded in the audit log (once per lockout, not per attempt).
    """
    now = timezone.now()
    key = username_key(username)
    SignInFailure.objects.create(username_hash=key, ip_address=ip, stage=stage, created_at=now)
    SignInFailure.objects.filter(created_at__lt=now - KEEP_FOR).delete()
    by_name, by_ip = _counts(key=key, ip=ip, now=now)
    name_limit, ip_limit = _max_per_username(), _max_per_ip()
    if by_name == name_limit:
        account = User.objects.filter(username__iexact=(username or "").strip()).first()
        audit.record(
            actor="system",
            action="signin.locked_out",
            obj=account,
            object_type="" if account else "accounts.signin",
            changes={
                "scope": "username",
                "ip": ip or "",
                "failures": by_name,
                "stage": stage,
                "window_seconds": window_seconds(),
            },
        )
    if ip and by_ip == ip_limit:
        audit.record(
            actor="system",
            action="signin.locked_out",
            object_type="accounts.signin",
            object_id=ip,
            object_label=ip,
            changes={
                "scope": "ip",
                "ip": ip,
                "failures": by_ip,
                "stage": stage,
                "window_seconds": window_seconds(),
            },
        )
    return by_name >= name_limit or (ip is not None and by_ip >= ip_limit)


def clear_for(*, username: str) -> None:
    """Forget a login name's failures after a complete, successful sign-in."""
    SignInFailure.objects.filter(username_hash=username_key(username)).delete()
