"""Signing an initiative and voting: one per resident, under any concurrency, and ballots kept secret.

This follows the civic-project vote (:mod:`auyl.initiatives.voting`, read its design notes and limits):

* **One per person** is a unique constraint — (referendum, resident) on :class:`~.models.Signature` and
  on :class:`~.models.Turnout` — and each row is written with one ``INSERT … SELECT … ON CONFLICT DO
  NOTHING`` that also checks eligibility (active registry record of the territory, of age). Of two
  simultaneous requests for one person exactly one inserts; the other is told when the person signed
  or voted.
* **Secrecy**: the turnout roll says who voted, when and how; the :class:`~.models.Ballot` holds only
  the answer under a random token — no resident, no time, no link. Unlike civic projects a referendum
  ballot cannot be changed, so no HMAC link is stored at all and nobody (even with the server key) can
  join a ballot to a voter. Roll and ballot are written in one transaction, so they always count the
  same; the audit log records "voted" without the answer.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from auyl.core import audit
from auyl.core.permissions import require_perm
from auyl.initiatives.voting import age_cutoff
from auyl.territory.models import Resident

from .models import Ballot, Channel, Choice, Referendum, Signature, Status, Turnout

MAX_POLLING_POINT = 200


def collecting_open(referendum: Referendum, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return referendum.status == Status.COLLECTING and today <= referendum.signatures_until


def voting_open(referendum: Referendum, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        referendum.status == Status.SCHEDULED and referendum.voting_from <= today <= referendum.voting_until
    )


def eligibility_error(referendum: Referendum, resident, *, for_staff: bool = False) -> str | None:
    """Why ``resident`` may not sign or vote here (registered in the territory, of age), or None."""
    if resident is None or not resident.is_active or resident.merged_into_id is not None:
        return (
            _("This resident's registry record is not active.")
            if for_staff
            else _("Your record in the residents registry is not active: please contact the akim's office.")
        )
    place = referendum.territory.name
    if not resident.territory_path.startswith(referendum.territory_path):
        return (
            _("This resident is not registered in %(place)s.")
            if for_staff
            else _("Only residents registered in %(place)s take part.")
        ) % {"place": place}
    if resident.birth_date is None:
        return _("The date of birth is missing from the residents registry: it must be added first.")
    if resident.birth_date > age_cutoff(timezone.localdate(), referendum.min_age):
        return _("Residents take part from the age of %(age)s.") % {"age": referendum.min_age}
    return None


def _insert_once(model, referendum: Referendum, resident_id: int, values: dict) -> int | None:
    """Insert ``model``'s row for this resident if eligible and absent, in one statement; its id or None."""
    ops = connection.ops
    columns = ["referendum_id", "resident_id", *values]
    sql = (
        f"INSERT INTO {ops.quote_name(model._meta.db_table)} ({', '.join(columns)}) "
        f"SELECT %s, r.id{', %s' * len(values)} FROM {ops.quote_name(Resident._meta.db_table)} r "
        "WHERE r.id = %s AND r.is_active = %s AND r.merged_into_id IS NULL "
        "AND r.territory_path LIKE %s AND r.birth_date <= %s "
        "ON CONFLICT (referendum_id, resident_id) DO NOTHING RETURNING id"
    )
    cutoff = age_cutoff(timezone.localdate(), referendum.min_age)
    params = [
        referendum.pk,
        *values.values(),
        resident_id,
        True,
        referendum.territory_path + "%",
        ops.adapt_datefield_value(cutoff),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return row[0] if row else None


def _when(moment) -> dict:
    local = timezone.localtime(moment)
    return {"date": date_format(local.date(), "d.m.Y"), "time": local.strftime("%H:%M")}


def _record(actor, action: str, referendum: Referendum, object_type: str, pk: int, channel: str) -> None:
    audit.record(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=str(pk),
        object_label=f"{referendum.pk}: {referendum.question}"[:300],
        territory=referendum.territory,
        changes={"referendum": referendum.pk, "channel": channel},
    )


def _resident_of(actor, message: str) -> int:
    resident_id = getattr(actor, "resident_id", None) if getattr(actor, "is_authenticated", False) else None
    if resident_id is None:
        raise PermissionDenied(message)
    return resident_id


def _staff_checks(actor, referendum: Referendum, resident) -> None:
    require_perm(actor, "referendums.enter", referendum.territory)
    if not isinstance(resident, Resident):
        raise ValidationError({"resident": [_("Find the resident in the registry first.")]})
    if getattr(actor, "resident_id", None) == resident.pk:
        raise ValidationError({"resident": [_("Your own entry must be made by another member of staff.")]})
    error = eligibility_error(referendum, resident, for_staff=True)
    if error:
        raise ValidationError({"resident": [error]})


def _sign(actor, referendum: Referendum, resident_id: int, channel: str) -> Signature:
    if not collecting_open(referendum):
        raise ValidationError(_("Signatures are not being collected for this initiative."))
    recorded_by = actor.pk if channel == Channel.PAPER else None
    now = timezone.now()
    with transaction.atomic():
        values = {
            "channel": channel,
            "recorded_by_id": recorded_by,
            "signed_at": connection.ops.adapt_datetimefield_value(now),
        }
        pk = _insert_once(Signature, referendum, resident_id, values)
        if pk is not None:
            _record(actor, "referendums.signed", referendum, "referendums.signature", pk, channel)
            return Signature.objects.get(pk=pk)
    existing = Signature.objects.filter(referendum=referendum, resident_id=resident_id).first()
    if existing is not None:
        raise ValidationError(_("Already signed on %(date)s at %(time)s.") % _when(existing.signed_at))
    resident = Resident.objects.filter(pk=resident_id).first()
    raise ValidationError(
        eligibility_error(referendum, resident, for_staff=channel == Channel.PAPER)
        or _("This resident cannot sign.")
    )


def sign(*, actor, referendum: Referendum) -> Signature:
    """A signed-in resident supports a residents' initiative (once)."""
    resident_id = _resident_of(actor, _("Sign in with your phone number to sign."))
    return _sign(actor, referendum, resident_id, Channel.ONLINE)


def record_paper_signature(*, actor, referendum: Referendum, resident) -> Signature:
    """Staff enter a signature collected on paper from a resident they identified."""
    _staff_checks(actor, referendum, resident)
    return _sign(actor, referendum, resident.pk, Channel.PAPER)


def _choice(value) -> str:
    if value not in Choice.values:
        raise ValidationError({"choice": [_("Answer yes or no.")]})
    return value


def _cast(actor, referendum: Referendum, resident_id: int, choice: str, channel: str, point: str) -> Turnout:
    if not voting_open(referendum):
        raise ValidationError(_("Voting on this question is not open."))
    choice = _choice(choice)
    recorded_by = actor.pk if channel == Channel.PAPER else None
    with transaction.atomic():
        values = {
            "channel": channel,
            "polling_point": point,
            "recorded_by_id": recorded_by,
            "voted_at": connection.ops.adapt_datetimefield_value(timezone.now()),
        }
        pk = _insert_once(Turnout, referendum, resident_id, values)
        if pk is not None:
            Ballot.objects.create(token=secrets.token_hex(16), referendum=referendum, choice=choice)
            _record(actor, "referendums.voted", referendum, "referendums.turnout", pk, channel)
            return Turnout.objects.get(pk=pk)
    existing = Turnout.objects.filter(referendum=referendum, resident_id=resident_id).first()
    if existing is not None:
        raise ValidationError(
            _("Already voted on %(date)s at %(time)s; a ballot cannot be cast twice.")
            % _when(existing.voted_at)
        )
    resident = Resident.objects.filter(pk=resident_id).first()
    raise ValidationError(
        eligibility_error(referendum, resident, for_staff=channel == Channel.PAPER)
        or _("This resident cannot vote here.")
    )


def cast_ballot(*, actor, referendum: Referendum, choice: str) -> Turnout:
    """A signed-in resident votes yes or no, once."""
    resident_id = _resident_of(actor, _("Sign in with your phone number to vote."))
    return _cast(actor, referendum, resident_id, choice, Channel.ONLINE, "")


def record_polling_ballot(
    *, actor, referendum: Referendum, resident, choice: str, polling_point: str
) -> Turnout:
    """Staff at a polling point enter the paper ballot of a resident they identified."""
    point = (polling_point or "").strip()
    if not point or len(point) > MAX_POLLING_POINT:
        raise ValidationError(
            {
                "polling_point": [
                    _("Name the polling point (at most %(n)s characters).") % {"n": MAX_POLLING_POINT}
                ]
            }
        )
    _staff_checks(actor, referendum, resident)
    return _cast(actor, referendum, resident.pk, choice, Channel.PAPER, point)
