"""Keyed hashing and field encryption for personal data (IIN, TOTP secrets).

A database dump without the keys reveals neither IINs nor second-factor secrets: lookup goes
through an HMAC-SHA256 of the normalised value, and the value itself is Fernet-encrypted.
Keys come from settings (IIN_HASH_KEY, FIELD_ENCRYPTION_KEY) or, when unset, are derived from
SECRET_KEY with distinct labels.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _derive(label: str) -> bytes:
    return hashlib.sha256(f"auyl:{label}:{settings.SECRET_KEY}".encode()).digest()


@lru_cache(maxsize=4)
def _hash_key(configured: str, secret: str) -> bytes:
    return configured.encode() if configured else _derive("iin-hash")


@lru_cache(maxsize=4)
def _fernet(configured: str, secret: str) -> Fernet:
    key = configured.encode() if configured else base64.urlsafe_b64encode(_derive("field-encryption"))
    return Fernet(key)


def keyed_hash(value: str) -> str:
    key = _hash_key(settings.IIN_HASH_KEY, settings.SECRET_KEY)
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()


def encrypt(value: str) -> str:
    return _fernet(settings.FIELD_ENCRYPTION_KEY, settings.SECRET_KEY).encrypt(value.encode("utf-8")).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet(settings.FIELD_ENCRYPTION_KEY, settings.SECRET_KEY).decrypt(token.encode()).decode("utf-8")
    except InvalidToken as exc:  # wrong key or damaged value: never return garbage
        raise ValueError("cannot decrypt value: wrong key or damaged data") from exc
