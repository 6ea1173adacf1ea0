"""Reads of the document channel, every one scoped by the reader's grants.

The sending side (``document.view_sent`` on the sender) sees the overview: per recipient unit whether it
acknowledged the current version and reported, with overdue units first. The receiving side
(``document.view_received`` on a recipient) sees its inbox. The public sees the current version of documents
marked public, on the sites of the units they were addressed to (and of the units below them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.core.permissions import has_perm, paths_for, scope_q, scoped
from auyl.territory.models import Level, Territory

from .models import (
    RECIPIENT_LEVELS,
    Acknowledgement,
    Document,
    DocumentFile,
    DocumentVersion,
    Recipient,
    Report,
)

SENDER_LEVELS = (Level.REGION, Level.DISTRICT, Level.CITY)
LIST_LIMIT = 200


def current_version(document: Document) -> DocumentVersion:
    return document.versions.get(number=document.version_count)


def with_current_version(queryset: QuerySet, prefix: str = "") -> QuerySet:
    """Prefetch each document's current version into ``current`` (a list of one)."""
    return queryset.prefetch_related(
        Prefetch(
            f"{prefix}versions",
            to_attr="current",
            queryset=DocumentVersion.objects.filter(number=F("document__version_count")),
        )
    )


def sent_documents(user) -> list[Document]:
    """Documents sent by units the user follows, newest first, with their counts."""
    documents = list(
        with_current_version(
            scoped(Document.objects.select_related("sender"), user, "document.view_sent", "sender_path")
        )[:LIST_LIMIT]
    )
    today = timezone.localdate()
    for document in documents:
        document.summary = overview(document, today=today).summary
    return documents


def _own_units_q(user, action: str) -> Q:
    """Recipients the user acts for as the receiving unit's own staff (see services.require_own_staff)."""
    condition = Q(pk__in=[])
    for path in paths_for(user, action):
        condition |= Q(territory_path__startswith=path) & ~Q(document__sender_path__startswith=path)
    return condition


def inbox(user) -> list[Recipient]:
    """Documents addressed to the user's own units, with this unit's state of the current version."""
    rows = list(
        Recipient.objects.filter(_own_units_q(user, "document.view_received"))
        .select_related("territory", "document", "document__sender")
        .prefetch_related("acknowledgements", "reports")
        .order_by("-document__created_at", "territory_path")[:LIST_LIMIT]
    )
    today = timezone.localdate()
    for row in rows:
        row.current = current_version(row.document)
        row.state = _state(row, row.current, today)
    return rows


@dataclass
class Row:
    recipient: Recipient
    acknowledgement: Acknowledgement | None
    earlier_acknowledgement: Acknowledgement | None
    last_report: Report | None
    report_due: dt.date | None
    is_overdue: bool
    needs_report: bool


@dataclass
class Overview:
    rows: list[Row]
    summary: dict = field(default_factory=dict)


def _state(recipient: Recipient, version: DocumentVersion, today: dt.date) -> Row:
    acks = list(recipient.acknowledgements.all())
    reports = list(recipient.reports.all())
    current = next((a for a in acks if a.version == version.number), None)
    earlier = max((a for a in acks if a.version < version.number), key=lambda a: a.version, default=None)
    last_report = reports[-1] if reports else None
    needs_report = version.report_due is not None and last_report is None
    return Row(
        recipient,
        current,
        earlier,
        last_report,
        version.report_due,
        is_overdue=needs_report and today > version.report_due,
        needs_report=needs_report,
    )


def overview(document: Document, *, today: dt.date | None = None) -> Overview:
    """Per recipient unit: acknowledged (who, when), reported (late or not), overdue; overdue units first."""
    today = today or timezone.localdate()
    version = document.current[0] if hasattr(document, "current") else current_version(document)
    recipients = document.recipients.select_related("territory").prefetch_related(
        Prefetch("acknowledgements", queryset=Acknowledgement.objects.select_related("acknowledged_by")),
        Prefetch("reports", queryset=Report.objects.select_related("submitted_by")),
    )
    rows = [_state(r, version, today) for r in recipients]
    rows.sort(
        key=lambda row: (not row.is_overdue, row.acknowledgement is not None, row.recipient.territory_path)
    )
    asks_report = version.report_due is not None
    summary = {
        "total": len(rows),
        "acknowledged": sum(1 for r in rows if r.acknowledgement),
        "not_acknowledged": sum(1 for r in rows if not r.acknowledgement),
        "reported": sum(1 for r in rows if r.last_report) if asks_report else None,
        "not_reported": sum(1 for r in rows if r.needs_report) if asks_report else None,
        "late": sum(1 for r in rows if r.last_report and r.last_report.is_late),
        "overdue": sum(1 for r in rows if r.is_overdue),
    }
    return Overview(rows, summary)


@dataclass
class Access:
    document: Document
    version: DocumentVersion
    can_follow: bool  # the sending side: overview and reports of every unit
    can_correct: bool
    own: list[Recipient]  # receiving units the user acts for


def document_for(user, pk: int) -> Access:
    """A document the user may see (sending or receiving side), or 404 (nothing reveals that it exists)."""
    document = Document.objects.select_related("sender").filter(pk=pk).first()
    if document is None:
        raise Http404("document not found")
    can_follow = has_perm(user, "document.view_sent", document.sender)
    own = list(
        document.recipients.filter(_own_units_q(user, "document.view_received"))
        .select_related("territory")
        .prefetch_related(
            "acknowledgements",
            Prefetch(
                "reports", queryset=Report.objects.select_related("submitted_by").prefetch_related("files")
            ),
        )
    )
    if not can_follow and not own:
        raise Http404("document not found")
    version = current_version(document)
    today = timezone.localdate()
    may_act = set(
        document.recipients.filter(_own_units_q(user, "document.acknowledge")).values_list("pk", flat=True)
    )
    for recipient in own:
        recipient.state = _state(recipient, version, today)
        recipient.can_act = recipient.pk in may_act
    return Access(document, version, can_follow, has_perm(user, "document.send", document.sender), own)


def versions(document: Document) -> QuerySet[DocumentVersion]:
    return document.versions.select_related("created_by").prefetch_related("files").order_by("-number")


def reports_of(document: Document) -> QuerySet[Report]:
    """Every report of every unit (for the sending side), newest first."""
    return (
        Report.objects.filter(recipient__document=document)
        .select_related("recipient__territory", "submitted_by")
        .prefetch_related("files")
        .order_by("-submitted_at")
    )


def sender_units(user) -> QuerySet[Territory]:
    """Units the user may send from (regions, districts, cities within their grants)."""
    return Territory.objects.filter(
        scope_q(user, "document.send", "path"), level__in=SENDER_LEVELS, is_active=True
    ).order_by("path")[:LIST_LIMIT]


def recipient_options(sender: Territory) -> QuerySet[Territory]:
    return (
        Territory.objects.filter(path__startswith=sender.path, level__in=RECIPIENT_LEVELS, is_active=True)
        .exclude(pk=sender.pk)
        .order_by("path")
    )


def file_for(user, pk: int) -> DocumentFile:
    """A file of a version (sending side, receiving units, anyone when that version is public) or of a report
    (sending side and the reporting unit)."""
    item = (
        DocumentFile.objects.select_related("version__document__sender", "report__recipient__document")
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise Http404("file not found")
    if item.version_id is not None:
        document = item.version.document
        if item.version.is_public and item.version.number == document.version_count:
            return item
        document_for(user, document.pk)  # 404 unless the user is on either side
        return item
    recipient = item.report.recipient
    if has_perm(user, "document.view_sent", recipient.document.sender):
        return item
    if Recipient.objects.filter(_own_units_q(user, "document.view_received"), pk=recipient.pk).exists():
        return item
    raise Http404("file not found")


def _public_documents(codes: list[str]) -> QuerySet[Document]:
    return (
        Document.objects.filter(
            recipients__territory__code__in=codes,
            versions__number=F("version_count"),
            versions__is_public=True,
        )
        .distinct()
        .select_related("sender")
    )


def public_for(territory: Territory) -> list[dict]:
    """What the public site of ``territory`` shows from the channel: public documents addressed to it or to a
    unit above it (a district passes them to its villages), current versions only."""
    documents = with_current_version(_public_documents(territory.ancestor_codes(include_self=True)))[:50]
    return [
        {
            "title": d.current[0].title,
            "date": timezone.localdate(d.current[0].created_at),
            "url": reverse("documents:public", args=[d.pk]),
            "status": d.get_kind_display()
            if d.version_count == 1
            else _("%(kind)s, corrected (version %(n)s)")
            % {"kind": d.get_kind_display(), "n": d.version_count},
        }
        for d in documents
    ]


def public_document(pk: int) -> tuple[Document, DocumentVersion]:
    document = Document.objects.select_related("sender").filter(pk=pk).first()
    if document is None:
        raise Http404("document not found")
    version = current_version(document)
    if not version.is_public:
        raise Http404("document not found")
    return document, version


def public_documents_of(territory: Territory) -> QuerySet[Document]:
    """Every public document the site of ``territory`` lists (:func:`public_for` shows the first ones),
    newest first, each with its current version in ``current``: for the open-data API's pages."""
    return with_current_version(_public_documents(territory.ancestor_codes(include_self=True)))
