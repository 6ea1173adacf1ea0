"""Attachments: photos (JPEG, PNG, WebP) and PDF documents, checked by what the bytes are.

The name and the browser's declared type are never trusted (the checks are :mod:`auyl.core.files`): the
first bytes decide the type, images must open in Pillow, a PDF must end like one, and a name whose
extension claims another type (a ``.pdf`` that is really a PNG, an ``.jpg`` that is HTML) is refused as
disguised. Files are stored as uploaded (images are not re-encoded) through the default storage under a
name derived from their SHA-256, outside the database.
"""

from __future__ import annotations

import hashlib
import os

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from auyl.core.files import TYPES, is_disguised, is_whole, read_upload, sniff
from auyl.core.permissions import has_perm
from auyl.core.rules import get_rule

from .history import step
from .models import Appeal, Attachment

MAX_PER_APPEAL = 20
UPLOAD_ROLES_ACTIONS = ("appeal.register", "appeal.answer", "appeal.assign")


def _check(appeal: Appeal, uploaded_file, name: str) -> tuple[str, bytes]:
    limit_mb = get_rule(appeal.territory, "appeals.max_attachment_mb")
    limit = int(limit_mb * 1024 * 1024)
    if (getattr(uploaded_file, "size", 0) or 0) > limit:
        raise ValidationError({"file": [_("The file is too large (at most %(mb)s MB).") % {"mb": limit_mb}]})
    data = read_upload(uploaded_file, limit)
    if len(data) > limit:
        raise ValidationError({"file": [_("The file is too large (at most %(mb)s MB).") % {"mb": limit_mb}]})
    if not data:
        raise ValidationError({"file": [_("The file is empty.")]})
    kind = sniff(data[:16])
    if kind is None or not is_whole(kind, data):
        raise ValidationError(
            {"file": [_("Only photos (JPEG, PNG, WebP) and PDF documents can be attached.")]}
        )
    if is_disguised(kind, name):
        raise ValidationError(
            {"file": [_("The file's content does not match its name: it may be disguised.")]}
        )
    return kind, data


def _may_upload(actor, appeal: Appeal) -> bool:
    if any(has_perm(actor, action, appeal.territory) for action in UPLOAD_ROLES_ACTIONS):
        return True
    resident_id = getattr(actor, "resident_id", None) if getattr(actor, "is_authenticated", False) else None
    return resident_id is not None and resident_id == appeal.resident_id


@transaction.atomic
def add_attachment(*, actor, appeal: Appeal, uploaded_file) -> Attachment:
    """Attach a photo or a PDF to ``appeal`` (size limit: rule ``appeals.max_attachment_mb``)."""
    if not _may_upload(actor, appeal):
        raise PermissionDenied(_("You do not have permission to do this here."))
    if uploaded_file is None:
        raise ValidationError({"file": [_("Choose a file.")]})
    if appeal.attachments.count() >= MAX_PER_APPEAL:
        raise ValidationError(
            {"file": [_("An appeal can have at most %(n)s files.") % {"n": MAX_PER_APPEAL}]}
        )
    name = os.path.basename(str(getattr(uploaded_file, "name", "") or "file"))[-200:]
    kind, data = _check(appeal, uploaded_file, name)
    digest = hashlib.sha256(data).hexdigest()
    mime, _names, stored_extension = TYPES[kind]
    attachment = Attachment(
        appeal=appeal,
        original_name=name,
        content_type=mime,
        size=len(data),
        sha256=digest,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    attachment.file.save(f"{digest[:32]}{stored_extension}", ContentFile(data), save=False)
    try:
        attachment.save()
        step(
            appeal,
            kind="attachment_added",
            actor=actor,
            note=name,
            changes={"file": name, "sha256": digest, "size": len(data), "type": mime},
        )
    except BaseException:
        attachment.file.delete(save=False)  # the row is rolled back: leave no orphan file behind
        raise
    return attachment
