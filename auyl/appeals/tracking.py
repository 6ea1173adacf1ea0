"""The applicant's secret tracking code: only its keyed hash is stored, compared in constant time."""

from __future__ import annotations

import datetime as dt
import hmac
import secrets

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from auyl.core import crypto

from .models import TrackingFailure

TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone
CODE_LENGTH = 8


def new_code() -> str:
    return "".join(secrets.choice(TRACKING_ALPHABET) for _i in range(CODE_LENGTH))


def tracking_hash(number: str, code: str) -> str:
    return crypto.keyed_hash(f"appeal:{number}:{code.strip().upper()}")


def code_matches(appeal, code: str | None) -> bool:
    """Does ``code`` open ``appeal``? Constant-time, so that timing reveals nothing about the hash."""
    if not code or not isinstance(code, str) or len(code) > 64:
        return False
    return hmac.compare_digest(tracking_hash(appeal.number, code), appeal.tracking_code_hash)


def is_applicant(appeal, actor=None, tracking_code: str | None = None) -> bool:
    """The applicant proves who they are by the tracking code, or by being the signed-in resident."""
    if tracking_code and code_matches(appeal, tracking_code):
        return True
    resident_id = getattr(actor, "resident_id", None) if getattr(actor, "is_authenticated", False) else None
    return resident_id is not None and resident_id == appeal.resident_id


# --- guessing limits ---------------------------------------------------------------------------------
# A code has 8 characters of a 32-letter alphabet (40 bits). Wrong pairs are counted per appeal number and
# per IP address over a sliding window; past a limit every further try is refused (also a right one) until
# older failures leave the window. Settings: TRACKING_FAILURE_WINDOW_SECONDS (3600),
# TRACKING_MAX_FAILURES_PER_NUMBER (20), TRACKING_MAX_FAILURES_PER_IP (50: a school or office behind one
# address). The per-number limit lets a stranger block an applicant's tracking for at most the window;
# the applicant still has the SMS/e-mail answers and the office.

DEFAULT_WINDOW_SECONDS = 3600
DEFAULT_MAX_PER_NUMBER = 20
DEFAULT_MAX_PER_IP = 50
KEEP_FOR_SECONDS = 2 * 24 * 3600


def _limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _number_key(number: str) -> str:
    return crypto.keyed_hash(f"tracking-failure:{(number or '').strip().upper()[:40]}")


def is_locked(number: str, ip: str | None) -> bool:
    """Are tries for this number or from this address refused right now? (one query)"""
    since = timezone.now() - dt.timedelta(seconds=_limit("TRACKING_FAILURE_WINDOW_SECONDS", DEFAULT_WINDOW_SECONDS))
    key = _number_key(number)
    mine = Q(number_hash=key) | Q(ip_address=ip) if ip else Q(number_hash=key)
    counts = TrackingFailure.objects.filter(mine, created_at__gt=since).aggregate(
        by_number=Count("pk", filter=Q(number_hash=key)), by_ip=Count("pk", filter=Q(ip_address=ip) if ip else Q(pk=None)))
    return (counts["by_number"] >= _limit("TRACKING_MAX_FAILURES_PER_NUMBER", DEFAULT_MAX_PER_NUMBER)
            or (ip is not None and counts["by_ip"] >= _limit("TRACKING_MAX_FAILURES_PER_IP", DEFAULT_MAX_PER_IP)))


def record_failure(number: str, ip: str | None) -> None:
    TrackingFailure.objects.create(number_hash=_number_key(number), ip_address=ip or None)


def prune_failures(now=None) -> int:
    """Drop failures older than two days (called by the appeals' periodic job)."""
    cutoff = (now or timezone.now()) - dt.timedelta(seconds=KEEP_FOR_SECONDS)
    return TrackingFailure.objects.filter(created_at__lt=cutoff).delete()[0]
