"""Files of document versions and reports, checked exactly as appeals' attachments are.

The checks are those of :mod:`auyl.appeals.attachments` (the first bytes decide the type, images must open,
a PDF must end like one, a name claiming another type is refused as disguised); this module only applies
them with its own size rule and owner. (Those checks would sit better in ``auyl.core``: see the report.)
"""

from __future__ import annotations

import hashlib
import os

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from auyl.appeals.attachments import TYPES, _is_whole, _read_all, sniff
from auyl.core.rules import get_rule

from .models import DocumentFile

MAX_FILES = 10


def _checked(territory, uploaded_file) -> tuple[str, str, bytes]:
    """``(name, kind, bytes)`` of an acceptable file, or a ValidationError on ``files``."""
    limit_mb = get_rule(territory, "documents.max_attachment_mb")
    limit = int(limit_mb * 1024 * 1024)
    name = os.path.basename(str(getattr(uploaded_file, "name", "") or "file"))[-200:]
    too_large = ValidationError(
        {"files": [_("%(name)s is too large (at most %(mb)s MB).") % {"name": name, "mb": limit_mb}]}
    )
    if (getattr(uploaded_file, "size", 0) or 0) > limit:
        raise too_large
    data = _read_all(uploaded_file, limit)
    if len(data) > limit:
        raise too_large
    if not data:
        raise ValidationError({"files": [_("%(name)s is empty.") % {"name": name}]})
    kind = sniff(data[:16])
    if kind is None or not _is_whole(kind, data):
        raise ValidationError(
            {
                "files": [
                    _("%(name)s: only photos (JPEG, PNG, WebP) and PDF documents can be attached.")
                    % {"name": name}
                ]
            }
        )
    extension = os.path.splitext(name)[1].lower()
    if extension and extension not in TYPES[kind][1]:
        raise ValidationError(
            {
                "files": [
                    _("%(name)s: the file's content does not match its name: it may be disguised.")
                    % {"name": name}
                ]
            }
        )
    return name, kind, data


def check_all(territory, uploaded_files) -> list[tuple[str, str, bytes]]:
    """Check every file before anything is stored (one bad file refuses the whole submission)."""
    files = [f for f in (uploaded_files or []) if f is not None]
    if len(files) > MAX_FILES:
        raise ValidationError({"files": [_("At most %(n)s files can be attached.") % {"n": MAX_FILES}]})
    return [_checked(territory, f) for f in files]


def store(checked: list[tuple[str, str, bytes]], *, actor, version=None, report=None) -> list[dict]:
    """Store checked files for a version or a report (under names derived from their SHA-256)."""
    stored: list[dict] = []
    for name, kind, data in checked:
        digest = hashlib.sha256(data).hexdigest()
        mime, _names, extension = TYPES[kind]
        row = DocumentFile(
            version=version,
            report=report,
            original_name=name,
            content_type=mime,
            size=len(data),
            sha256=digest,
            uploaded_by=actor,
        )
        row.file.save(f"{digest[:32]}{extension}", ContentFile(data), save=False)
        try:
            row.save()
        except BaseException:
            row.file.delete(save=False)
            raise
        stored.append({"name": name, "sha256": digest, "size": len(data), "type": mime})
    return stored
