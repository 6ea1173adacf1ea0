"""Write use cases of the registry of powers: bodies and the functions they exercise.

Each function is atomic, checks the actor's permission on the body's territory (the republic's bodies
need a national grant), validates its input (an unknown level, a level that does not match the unit, a
second function of the same name in one body, an unknown budget programme, negative staff time) and
writes an audit event. The duplication finder is in :mod:`.duplicates`, transfers in :mod:`.transfers`.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from auyl.core import audit

from . import selectors
from .models import LEVEL_OF_UNIT, Body, GovLevel, Power

MAX_NAME = 300
MAX_BASIS = 300
MAX_SOURCE = 100
MAX_STAFF_HOURS = Decimal("99999999")


def name_key(text: str) -> str:
    """A name compared without case and extra spaces (``Ярмарки`` and ``ярмарки `` are the same)."""
    return " ".join((text or "").split()).casefold()


def legal_basis_key(text: str) -> str:
    """A legal reference compared by its letters and digits only (``ст. 35-1, п.1`` = ``ст.35-1 п. 1``)."""
    return re.sub(r"[\W_]+", "", (text or "").casefold())


def require_on_path(actor, action: str, path: str) -> None:
    """``actor`` may perform ``action`` on the unit with ``path`` ("" = the republic: a national grant)."""
    if not selectors.covers(actor, action, path):
        raise PermissionDenied(_("You do not have permission to do this here."))


def _clean_level(level, territory) -> str:
    if level not in GovLevel.values:
        raise ValidationError({"level": [_("Unknown level of government: %(level)s.") % {"level": level}]})
    if level == GovLevel.REPUBLIC:
        if territory is not None:
            raise ValidationError(
                {"territory": [_("A body of the republic is not tied to a territorial unit.")]}
            )
        return level
    if territory is None:
        raise ValidationError({"territory": [_("Choose the territorial unit the body serves.")]})
    if LEVEL_OF_UNIT.get(territory.level) != level:
        raise ValidationError(
            {
                "level": [
                    _("%(unit)s is a %(kind)s: its bodies are not of this level.")
                    % {"unit": territory.name, "kind": territory.get_level_display().lower()}
                ]
            }
        )
    return level


def clean_names(name_kk: str, name_ru: str, prefix: str = "name") -> tuple[str, str]:
    name_kk, name_ru = " ".join((name_kk or "").split()), " ".join((name_ru or "").split())
    if not (name_kk or name_ru):
        raise ValidationError({f"{prefix}_ru": [_("Give the name in Kazakh or in Russian.")]})
    for field, value in ((f"{prefix}_kk", name_kk), (f"{prefix}_ru", name_ru)):
        if len(value) > MAX_NAME:
            raise ValidationError(
                {field: [_("The name is too long (at most %(n)s characters).") % {"n": MAX_NAME}]}
            )
    return name_kk, name_ru


@transaction.atomic
def create_body(*, actor, level: str, territory=None, name_kk: str = "", name_ru: str = "") -> Body:
    """Register a body of ``level`` serving ``territory`` (none for the republic)."""
    level = _clean_level(level, territory)
    path = territory.path if territory is not None else ""
    require_on_path(actor, "powers.manage", path)
    name_kk, name_ru = clean_names(name_kk, name_ru)
    key = name_key(name_ru or name_kk)
    if Body.objects.filter(territory=territory, name_key=key).exists():
        raise ValidationError({"name_ru": [_("This unit already has a body with this name.")]})
    body = Body.objects.create(
        level=level, territory=territory, territory_path=path, name_kk=name_kk, name_ru=name_ru, name_key=key
    )
    audit.record(
        actor=actor,
        action="powers.body_created",
        obj=body,
        territory=territory,
        changes={"level": [None, level], "name": [None, name_ru or name_kk]},
    )
    return body


def _clean_hours(staff_hours):
    if staff_hours in (None, ""):
        return None
    try:
        value = Decimal(str(staff_hours))
    except (InvalidOperation, ValueError):
        raise ValidationError({"staff_hours": [_("Give the staff time as a number of hours.")]}) from None
    if not value.is_finite() or value < 0:
        raise ValidationError({"staff_hours": [_("Staff time cannot be negative.")]})
    if value > MAX_STAFF_HOURS:
        raise ValidationError({"staff_hours": [_("This staff time is implausibly large.")]})
    return value.quantize(Decimal("0.1"))


def clean_programme(code: str, field: str = "programme_code") -> str:
    code = (code or "").strip()
    if code and selectors.programme(code) is None:
        raise ValidationError({field: [_("Unknown budget programme: %(code)s.") % {"code": code[:40]}]})
    return code


def _check_unique_name(body: Body, name_kk: str, name_ru: str) -> None:
    keys = {name_key(n) for n in (name_kk, name_ru) if n}
    for power in Power.objects.filter(body=body, ended_on__isnull=True).only("name_kk", "name_ru"):
        if keys & {name_key(power.name_kk), name_key(power.name_ru)} - {""}:
            raise ValidationError({"name_ru": [_("This body already exercises a function with this name.")]})


@transaction.atomic
def register_power(
    *,
    actor,
    body: Body,
    name_kk: str = "",
    name_ru: str = "",
    legal_basis: str = "",
    programme_code: str = "",
    staff_hours=None,
    source: str = "",
) -> Power:
    """Record that ``body`` exercises a function (its legal basis, programme and staff time if known)."""
    require_on_path(actor, "powers.manage", body.territory_path)
    name_kk, name_ru = clean_names(name_kk, name_ru)
    legal_basis = " ".join((legal_basis or "").split())
    if len(legal_basis) > MAX_BASIS:
        raise ValidationError(
            {"legal_basis": [_("The legal basis is too long (at most %(n)s characters).") % {"n": MAX_BASIS}]}
        )
    programme_code = clean_programme(programme_code)
    hours = _clean_hours(staff_hours)
    Body.objects.select_for_update().filter(pk=body.pk).first()  # serialise two registrations in one body
    _check_unique_name(body, name_kk, name_ru)
    power = Power.objects.create(
        body=body,
        level=body.level,
        territory_path=body.territory_path,
        name_kk=name_kk,
        name_ru=name_ru,
        name_key=name_key(name_ru or name_kk),
        legal_basis=legal_basis,
        legal_basis_key=legal_basis_key(legal_basis),
        programme_code=programme_code,
        staff_hours=hours,
        source=(source or "")[:MAX_SOURCE],
        created_by=actor,
    )
    audit.record(
        actor=actor,
        action="powers.power_registered",
        obj=power,
        territory=body.territory,
        changes={
            "body": [None, body.pk],
            "legal_basis": [None, legal_basis],
            "programme_code": [None, programme_code],
            "staff_hours": [None, str(hours or "")],
        },
    )
    return power


def end_power(*, actor, power: Power, on, reason: str) -> Power:
    """Mark ``power`` as no longer exercised (inside the caller's transaction, e.g. a transfer)."""
    power.ended_on = on
    power.save(update_fields=["ended_on", "updated_at"])
    audit.record(
        actor=actor,
        action="powers.power_ended",
        obj=power,
        territory=power.body.territory,
        changes={"ended_on": [None, on.isoformat()], "reason": [None, reason]},
    )
    return power
