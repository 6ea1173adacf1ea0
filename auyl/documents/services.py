"""Every write of the document channel: send, correct (a new version), acknowledge, report.

A document goes down the tree only (``003:515-523``: Centre → district akimats → villages): the recipients
are units strictly below the sending unit. Nothing is edited in place: a correction is a new
:class:`DocumentVersion` that every recipient must acknowledge again. A report after the due date is
accepted and marked late. Each service checks the permission, validates before writing, records an audit
event inside its transaction and queues its messages in the outbox.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.core import audit
from auyl.core.calendar import add_days
from auyl.core.permissions import paths_for, require_perm
from auyl.core.rules import get_rule
from auyl.territory import selectors as territory_selectors

from . import files as document_files
from .messages import tell_receivers, tell_senders
from .models import RECIPIENT_LEVELS, Acknowledgement, Document, DocumentVersion, Kind, Recipient, Report

MAX_TITLE = 300
MAX_BODY = 20_000
MAX_REPORT = 20_000
MAX_DAYS_AHEAD = 366


def _text(value, field: str, *, required: bool, max_length: int, message: str = "") -> str:
    text = value.strip() if isinstance(value, str) else ""
    if required and not text:
        raise ValidationError({field: [message or _("This field is required.")]})
    if len(text) > max_length:
        raise ValidationError(
            {field: [_("The text is too long (at most %(n)s characters).") % {"n": max_length}]}
        )
    return text


def _today() -> dt.date:
    return timezone.localdate()


def report_due_for(
    sender, kind: str, report_due: dt.date | None, *, keep: dt.date | None = None
) -> dt.date | None:
    """The report deadline: the date given (moved to the next working day if it falls on a day off), or for a
    report request without a date, ``documents.report_days`` from today (core.calendar). A past date is
    refused, except an unchanged deadline kept by a correction (``keep``)."""
    today = _today()
    if report_due is None:
        if kind != Kind.REPORT_REQUEST:
            return None
        return add_days(
            today, get_rule(sender, "documents.report_days"), get_rule(sender, "calendar.deadline_mode")
        )
    if report_due == keep:
        return keep
    if report_due < today:
        raise ValidationError({"report_due": [_("The report deadline is in the past.")]})
    if (report_due - today).days > MAX_DAYS_AHEAD:
        raise ValidationError({"report_due": [_("The report deadline is more than a year away.")]})
    return add_days(report_due - dt.timedelta(days=1), 1, "calendar")


def resolve_recipients(sender, *, units=(), level: str = "") -> list:
    """The units a document goes to: the chosen ones and/or every unit of ``level`` below the sender.
    Each must lie strictly below the sender and have staff (district, city, rural district, town)."""
    chosen = {unit.pk: unit for unit in units or ()}
    if level:
        if level not in RECIPIENT_LEVELS:
            raise ValidationError(
                {"level": [_("Documents can be sent to districts, cities, rural districts and towns only.")]}
            )
        for unit in territory_selectors.descendants(sender, level=level):
            chosen.setdefault(unit.pk, unit)
    for unit in chosen.values():
        if unit.pk == sender.pk or not unit.path.startswith(sender.path):
            raise ValidationError(
                {
                    "recipients": [
                        _("%(unit)s is not under %(sender)s: a document goes down the tree only.")
                        % {"unit": unit.name, "sender": sender.name}
                    ]
                }
            )
        if unit.level not in RECIPIENT_LEVELS:
            raise ValidationError(
                {
                    "recipients": [
                        _("%(unit)s has no akimat staff to receive documents.") % {"unit": unit.name}
                    ]
                }
            )
    if not chosen:
        raise ValidationError({"recipients": [_("Choose at least one receiving unit.")]})
    return sorted(chosen.values(), key=lambda unit: unit.path)


def _version_fields(sender, kind, *, title, body, report_due, keep_due=None) -> dict:
    return {
        "title": _text(
            title, "title", required=True, max_length=MAX_TITLE, message=_("Give the document a title.")
        ),
        "body": _text(body, "body", required=False, max_length=MAX_BODY),
        "report_due": report_due_for(sender, kind, report_due, keep=keep_due),
    }


@transaction.atomic
def send_document(
    *,
    actor,
    sender,
    kind: str,
    title: str,
    body: str = "",
    units=(),
    level: str = "",
    report_due: dt.date | None = None,
    is_public: bool = False,
    files=(),
) -> Document:
    """Send a typed document from ``sender`` to chosen lower units and/or all units of ``level`` below it."""
    require_perm(actor, "document.send", sender)
    if kind not in Kind.values:
        raise ValidationError({"kind": [_("Unknown kind of document.")]})
    fields = _version_fields(sender, kind, title=title, body=body, report_due=report_due)
    recipients = resolve_recipients(sender, units=units, level=level)
    checked = document_files.check_all(sender, files)
    document = Document.objects.create(sender=sender, sender_path=sender.path, kind=kind, created_by=actor)
    version = DocumentVersion.objects.create(
        document=document, number=1, is_public=bool(is_public), created_by=actor, **fields
    )
    Recipient.objects.bulk_create(
        [Recipient(document=document, territory=unit, territory_path=unit.path) for unit in recipients]
    )
    stored = document_files.store(checked, actor=actor, version=version)
    audit.record(
        actor=actor,
        action="document.sent",
        obj=document,
        territory=sender,
        changes={
            "kind": kind,
            "title": version.title,
            "report_due": version.report_due,
            "is_public": version.is_public,
            "recipients": [unit.code for unit in recipients],
            "files": stored,
        },
    )
    tell_receivers(document, version, recipients)
    return document


@transaction.atomic
def revise_document(
    *,
    actor,
    document: Document,
    title: str,
    body: str = "",
    correction_note: str,
    report_due: dt.date | None = None,
    is_public: bool = False,
    files=(),
) -> DocumentVersion:
    """Correct a document: a new version, which every recipient must acknowledge again."""
    require_perm(actor, "document.send", document.sender)
    document = Document.objects.select_for_update().select_related("sender").get(pk=document.pk)
    previous = document.versions.get(number=document.version_count)
    note = _text(
        correction_note,
        "correction_note",
        required=True,
        max_length=MAX_BODY,
        message=_("Say what was corrected."),
    )
    fields = _version_fields(
        document.sender,
        document.kind,
        title=title,
        body=body,
        report_due=report_due,
        keep_due=previous.report_due,
    )
    checked = document_files.check_all(document.sender, files)
    document.version_count += 1
    document.save(update_fields=["version_count"])
    version = DocumentVersion.objects.create(
        document=document,
        number=document.version_count,
        correction_note=note,
        is_public=bool(is_public),
        created_by=actor,
        **fields,
    )
    stored = document_files.store(checked, actor=actor, version=version)
    audit.record(
        actor=actor,
        action="document.corrected",
        obj=document,
        territory=document.sender,
        changes={
            "version": [previous.number, version.number],
            "title": [previous.title, version.title],
            "report_due": [previous.report_due, version.report_due],
            "is_public": [previous.is_public, version.is_public],
            "correction_note": note,
            "files": stored,
        },
    )
    units = [r.territory for r in document.recipients.select_related("territory")]
    tell_receivers(document, version, units, corrected=True)
    return version


def require_own_staff(actor, action: str, recipient: Recipient) -> None:
    """The actor must act for the receiving unit itself: a grant covering it but not the sending unit (the
    district that sent a document may not confirm its receipt on a rural district's behalf)."""
    sender_path = recipient.document.sender_path
    if not any(
        recipient.territory_path.startswith(p) and not sender_path.startswith(p)
        for p in paths_for(actor, action)
    ):
        raise PermissionDenied(_("Only the staff of the receiving unit can do this."))


def _recipient(document: Document, territory, action: str) -> Recipient:
    recipient = (
        Recipient.objects.select_for_update()
        .select_related("territory", "document")
        .filter(document=document, territory=territory)
        .first()
    )
    if recipient is None:
        if action == "document.acknowledge":
            message = _("This document was not addressed to %(unit)s: there is nothing to acknowledge.")
        else:
            message = _("This document was not addressed to %(unit)s: it cannot report on it.")
        raise ValidationError({NON_FIELD_ERRORS: [message % {"unit": territory.name}]})
    return recipient


def _acknowledge(actor, recipient: Recipient, number: int) -> Acknowledgement:
    ack = Acknowledgement.objects.create(
        recipient=recipient, version=number, acknowledged_by=actor, acknowledged_at=timezone.now()
    )
    audit.record(
        actor=actor,
        action="document.acknowledged",
        obj=recipient.document,
        territory=recipient.territory,
        changes={"unit": recipient.territory.code, "version": number},
    )
    return ack


@transaction.atomic
def acknowledge(*, actor, document: Document, territory) -> Acknowledgement:
    """The receiving unit confirms receipt of the current version (who and when are stored)."""
    recipient = _recipient(document, territory, "document.acknowledge")
    require_own_staff(actor, "document.acknowledge", recipient)
    number = Document.objects.values_list("version_count", flat=True).get(pk=document.pk)
    done = recipient.acknowledgements.filter(version=number).select_related("acknowledged_by").first()
    if done is not None:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: [
                    _("Version %(n)s was already acknowledged on %(when)s by %(who)s.")
                    % {
                        "n": number,
                        "who": done.acknowledged_by,
                        "when": f"{timezone.localtime(done.acknowledged_at):%d.%m.%Y %H:%M}",
                    }
                ]
            }
        )
    return _acknowledge(actor, recipient, number)


@transaction.atomic
def submit_report(*, actor, document: Document, territory, text: str, files=()) -> Report:
    """A report of the receiving unit; a report after the due date is accepted and marked late. Reporting
    also acknowledges the current version when the unit had not yet done so (a reply proves receipt)."""
    recipient = _recipient(document, territory, "document.report")
    require_own_staff(actor, "document.report", recipient)
    number = Document.objects.values_list("version_count", flat=True).get(pk=document.pk)
    version = document.versions.get(number=number)
    if version.report_due is None:
        raise ValidationError({NON_FIELD_ERRORS: [_("This document does not ask for a report.")]})
    body = _text(text, "text", required=True, max_length=MAX_REPORT, message=_("Write the report."))
    checked = document_files.check_all(recipient.territory, files)
    if not recipient.acknowledgements.filter(version=number).exists():
        _acknowledge(actor, recipient, number)
    now = timezone.now()
    report = Report.objects.create(
        recipient=recipient,
        version=number,
        text=body,
        submitted_by=actor,
        submitted_at=now,
        is_late=timezone.localdate(now) > version.report_due,
    )
    stored = document_files.store(checked, actor=actor, report=report)
    audit.record(
        actor=actor,
        action="document.reported",
        obj=document,
        territory=recipient.territory,
        changes={
            "unit": recipient.territory.code,
            "version": number,
            "is_late": report.is_late,
            "report_due": version.report_due,
            "files": stored,
        },
    )
    tell_senders(document, recipient, report)
    return report
