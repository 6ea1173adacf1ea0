"""The client's IP address, for per-address limits (sign-in failures, SMS codes)."""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _valid(raw: str) -> str | None:
    try:
        return str(ipaddress.ip_address(raw.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or, behind ``TRUSTED_PROXY_COUNT`` reverse proxies (default 0), the address the
    outermost trusted proxy saw, read from the right of X-Forwarded-For.

    X-Forwarded-For is never trusted beyond that count: a client may put anything in it. Behind a
    proxy with the count left at 0, every request seems to come from the proxy and the per-address
    limits then apply to everybody at once, so production must set it (or have the proxy set
    REMOTE_ADDR).
    """
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies > 0:
        chain = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(chain) >= proxies:
            found = _valid(chain[-proxies])
            if found:
                return found
    return _valid(request.META.get("REMOTE_ADDR", ""))
