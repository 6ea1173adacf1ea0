"""Shorthands for writing questionnaire templates as data."""

from __future__ import annotations


def o(code, kk, ru, en, **extra):
    return {"code": code, "text": (kk, ru, en), **extra}


def q(code, kind, kk, ru, en, options=(), *, required=False, profile="", indicator="", source=""):
    return {
        "code": code,
        "kind": kind,
        "text": (kk, ru, en),
        "options": list(options),
        "required": required,
        "profile": profile,
        "indicator": indicator,
        "source": source,
    }
