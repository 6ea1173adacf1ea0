"""Write use cases for the residents registry and territorial offices."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.core import audit, crypto
from auyl.core.permissions import require_perm

from .identifiers import normalize_phone, parse_iin
from .models import Level, Office, Resident, ResidentMerge, Territory

RESIDENT_AUDIT_FIELDS = [
    "last_name", "first_name", "middle_name", "birth_date", "sex", "settlement_id", "address", "phone",
    "email", "consent_at", "is_active",
]
MAX_NAME = 100
MAX_ADDRESS = 300


def iin_lookup_hash(iin: str) -> str:
    return crypto.keyed_hash(iin)


def _clean_person(data: dict) -> dict:
    """Validate and normalise the personal fields a form or the API sends; raise one ValidationError
    with a message per field."""
    errors: dict[str, list[str]] = {}
    cleaned: dict = {}
    for field, label in (("last_name", _("Surname")), ("first_name", _("First name"))):
        value = (data.get(field) or "").strip()
        if not value:
            errors[field] = [_("%(field)s is required.") % {"field": label}]
        elif len(value) > MAX_NAME:
            errors[field] = [_("%(field)s is too long (at most %(n)s characters).") % {"field": label, "n": MAX_NAME}]
        cleaned[field] = value
    middle = (data.get("middle_name") or "").strip()
    if len(middle) > MAX_NAME:
        errors["middle_name"] = [_("Patronymic is too long (at most %(n)s characters).") % {"n": MAX_NAME}]
    cleaned["middle_name"] = middle
    address = (data.get("address") or "").strip()
    if len(address) > MAX_ADDRESS:
        errors["address"] = [_("Address is too long (at most %(n)s characters).") % {"n": MAX_ADDRESS}]
    cleaned["address"] = address
    phone = (data.get("phone") or "").strip()
    if phone:
        try:
            phone = normalize_phone(phone)
        except ValidationError as exc:
            errors["phone"] = exc.messages
    cleaned["phone"] = phone
    email = (data.get("email") or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Enter a valid e-mail address.")]
    cleaned["email"] = email
    if errors:
        raise ValidationError(errors)
    return cleaned


def _settlement(settlement: Territory) -> Territory:
    if settlement.level not in (Level.SETTLEMENT, Level.TOWN):
        raise ValidationError({"settlement": [_("Choose a settlement (village) as the place of residence.")]})
    return settlement


@transaction.atomic
def register_resident(
    *, actor, settlement: Territory, iin: str = "", consent: bool = False, **person
) -> Resident:
    """Add a person to the registry of ``settlement``.

    The IIN is optional (a resident may be registered before showing a document) but, when given,
    must be valid and unique; birth date and sex are then taken from it.
    """
    require_perm(actor, "resident.create", settlement)
    _settlement(settlement)
    cleaned = _clean_person(person)
    resident = Resident(settlement=settlement, territory_path=settlement.path, **cleaned)
    if iin:
        _set_iin(resident, iin)
    elif person.get("birth_date"):
        resident.birth_date = person["birth_date"]
        if resident.birth_date > dt.date.today():
            raise ValidationError({"birth_date": [_("The birth date cannot be in the future.")]})
    if person.get("sex") and not iin:
        resident.sex = person["sex"]
    if consent:
        resident.consent_at = timezone.now()
    resident.search_name = _search_name(resident)
    resident.save()
    audit.record(
        actor=actor, action="resident.registered", obj=resident, territory=settlement,
        changes=audit.snapshot(resident, RESIDENT_AUDIT_FIELDS) | {"iin": resident.iin_masked},
    )
    return resident


@transaction.atomic
def update_resident(*, actor, resident: Resident, settlement: Territory | None = None, iin: str = "",
                    consent: bool | None = None, **person) -> Resident:
    resident = Resident.objects.select_for_update().get(pk=resident.pk)
    require_perm(actor, "resident.edit", resident.settlement)
    if resident.merged_into_id:
        raise ValidationError(_("This record was merged into another one and can no longer be changed."))
    before = audit.snapshot(resident, RESIDENT_AUDIT_FIELDS)
    before_iin = resident.iin_masked
    if settlement is not None and settlement.pk != resident.settlement_id:
        require_perm(actor, "resident.edit", settlement)
        resident.settlement = _settlement(settlement)
        resident.territory_path = settlement.path
    for key, value in _clean_person({**_person_dict(resident), **person}).items():
        setattr(resident, key, value)
    if iin:
        _set_iin(resident, iin)
    if consent is True and resident.consent_at is None:
        resident.consent_at = timezone.now()
    elif consent is False:
        resident.consent_at = None
    resident.search_name = _search_name(resident)
    resident.save()
    changes = audit.diff(before, audit.snapshot(resident, RESIDENT_AUDIT_FIELDS))
    if resident.iin_masked != before_iin:
        changes["iin"] = [before_iin, resident.iin_masked]
    if changes:
        audit.record(actor=actor, action="resident.updated", obj=resident, territory=resident.settlement,
                     changes=changes)
    return resident


@transaction.atomic
def merge_residents(*, actor, keep: Resident, duplicate: Resident, reason: str) -> Resident:
    """Merge ``duplicate`` into ``keep``: empty fields of ``keep`` are filled from the duplicate, the
    duplicate is deactivated and points to ``keep``; a snapshot of it stays in the merge history."""
    if keep.pk == duplicate.pk:
        raise ValidationError(_("A record cannot be merged with itself."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for the merge.")]})
    keep = Resident.objects.select_for_update().get(pk=keep.pk)
    duplicate = Resident.objects.select_for_update().get(pk=duplicate.pk)
    require_perm(actor, "resident.merge", keep.settlement)
    require_perm(actor, "resident.merge", duplicate.settlement)
    if keep.merged_into_id or duplicate.merged_into_id:
        raise ValidationError(_("One of these records has already been merged."))
    if keep.iin_hash and duplicate.iin_hash and keep.iin_hash != duplicate.iin_hash:
        raise ValidationError(_("These records have different IINs: they are different people."))
    snapshot = audit.snapshot(duplicate, RESIDENT_AUDIT_FIELDS) | {"id": duplicate.pk, "iin": duplicate.iin_masked}
    filled = {}
    for field in ("middle_name", "address", "phone", "email", "birth_date", "sex"):
        if not getattr(keep, field) and getattr(duplicate, field):
            setattr(keep, field, getattr(duplicate, field))
            filled[field] = audit.snapshot(duplicate, [field])[field]
    if not keep.iin_hash and duplicate.iin_hash:
        keep.iin_hash, keep.iin_encrypted, keep.iin_last4 = (
            duplicate.iin_hash, duplicate.iin_encrypted, duplicate.iin_last4)
        duplicate.iin_hash = None
        filled["iin"] = keep.iin_masked
    if keep.consent_at is None and duplicate.consent_at is not None:
        keep.consent_at = duplicate.consent_at
    duplicate.merged_into = keep
    duplicate.is_active = False
    duplicate.save()
    keep.search_name = _search_name(keep)
    keep.save()
    ResidentMerge.objects.create(kept=keep, merged=duplicate, reason=reason, snapshot=snapshot,
                                 merged_by=actor if actor.is_authenticated else None)
    audit.record(actor=actor, action="resident.merged", obj=keep, territory=keep.settlement,
                 changes={"merged_id": duplicate.pk, "filled": filled, "reason": reason})
    return keep


@transaction.atomic
def reveal_iin(*, actor, resident: Resident) -> str:
    """Return the full IIN to someone allowed to see it; every reveal is an audit event."""
    require_perm(actor, "resident.view_iin", resident.settlement)
    if not resident.iin_encrypted:
        return ""
    audit.record(actor=actor, action="resident.iin_revealed", obj=resident, territory=resident.settlement)
    return crypto.decrypt(resident.iin_encrypted)


@transaction.atomic
def update_office(*, actor, territory: Territory, **fields) -> Office:
    require_perm(actor, "territory.edit", territory)
    if not territory.is_primary:
        raise ValidationError(_("Only a rural district or a town has an akim's office."))
    office, _created = Office.objects.select_for_update().get_or_create(territory=territory)
    names = ["akim_name", "address_kk", "address_ru", "phone", "email", "reception_kk", "reception_ru",
             "reception_en"]
    before = audit.snapshot(office, names)
    for key, value in fields.items():
        if key not in names:
            raise ValidationError(_("Unknown field: %(field)s") % {"field": key})
        setattr(office, key, (value or "").strip())
    if office.phone:
        try:
            office.phone = normalize_phone(office.phone)
        except ValidationError as exc:
            raise ValidationError({"phone": exc.messages}) from None
    office.full_clean()
    office.save()
    audit.record(actor=actor, action="office.updated", obj=office, territory=territory,
                 changes=audit.diff(before, audit.snapshot(office, names)))
    return office


def _set_iin(resident: Resident, raw: str) -> None:
    try:
        info = parse_iin(raw)
    except ValidationError as exc:
        raise ValidationError({"iin": exc.messages}) from None
    digest = iin_lookup_hash(info.iin)
    clash = Resident.objects.filter(iin_hash=digest).exclude(pk=resident.pk).first()
    if clash is not None:
        raise ValidationError({"iin": [_("A resident with this IIN is already registered.")]})
    resident.iin_hash = digest
    resident.iin_encrypted = crypto.encrypt(info.iin)
    resident.iin_last4 = info.iin[-4:]
    resident.birth_date = info.birth_date
    resident.sex = info.sex


def _person_dict(resident: Resident) -> dict:
    return {f: getattr(resident, f) for f in ("last_name", "first_name", "middle_name", "address", "phone", "email")}


def _search_name(resident: Resident) -> str:
    return " ".join(p for p in (resident.last_name, resident.first_name, resident.middle_name) if p).casefold()
