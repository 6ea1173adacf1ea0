"""The applicant's secret tracking code: only its keyed hash is stored, compared in constant time."""

from __future__ import annotations

import hmac
import secrets

from auyl.core import crypto

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
