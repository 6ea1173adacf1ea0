"""Pluggable SMS gateway.

``SMS_BACKEND`` selects ``console`` (prints, development), ``file`` (appends a line to
``SMS_FILE_PATH``, tests and demos), ``locmem`` (keeps messages in :data:`outbox`, tests) or
``http`` (POSTs JSON ``{"phone", "text"}`` to ``SMS_HTTP_URL`` with a bearer token).
"""

from __future__ import annotations

import json
import sys
import urllib.request

from django.conf import settings
from django.utils import timezone

outbox: list[dict[str, str]] = []


class SmsError(Exception):
    pass


def send_sms(phone: str, text: str) -> None:
    backend = settings.SMS_BACKEND
    if backend == "console":
        sys.stdout.write(f"[SMS to {phone}] {text}\n")
        sys.stdout.flush()
    elif backend == "locmem":
        outbox.append({"phone": phone, "text": text})
    elif backend == "file":
        with open(settings.SMS_FILE_PATH, "a", encoding="utf-8") as fh:
            fh.write(f"{timezone.now().isoformat()}\t{phone}\t{text}\n")
    elif backend == "http":
        if not settings.SMS_HTTP_URL:
            raise SmsError("SMS_HTTP_URL is not configured")
        request = urllib.request.Request(
            settings.SMS_HTTP_URL,
            data=json.dumps({"phone": phone, "text": text}).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {settings.SMS_HTTP_TOKEN}"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (configured URL)
                if response.status >= 300:
                    raise SmsError(f"SMS gateway answered {response.status}")
        except OSError as exc:
            raise SmsError(str(exc)) from exc
    else:
        raise SmsError(f"unknown SMS_BACKEND {backend!r}")
