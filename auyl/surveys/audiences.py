"""Who may answer a survey: residents of a territory, members of a body, or anyone.

A body is a generic reference (``body_kind``, ``body_id``) so surveys need no foreign key into the app
that owns the body. Each kind registers how to list the bodies of a territory and how to tell whether a
resident is a member on a day; the maslikhat-level council of a rural district is registered here
through :mod:`auyl.council.selectors`, and other apps may add theirs with :func:`register_body_kind`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import Audience, Survey


@dataclass(frozen=True)
class BodyKind:
    key: str
    label: str
    bodies_of: Callable  # (territory) -> list[(id, label)]
    is_member: Callable  # (body_id: str, resident, day) -> bool


BODY_KINDS: dict[str, BodyKind] = {}


def register_body_kind(key: str, label, bodies_of: Callable, is_member: Callable) -> BodyKind:
    kind = BodyKind(key, label, bodies_of, is_member)
    BODY_KINDS[key] = kind
    return kind


def body_choices(territory) -> list[tuple[str, str]]:
    """``("kind:id", label)`` for every body of ``territory`` that surveys can address."""
    choices = []
    for kind in BODY_KINDS.values():
        for body_id, label in kind.bodies_of(territory):
            choices.append((f"{kind.key}:{body_id}", f"{kind.label}: {label}"))
    return choices


def body_label(survey: Survey) -> str:
    kind = BODY_KINDS.get(survey.body_kind)
    if kind is None or survey.territory is None:
        return ""
    return dict(kind.bodies_of(survey.territory)).get(survey.body_id, "")


def is_in_audience(survey: Survey, resident, day: dt.date) -> bool:
    """Does ``resident`` (a registry entry, or None) belong to the survey's audience on ``day``?"""
    if survey.audience == Audience.OPEN:
        return True
    if resident is None or not resident.is_active:
        return False
    if survey.audience == Audience.RESIDENTS:
        return resident.territory_path.startswith(survey.territory_path)
    kind = BODY_KINDS.get(survey.body_kind)
    return kind is not None and kind.is_member(survey.body_id, resident, day)


# ---- The rural district's council (maslikhat-level body of local self-government) --------------------


def _councils_of(territory) -> list[tuple[str, str]]:
    from auyl.council import selectors as council_selectors

    council = council_selectors.current_or_latest(territory)
    if council is None:
        return []
    return [(str(council.pk), f"{council.term_start:%Y}–{council.term_end:%Y}")]


def _council_member(body_id: str, resident, day: dt.date) -> bool:
    from auyl.council import selectors as council_selectors  # through the council's selectors only

    return council_selectors.is_member_on(body_id, resident, day)


register_body_kind("council.council", _("Council of the rural district"), _councils_of, _council_member)
