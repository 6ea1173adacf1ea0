"""Residents sign in with their phone number and a one-time code sent by SMS.

* A code is 6 random digits (``secrets``); only an HMAC of phone and code with a server key
  (:func:`auyl.core.crypto.keyed_hash`) is stored, so a database dump without the key does not
  give the codes away, not even by trying all 10^6 of them.
* A code lives ``OTP_TTL_SECONDS`` and allows ``OTP_MAX_ATTEMPTS`` tries; only the newest unused
  code of a phone counts.
* Requests are limited per phone (``OTP_MAX_PER_PHONE_PER_HOUR``) and per IP address
  (``OTP_MAX_PER_IP_PER_HOUR``), counted in the ``OneTimeCode`` table.
* The answer is the same whether or not the number belongs to anybody (no account enumeration);
  a staff account is refused only after its code was verified, so only the phone's owner learns it.
"""

from __future__ import annotations

import datetime as dt
import hmac
import logging
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from auyl.core import crypto, sms
from auyl.territory.identifiers import normalize_phone

from . import services
from .models import OneTimeCode, User

logger = logging.getLogger(__name__)

CODE_DIGITS = 6
KEEP_FOR = dt.timedelta(days=1)


def code_hash(phone: str, code: str) -> str:
    return crypto.keyed_hash(f"otp:{phone}:{code}")


def _normalize(phone: str) -> str:
    try:
        return normalize_phone(phone)
    except ValidationError as exc:
        raise ValidationError(exc.messages[0], code="phone_format") from None


def _too_many_requests() -> ValidationError:
    return ValidationError(
        _("Too many codes have been requested. Please try again in an hour."), code="too_many_requests"
    )


def request_code(phone: str, ip: str | None = None, *, language: str | None = None) -> str:
    """Send a new sign-in code to ``phone``; return the normalised number.

    Raises ValidationError (``phone_format``, ``too_many_requests``, ``sms_failed``).
    """
    phone = _normalize(phone)
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    with transaction.atomic():
        now = timezone.now()
        hour_ago = now - dt.timedelta(hours=1)
        recent = OneTimeCode.objects.filter(created_at__gt=hour_ago)
        if recent.filter(phone=phone).count() >= settings.OTP_MAX_PER_PHONE_PER_HOUR:
            raise _too_many_requests()
        if ip and recent.filter(ip_address=ip).count() >= settings.OTP_MAX_PER_IP_PER_HOUR:
            raise _too_many_requests()
        OneTimeCode.objects.filter(created_at__lt=now - KEEP_FOR).delete()
        OneTimeCode.objects.create(
            phone=phone,
            code_hash=code_hash(phone, code),
            expires_at=now + dt.timedelta(seconds=settings.OTP_TTL_SECONDS),
            ip_address=ip or None,
        )
    minutes = max(1, settings.OTP_TTL_SECONDS // 60)
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        text = _("auyl sign-in code: %(code)s. Valid for %(minutes)s minutes. Do not tell it to anyone.") % {
            "code": code,
            "minutes": minutes,
        }
    try:
        sms.send_sms(phone, text)
    except sms.SmsError:
        logger.exception("could not send the sign-in code by SMS")
        raise ValidationError(
            _("The SMS could not be sent. Please try again in a few minutes."), code="sms_failed"
        ) from None
    return phone


# Outcomes of checking a code, decided inside the transaction and raised after it commits
# (a raise inside would roll back the attempt counter).
_OK, _NONE, _EXPIRED, _DEAD, _WRONG, _WRONG_LAST = "ok", "none", "expired", "dead", "wrong", "wrong_last"


def _check(phone: str, code: str) -> tuple[str, int]:
    with transaction.atomic():
        row = (
            OneTimeCode.objects.select_for_update()
            .filter(phone=phone, used_at__isnull=True)
            .order_by("-created_at", "-pk")
            .first()
        )
        if row is None:
            return _NONE, 0
        now = timezone.now()
        if row.expires_at <= now:
            return _EXPIRED, 0
        if row.attempts >= settings.OTP_MAX_ATTEMPTS:
            return _DEAD, 0
        if hmac.compare_digest(row.code_hash, code_hash(phone, code)):
            row.used_at = now
            row.save(update_fields=["used_at"])
            return _OK, 0
        row.attempts += 1
        row.save(update_fields=["attempts"])
        left = settings.OTP_MAX_ATTEMPTS - row.attempts
        return (_WRONG_LAST if left <= 0 else _WRONG), left


def verify_code(phone: str, code: str) -> User:
    """Check ``code`` for ``phone``; on success the code is used up and the resident's account
    (found or created, see :func:`auyl.accounts.services.account_for_phone`) is returned.

    Raises ValidationError with code ``phone_format``, ``code_format``, ``no_code``, ``expired``,
    ``too_many_attempts``, ``wrong_code``, ``staff_account`` or ``inactive``.
    """
    phone = _normalize(phone)
    code = (code or "").replace(" ", "").strip()
    if len(code) != CODE_DIGITS or not code.isdigit() or not code.isascii():
        raise ValidationError(_("Enter the 6-digit code from the SMS."), code="code_format")
    outcome, left = _check(phone, code)
    if outcome == _NONE:
        raise ValidationError(
            _("There is no valid code for this number. Please request a new one."), code="no_code"
        )
    if outcome == _EXPIRED:
        raise ValidationError(_("This code has expired. Please request a new one."), code="expired")
    if outcome in (_DEAD, _WRONG_LAST):
        raise ValidationError(
            _("Too many wrong attempts: this code no longer works. Please request a new one."),
            code="too_many_attempts",
        )
    if outcome == _WRONG:
        raise ValidationError(_("Wrong code. Attempts left: %(left)s.") % {"left": left}, code="wrong_code")
    return services.account_for_phone(phone=phone)
