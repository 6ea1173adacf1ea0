"""TOTP second factor for staff (RFC 6238, 30-second steps, 6 digits, via pyotp).

The secret is stored Fernet-encrypted; a code is accepted once (replay of the same time step is
refused) within one step of clock drift.
"""

from __future__ import annotations

import pyotp
from django.db import transaction
from django.utils import timezone

from auyl.core import crypto

from .models import User

ISSUER = "auyl"


def new_secret() -> str:
    return pyotp.random_base32()


def secret_of(user: User) -> str:
    return crypto.decrypt(user.totp_secret_encrypted) if user.totp_secret_encrypted else ""


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=ISSUER)


def set_secret(user: User, secret: str, *, confirmed: bool) -> None:
    user.totp_secret_encrypted = crypto.encrypt(secret)
    user.totp_confirmed_at = timezone.now() if confirmed else None
    user.totp_last_counter = None
    user.save(update_fields=["totp_secret_encrypted", "totp_confirmed_at", "totp_last_counter"])


def current_code(secret: str) -> str:
    return pyotp.TOTP(secret).now()


@transaction.atomic
def verify(user: User, code: str, *, secret: str | None = None) -> bool:
    """Check ``code`` against the user's secret (or ``secret`` during enrolment); refuse replays."""
    code = (code or "").strip().replace(" ", "")
    if not code.isdigit() or len(code) != 6:
        return False
    user = User.objects.select_for_update().get(pk=user.pk)
    secret = secret or secret_of(user)
    if not secret:
        return False
    totp = pyotp.TOTP(secret)
    now_counter = totp.timecode(timezone.now())
    for counter in (now_counter - 1, now_counter, now_counter + 1):
        if pyotp.utils.strings_equal(totp.generate_otp(counter), code):
            if user.totp_last_counter is not None and counter <= user.totp_last_counter:
                return False
            user.totp_last_counter = counter
            user.save(update_fields=["totp_last_counter"])
            return True
    return False


def is_enrolled(user: User) -> bool:
    return bool(user.totp_secret_encrypted and user.totp_confirmed_at)


@transaction.atomic
def confirm(user: User, code: str) -> bool:
    """Enrolment: the first correct code for the pending (unconfirmed) secret confirms it.

    Unlike ``set_secret(..., confirmed=True)`` this keeps the counter that :func:`verify` just
    stored, so the code used to confirm cannot be replayed for a sign-in.
    """
    if not verify(user, code):
        return False
    now = timezone.now()
    User.objects.filter(pk=user.pk).update(totp_confirmed_at=now)
    user.totp_confirmed_at = now
    return True
