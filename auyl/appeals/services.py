"""Write use cases for appeals: one function per action, each permission-checked, atomic and audited.

Registration lives here; the later actions live in :mod:`.workflow` (assign, extend, redirect, answer,
mark executed), :mod:`.feedback` (rating, re-examination, repeats, groups), :mod:`.attachments` and
:mod:`.clocks` (the periodic job), and are all importable from this module.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.core import audit
from auyl.core.calendar import Window, add_days
from auyl.core.errors import TooManyAttempts
from auyl.core.permissions import has_perm
from auyl.core.rules import get_rule
from auyl.territory.identifiers import normalize_phone
from auyl.territory.models import Level, Resident, Territory

from . import repeats, risk, tracking
from .attachments import add_attachment
from .clocks import run_clocks
from .feedback import confirm_repeat, group_appeals, rate, request_reexamination
from .history import notify_applicant, require
from .models import ApiClient, Appeal, AppealCounter, AppealStep, ApplicantKind, Channel, CoSigner, Topic
from .selectors import find_by_tracking
from .tracking import TRACKING_ALPHABET, new_code, tracking_hash
from .workflow import answer, assign, extend_deadline, mark_executed, redirect

__all__ = [
    "TRACKING_ALPHABET", "add_attachment", "answer", "assign", "confirm_repeat", "extend_deadline",
    "group_appeals", "mark_executed", "open_by_tracking", "primary_unit_of", "rate", "redirect", "register_appeal",
    "request_reexamination", "require", "run_clocks", "tracking_hash",
]

MAX_SUBJECT = 200
MAX_TEXT = 20_000
MAX_COSIGNERS = 500


def _next_seq(territory: Territory, year: int) -> int:
    """Gap-free numbering: one ``UPDATE … RETURNING`` increments the counter and locks its row until the
    registering transaction ends (so a rollback gives the number back); the year's first appeal creates
    the row first."""
    table = connection.ops.quote_name(AppealCounter._meta.db_table)
    sql = f"UPDATE {table} SET last_number = last_number + 1 WHERE territory_id = %s AND year = %s RETURNING last_number"
    for _attempt in range(2):
        with connection.cursor() as cursor:
            cursor.execute(sql, [territory.pk, year])
            row = cursor.fetchone()
        if row is not None:
            return row[0]
        AppealCounter.objects.get_or_create(territory=territory, year=year)
    raise RuntimeError("the appeal counter row could not be created")  # pragma: no cover


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
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["applicant_email"] = [_("Enter a valid e-mail address.")]
    if not (phone or email or address):
        errors["applicant_phone"] = [_("Give a phone number, an e-mail or a postal address for the answer.")]
    if len(address) > 300 or len(organization) > 300 or len(email) > 254:
        errors.setdefault("applicant_address", [_("A field is too long.")])
    if errors:
        raise ValidationError(errors)
    return {"applicant_kind": kind, "applicant_name": name, "applicant_phone": phone, "applicant_email": email,
            "applicant_address": address, "organization_name": organization}


def _deadline(territory: Territory, start: dt.date, days_rule: str, window: Window | None = None) -> dt.date:
    return add_days(start, get_rule(territory, days_rule), get_rule(territory, "appeals.day_mode"), window)


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
    A likely repeat of the applicant's earlier answered appeal is suggested (``repeat_of``, unconfirmed)
    and the risk is computed. Everything is checked before the number is taken, and the number is taken
    in the same transaction as the appeal is stored, so a failure never leaves a gap.
    ``api_client=`` (an active :class:`ApiClient`, Open311) may register portal appeals within its unit.
    """
    api_client = data.pop("api_client", None)  # an Open311 client app filing for a resident
    unit, settlement = _place(territory, settlement)
    _check_register_permission(actor, unit, resident, channel, api_client)
    if idempotency_key:  # after the permission check: a key never reveals an appeal one may not file
        existing = Appeal.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing, ""
    received_on = _check_matter(topic, channel, received_on)
    cosigners = _clean_cosigners(data.pop("cosigners", None), is_collective)
    fields = _clean_text(data) | _applicant(data, resident)
    window = Window(received_on, received_on + dt.timedelta(days=62))  # both deadlines, one calendar read
    consideration_deadline = _deadline(unit, received_on, "appeals.consideration_days", window)
    appeal = Appeal(
        territory=unit, territory_path=unit.path, settlement=settlement, idempotency_key=idempotency_key or None,
        channel=channel, received_on=received_on, registered_at=timezone.now(),
        registered_by=actor if getattr(actor, "is_authenticated", False) else None,
        registration_due=_deadline(unit, received_on, "appeals.registration_days", window),
        source_type=source_type, source_id=str(source_id), resident=resident, is_collective=bool(is_collective),
        is_public=bool(is_public), topic=topic, deadline=consideration_deadline,
        original_deadline=consideration_deadline, **fields,
    )
    # Matching and scoring run before numbering: the counter row stays locked as briefly as possible.
    appeal.repeat_of = repeats.find_repeat_of(topic=topic, text=repeats.matter(appeal), resident=resident,
                                              phone=appeal.applicant_phone, territory=unit)
    risk.recompute(appeal)
    code = new_code()
    stored = _number_and_save(appeal, code, idempotency_key)
    if stored is not appeal:
        return stored, ""
    CoSigner.objects.bulk_create([CoSigner(appeal=appeal, name=name, resident=person) for name, person in cosigners])
    AppealStep.objects.create(appeal=appeal, kind="registered", actor=appeal.registered_by)
    audit.record(actor=actor or (f"api:{api_client.name}"[:150] if api_client else "system"),
                 action="appeal.registered", obj=appeal, territory=unit,
                 changes={"number": appeal.number, "channel": channel, "topic": topic.code,
                          "deadline": consideration_deadline, "repeat_of": appeal.repeat_of_id,
                          "risk_points": appeal.risk_points, "cosigners": len(cosigners)})
    _send_receipt(appeal, code)
    return appeal, code


def open_by_tracking(*, number: str, code: str, ip: str | None) -> Appeal | None:
    """The appeal that ``number`` + ``code`` open, or None (and the wrong pair is counted).

    Raises :class:`TooManyAttempts` while this number or this address has too many recent wrong pairs
    (:mod:`.tracking`); the check happens before the code is compared, so a locked number reveals nothing.
    """
    if tracking.is_locked(number, ip):
        raise TooManyAttempts(_("Too many wrong attempts. Try again in an hour."))
    appeal = find_by_tracking(number, code)
    if appeal is None:
        tracking.record_failure(number, ip)
    return appeal


def _number_and_save(appeal: Appeal, code: str, idempotency_key: str | None) -> Appeal:
    """Take the next number and store the appeal in one savepoint: if the insert fails, the counter
    goes back too. Returns the appeal stored under the same idempotency key when one won the race."""
    unit, year = appeal.territory, timezone.localdate().year
    try:  # a savepoint only when an equal key may win a race; otherwise an error fails the whole transaction
        with transaction.atomic(savepoint=bool(idempotency_key)):
            appeal.year, appeal.seq = year, _next_seq(unit, year)
            appeal.number = f"{unit.code}-{year}-{appeal.seq:05d}"
            appeal.tracking_code_hash = tracking_hash(appeal.number, code)
            appeal.save()
    except IntegrityError:  # the same idempotency key registered concurrently
        existing = Appeal.objects.filter(idempotency_key=idempotency_key).first() if idempotency_key else None
        if existing is None:
            raise
        return existing
    return appeal


def _place(territory, settlement) -> tuple[Territory, Territory | None]:
    if not isinstance(territory, Territory) or not territory.is_active:
        raise ValidationError({"territory": [_("Choose a rural district or a settlement within one.")]})
    unit = primary_unit_of(territory)
    if settlement is None and not territory.is_primary:
        settlement = territory
    if settlement is not None and (not isinstance(settlement, Territory) or not settlement.path.startswith(unit.path)):
        raise ValidationError({"settlement": [_("This settlement is not in the chosen rural district.")]})
    return unit, settlement


def _clean_cosigners(cosigners, is_collective: bool) -> list[tuple[str, Resident | None]]:
    """Co-signers of a collective appeal: names (blank lines dropped) or registry entries."""
    cleaned = []
    for item in cosigners or []:
        person = item if isinstance(item, Resident) else None
        name = (person.full_name if person else item if isinstance(item, str) else "").strip()
        if len(name) > 300:
            raise ValidationError({"cosigners": [_("A co-signer's name is too long (at most 300 characters).")]})
        if name:
            cleaned.append((name, person))
    if len(cleaned) > MAX_COSIGNERS:
        raise ValidationError({"cosigners": [_("At most %(n)s co-signers.") % {"n": MAX_COSIGNERS}]})
    if cleaned and not is_collective:
        raise ValidationError({"is_collective": [_("Co-signers are listed: mark the appeal as collective.")]})
    return cleaned


def _check_matter(topic, channel: str, received_on) -> dt.date:
    """Channel, topic and date of receipt; returns the date (today when not given)."""
    if channel not in Channel.values:
        raise ValidationError({"channel": [_("Unknown channel.")]})
    if not isinstance(topic, Topic) or topic.pk is None:
        raise ValidationError({"topic": [_("Choose the topic of the appeal.")]})
    if not topic.is_active:
        raise ValidationError({"topic": [_("This topic is no longer used: choose another.")]})
    today = timezone.localdate()
    if received_on is None:
        return today
    if not isinstance(received_on, dt.date) or isinstance(received_on, dt.datetime):
        raise ValidationError({"received_on": [_("Give the date the appeal was received.")]})
    if received_on > today:
        raise ValidationError({"received_on": [_("The date of receipt cannot be in the future.")]})
    return received_on


def _check_register_permission(actor, unit: Territory, resident: Resident | None, channel: str,
                               api_client: ApiClient | None = None) -> None:
    if has_perm(actor, "appeal.register", unit):
        return
    # An active Open311 client app files online within the unit its key is limited to.
    if isinstance(api_client, ApiClient) and api_client.is_active and channel == Channel.PORTAL and (
            api_client.territory_id is None or unit.path.startswith(api_client.territory.path)):
        return
    # A signed-in resident files their own appeal online.
    own = resident is not None and getattr(actor, "resident_id", None) == resident.pk
    if own and channel == Channel.PORTAL:
        return
    raise PermissionDenied(_("You do not have permission to do this here."))


def _send_receipt(appeal: Appeal, code: str) -> None:
    text = _("Appeal %(number)s registered. Answer due by %(deadline)s. Tracking code: %(code)s") % {
        "number": appeal.number, "deadline": appeal.deadline.strftime("%d.%m.%Y"), "code": code}
    notify_applicant(appeal, text, dedupe_key=None)  # sent once, by the transaction that numbered it
