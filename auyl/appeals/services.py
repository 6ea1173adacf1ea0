"""Write use cases for appeals: one function per action, each permission-checked, atomic and audited."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.core import audit, crypto, notifications
from auyl.core.calendar import add_days
from auyl.core.permissions import has_perm, require_perm
from auyl.core.rules import get_rule
from auyl.territory.identifiers import normalize_phone
from auyl.territory.models import Level, Resident, Territory

from .models import Appeal, AppealCounter, AppealStep, ApplicantKind, Channel, Topic

MAX_SUBJECT = 200
MAX_TEXT = 20_000
TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone


def tracking_hash(number: str, code: str) -> str:
    return crypto.keyed_hash(f"appeal:{number}:{code.strip().upper()}")


def _next_seq(territory: Territory, year: int) -> int:
    """Gap-free numbering: the counter row is locked until the registering transaction ends."""
    counter, _created = AppealCounter.objects.get_or_create(territory=territory, year=year)
    counter = AppealCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def primary_unit_of(territory: Territory) -> Territory:
    """The rural district (or town) an appeal about ``territory`` belongs to."""
    if territory.is_primary:
        return territory
    codes = territory.ancestor_codes()
    unit = (Territory.objects.filter(code__in=codes, level__in=[Level.RURAL_DISTRICT, Level.TOWN])
            .order_by("-depth").first())
    if unit is None:
        raise ValidationError({"territory": [_("Choose a rural district or a settlement within one.")]})
    return unit


def _clean_text(data: dict) -> dict:
    errors: dict[str, list[str]] = {}
    subject = (data.get("subject") or "").strip()
    text = (data.get("text") or "").strip()
    if not subject:
        errors["subject"] = [_("Give the subject of the appeal.")]
    elif len(subject) > MAX_SUBJECT:
        errors["subject"] = [_("The subject is too long (at most %(n)s characters).") % {"n": MAX_SUBJECT}]
    if not text:
        errors["text"] = [_("Write what the appeal is about.")]
    elif len(text) > MAX_TEXT:
        errors["text"] = [_("The text is too long (at most %(n)s characters).") % {"n": MAX_TEXT}]
    if errors:
        raise ValidationError(errors)
    return {"subject": subject, "text": text}


def _applicant(data: dict, resident: Resident | None) -> dict:
    """Requisites of the applicant (000:859): name, and a phone, e-mail or postal address to answer to."""
    kind = data.get("applicant_kind") or ApplicantKind.INDIVIDUAL
    if kind not in ApplicantKind.values:
        raise ValidationError({"applicant_kind": [_("Unknown kind of applicant.")]})
    name = (data.get("applicant_name") or (resident.full_name if resident else "")).strip()
    phone = (data.get("applicant_phone") or (resident.phone if resident else "")).strip()
    email = (data.get("applicant_email") or (resident.email if resident else "")).strip()
    address = (data.get("applicant_address") or (resident.address if resident else "")).strip()
    organization = (data.get("organization_name") or "").strip()
    errors: dict[str, list[str]] = {}
    if not name or len(name) > 300:
        errors["applicant_name"] = [_("Give the applicant's surname and name.")]
    if kind == ApplicantKind.LEGAL and not organization:
        errors["organization_name"] = [_("Give the name of the organisation.")]
    if phone:
        try:
            phone = normalize_phone(phone)
        except ValidationError as exc:
            errors["applicant_phone"] = exc.messages
    if not (phone or email or address):
        errors["applicant_phone"] = [_("Give a phone number, an e-mail or a postal address for the answer.")]
    if len(address) > 300 or len(organization) > 300 or len(email) > 254:
        errors.setdefault("applicant_address", [_("A field is too long.")])
    if errors:
        raise ValidationError(errors)
    return {"applicant_kind": kind, "applicant_name": name, "applicant_phone": phone, "applicant_email": email,
            "applicant_address": address, "organization_name": organization}


def _deadline(territory: Territory, start: dt.date, days_rule: str) -> dt.date:
    return add_days(start, get_rule(territory, days_rule), get_rule(territory, "appeals.day_mode"))


@transaction.atomic
def register_appeal(
    *, actor, territory: Territory, topic: Topic, channel: str, received_on: dt.date | None = None,
    resident: Resident | None = None, settlement: Territory | None = None, is_collective: bool = False,
    is_public: bool = False, idempotency_key: str | None = None, source_type: str = "", source_id: str = "",
    **data,
) -> tuple[Appeal, str]:
    """Register an appeal and return it with its secret tracking code (shown once, on the receipt).

    ``territory`` may be the rural district or a settlement in it. A repeated ``idempotency_key``
    (a double-click, a retried API call) returns the appeal already registered, with an empty code.
    """
    if idempotency_key:
        existing = Appeal.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing, ""
    unit = primary_unit_of(territory)
    if settlement is None and not territory.is_primary:
        settlement = territory
    _check_register_permission(actor, unit, resident, channel)
    if channel not in Channel.values:
        raise ValidationError({"channel": [_("Unknown channel.")]})
    if not topic.is_active:
        raise ValidationError({"topic": [_("This topic is no longer used: choose another.")]})
    today = timezone.localdate()
    received_on = received_on or today
    if received_on > today:
        raise ValidationError({"received_on": [_("The date of receipt cannot be in the future.")]})
    if settlement is not None and not settlement.path.startswith(unit.path):
        raise ValidationError({"settlement": [_("This settlement is not in the chosen rural district.")]})
    fields = _clean_text(data) | _applicant(data, resident)
    now = timezone.now()
    code = "".join(secrets.choice(TRACKING_ALPHABET) for _i in range(8))
    seq = _next_seq(unit, today.year)
    number = f"{unit.code}-{today.year}-{seq:05d}"
    consideration_deadline = _deadline(unit, received_on, "appeals.consideration_days")
    appeal = Appeal(
        territory=unit, territory_path=unit.path, settlement=settlement, year=today.year, seq=seq, number=number,
        tracking_code_hash=tracking_hash(number, code), idempotency_key=idempotency_key or None,
        channel=channel, received_on=received_on, registered_at=now,
        registered_by=actor if getattr(actor, "is_authenticated", False) else None,
        registration_due=_deadline(unit, received_on, "appeals.registration_days"),
        source_type=source_type, source_id=str(source_id), resident=resident, is_collective=is_collective,
        is_public=is_public, topic=topic, deadline=consideration_deadline,
        original_deadline=consideration_deadline, **fields,
    )
    try:
        with transaction.atomic():
            appeal.save()
    except IntegrityError:  # the same idempotency key registered concurrently
        existing = Appeal.objects.filter(idempotency_key=idempotency_key).first() if idempotency_key else None
        if existing is None:
            raise
        return existing, ""
    AppealStep.objects.create(appeal=appeal, kind="registered", actor=appeal.registered_by)
    audit.record(actor=actor or "system", action="appeal.registered", obj=appeal, territory=unit,
                 changes={"number": number, "channel": channel, "topic": topic.code,
                          "deadline": consideration_deadline})
    _send_receipt(appeal, code)
    return appeal, code


def _check_register_permission(actor, unit: Territory, resident: Resident | None, channel: str) -> None:
    if has_perm(actor, "appeal.register", unit):
        return
    # A signed-in resident files their own appeal online.
    own = resident is not None and getattr(actor, "resident_id", None) == resident.pk
    if own and channel == Channel.PORTAL:
        return
    raise PermissionDenied(_("You do not have permission to do this here."))


def _send_receipt(appeal: Appeal, code: str) -> None:
    text = _("Appeal %(number)s registered. Answer due by %(deadline)s. Tracking code: %(code)s") % {
        "number": appeal.number, "deadline": appeal.deadline.strftime("%d.%m.%Y"), "code": code}
    if appeal.applicant_phone:
        notifications.queue(channel="sms", recipient=appeal.applicant_phone, body=text, obj=appeal,
                            territory=appeal.territory, dedupe_key=f"appeal-receipt:{appeal.pk}")
    elif appeal.applicant_email:
        notifications.queue(channel="email", recipient=appeal.applicant_email, body=text,
                            subject=_("Appeal %(number)s") % {"number": appeal.number}, obj=appeal,
                            territory=appeal.territory, dedupe_key=f"appeal-receipt:{appeal.pk}")


def require(actor, action: str, appeal: Appeal) -> None:
    require_perm(actor, action, appeal.territory)
