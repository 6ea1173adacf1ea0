"""Public documents of the channel Centre -> district -> village as open data (read-only, no sign-in).

What the public site shows and nothing more: the list on a rural district's page (documents whose
*current* version is marked public, addressed to the unit or to a unit above it) and a document's public
page ``/documents/public/<id>/``: kind, sending unit, title, date and number of the current version, its
text and the links to its files. Documents whose current version is not public, earlier versions and their
correction notes, report deadlines, recipients' acknowledgements and reports, and who sent what never appear.

Thin on purpose: reads are :mod:`.selectors`; bad input becomes a 4xx JSON answer through the root API's
handlers (Http404 404, schema errors 422).
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from auyl.territory import selectors as territory_selectors
from auyl.territory.schemas import ERRORS, KATO, UnitOut

from . import selectors
from .models import Document, DocumentVersion

documents_router = Router(tags=["documents"])


class DocumentRowOut(Schema):
    id: int
    reference: str
    kind: str
    kind_label: str
    title: str
    date: dt.date
    version: int
    corrected: bool
    sender: UnitOut
    url: str


class DocumentPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[DocumentRowOut]


class FileOut(Schema):
    name: str
    size: int
    url: str


class DocumentOut(DocumentRowOut):
    body: str
    files: list[FileOut]


def _row(document: Document, version: DocumentVersion) -> dict:
    return {
        "id": document.pk,
        "reference": document.reference,
        "kind": document.kind,
        "kind_label": document.get_kind_display(),
        "title": version.title,
        "date": timezone.localdate(version.created_at),
        "version": version.number,
        "corrected": version.number > 1,
        "sender": {"code": document.sender.code, "name": document.sender.name},
        "url": reverse("documents:public", args=[document.pk]),
    }


@documents_router.get("/", response={200: DocumentPage, **ERRORS})
def list_documents(
    request,
    territory: str = Query(..., pattern=KATO, description="KATO code of a rural district or town"),
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0),
):
    """The public documents on the page of a rural district or town: addressed to it or to a unit above it
    (a district passes them on to its villages), newest first, current versions only."""
    unit = territory_selectors.territory_by_code(territory)
    if not unit.is_primary:  # only rural districts and towns have a public page that lists documents
        raise Http404(_("This unit has no public page of documents."))
    queryset = selectors.public_documents_of(unit)
    total = queryset.count()
    items = [_row(d, d.current[0]) for d in queryset[offset : offset + limit]]
    return {"count": total, "limit": limit, "offset": offset, "items": items}


@documents_router.get("/{document_id}", response={200: DocumentOut, **ERRORS})
def document_detail(request, document_id: int):
    """One public document: its current version's text and links to download its files."""
    document, version = selectors.public_document(document_id)
    files = [
        {"name": f.original_name, "size": f.size, "url": reverse("documents:file", args=[f.pk])}
        for f in version.files.all()
    ]
    return {**_row(document, version), "body": version.body, "files": files}
