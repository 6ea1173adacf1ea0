"""Files of document versions and reports: checked as appeals' attachments are; images stored without
their metadata.

Checks. Those of :mod:`auyl.core.files`, as for appeals' attachments (the first bytes decide the type, a PDF
must end like one, a name claiming another type is refused as disguised), with this app's size rule
(``documents.max_attachment_mb``) and owner; only PDF documents and JPEG, PNG and WebP images are accepted.
An image must open and verify (:func:`auyl.core.images.problem`); one of more than
:data:`~auyl.core.images.MAX_PIXELS` (about 89 megapixels) is refused with its own message from its header,
before any pixel is decoded (a PNG of a few kilobytes can declare 180 megapixels).

Images without metadata. A file of a public version is downloadable by anyone, and a photo from a phone
would publish the GPS position where it was taken, the device, the time, comments and text (EXIF, XMP,
IPTC, PNG text chunks, bytes after the image's end). So every image, of a version or of a report, is stored
re-encoded upright in its own format by :func:`auyl.core.images.clean` (that module says what is removed
and kept); the upload as it came is never written. An image that verifies but whose pixels do not decode
(a file cut short) is refused. PDF files are stored byte for byte. Every file is checked, and every image
cleaned, before anything is stored: one refused file refuses the whole submission.

Stored name and hash. ``DocumentFile.sha256``, ``DocumentFile.size``, the stored name (``<first 32 hex of
the SHA-256>.<ext>``) and the ``files`` of the audit event describe the stored bytes, so an image's hash is
that of its cleaned bytes. Files stored before this cleaning keep their metadata: there is no command to
clean them yet.
"""

from __future__ import annotations

import hashlib
import os

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from auyl.core import images
from auyl.core.files import TYPES, is_disguised, is_whole, read_upload, sniff
from auyl.core.rules import get_rule

from .models import DocumentFile

MAX_FILES = 10


def _require_whole(name: str, kind: str | None, data: bytes) -> None:
    """Refuse a file that is not what its first bytes say; an image too large to decode gets its own
    message."""
    if kind in images.PIL_FORMATS:
        problem = images.problem(kind, data)
        if problem == "pixels":
            raise ValidationError(
                {
                    "files": [
                        _("%(name)s: the image has too many pixels (at most %(mp)s megapixels).")
                        % {"name": name, "mp": images.MAX_PIXELS // 1_000_000}
                    ]
                }
            )
        whole = problem is None
    else:
        whole = kind is not None and is_whole(kind, data)
    if not whole:
        raise ValidationError(
            {
                "files": [
                    _("%(name)s: only photos (JPEG, PNG, WebP) and PDF documents can be attached.")
                    % {"name": name}
                ]
            }
        )


def _cleaned(name: str, kind: str, data: bytes) -> bytes:
    """The image re-encoded without its metadata, or a ValidationError when its pixels do not decode."""
    try:
        return images.clean(kind, data)
    except Exception as exc:  # verified, but its pixels do not decode (a file cut short, say)
        raise ValidationError(
            {
                "files": [
                    _("%(name)s: the image cannot be read whole (the file may be damaged or cut short).")
                    % {"name": name}
                ]
            }
        ) from exc


def _checked(territory, uploaded_file) -> tuple[str, str, bytes]:
    """``(name, kind, bytes to store)`` of an acceptable file (an image cleaned of its metadata), or a
    ValidationError on ``files``."""
    limit_mb = get_rule(territory, "documents.max_attachment_mb")
    limit = int(limit_mb * 1024 * 1024)
    name = os.path.basename(str(getattr(uploaded_file, "name", "") or "file"))[-200:]
    too_large = ValidationError(
        {"files": [_("%(name)s is too large (at most %(mb)s MB).") % {"name": name, "mb": limit_mb}]}
    )
    if (getattr(uploaded_file, "size", 0) or 0) > limit:
        raise too_large
    data = read_upload(uploaded_file, limit)
    if len(data) > limit:
        raise too_large
    if not data:
        raise ValidationError({"files": [_("%(name)s is empty.") % {"name": name}]})
    kind = sniff(data[:16])
    _require_whole(name, kind, data)
    if is_disguised(kind, name):
        raise ValidationError(
            {
                "files": [
                    _("%(name)s: the file's content does not match its name: it may be disguised.")
                    % {"name": name}
                ]
            }
        )
    if kind in images.PIL_FORMATS:
        data = _cleaned(name, kind, data)
    return name, kind, data


def check_all(territory, uploaded_files) -> list[tuple[str, str, bytes]]:
    """Check every file before anything is stored (one bad file refuses the whole submission)."""
    files = [f for f in (uploaded_files or []) if f is not None]
    if len(files) > MAX_FILES:
        raise ValidationError({"files": [_("At most %(n)s files can be attached.") % {"n": MAX_FILES}]})
    return [_checked(territory, f) for f in files]


def store(checked: list[tuple[str, str, bytes]], *, actor, version=None, report=None) -> list[dict]:
    """Store checked files (the bytes :func:`check_all` returned) for a version or a report, under names
    derived from their SHA-256."""
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
