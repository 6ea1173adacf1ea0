"""Photos of a proposal's place and of the work on a winner: JPEG, PNG or WebP, checked by their bytes.

The same approach as appeals' attachments (:mod:`auyl.appeals.attachments`): the name and the declared
type are never trusted, the first bytes decide the type, the image must open and verify in Pillow, a
name whose extension claims another type is refused as disguised, and the size is limited by the
territory's rule ``initiatives.max_photo_mb``. Files are stored under a name derived from their SHA-256.
Photos are public (they are shown on the project's page), so only images are accepted.
"""

from __future__ import annotations

import hashlib
import io
import os

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image

from auyl.core import audit
from auyl.core.permissions import has_perm
from auyl.core.rules import get_rule

from . import phases
from .models import Photo, PhotoStage, Proposal

CHUNK = 64 * 1024
MAX_CAPTION = 200
# detected type -> (MIME type, extensions a name may carry, stored extension, Pillow format)
TYPES = {
    "jpeg": ("image/jpeg", {".jpg", ".jpeg", ".jpe", ".jfif"}, ".jpg", "JPEG"),
    "png": ("image/png", {".png"}, ".png", "PNG"),
    "webp": ("image/webp", {".webp"}, ".webp", "WEBP"),
}


def sniff(head: bytes) -> str | None:
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def _read(uploaded_file, limit: int) -> bytes:
    uploaded_file.seek(0)
    data = bytearray()
    for chunk in uploaded_file.chunks(CHUNK) if hasattr(uploaded_file, "chunks") else [uploaded_file.read()]:
        data += chunk
        if len(data) > limit:
            break
    return bytes(data)


def _verified(kind: str, data: bytes) -> bool:
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            return image.format == TYPES[kind][3]
    except Exception:  # any decoding failure means "not a valid image", whatever Pillow raised
        return False


def check_photo(territory, uploaded_file) -> tuple[str, bytes, str]:
    """``(kind, bytes, name)`` of a valid photo, or a ValidationError on ``photos`` saying what is wrong."""
    if uploaded_file is None:
        raise ValidationError({"photos": [_("Choose a photo.")]})
    name = os.path.basename(str(getattr(uploaded_file, "name", "") or "photo"))[-200:]
    limit_mb = get_rule(territory, "initiatives.max_photo_mb")
    limit = int(limit_mb * 1024 * 1024)
    too_large = ValidationError(
        {
            "photos": [
                _("The photo %(name)s is too large (at most %(mb)s MB).") % {"name": name, "mb": limit_mb}
            ]
        }
    )
    if (getattr(uploaded_file, "size", 0) or 0) > limit:
        raise too_large
    data = _read(uploaded_file, limit)
    if len(data) > limit:
        raise too_large
    if not data:
        raise ValidationError({"photos": [_("The file %(name)s is empty.") % {"name": name}]})
    kind = sniff(data[:16])
    if kind is None or not _verified(kind, data):
        raise ValidationError(
            {
                "photos": [
                    _("%(name)s is not a photo: only JPEG, PNG and WebP images can be added.")
                    % {"name": name}
                ]
            }
        )
    extension = os.path.splitext(name)[1].lower()
    if extension and extension not in TYPES[kind][1]:
        raise ValidationError(
            {
                "photos": [
                    _("The content of %(name)s does not match its name: it may be disguised.")
                    % {"name": name}
                ]
            }
        )
    return kind, data, name


def _may_add(actor, proposal: Proposal, stage: str) -> bool:
    territory = proposal.campaign.territory
    if stage == PhotoStage.IMPLEMENTATION:
        return has_perm(actor, "initiative.implement", territory)
    if has_perm(actor, "initiative.enter", territory) or has_perm(actor, "initiative.review", territory):
        return True
    own = getattr(actor, "resident_id", None) if getattr(actor, "is_authenticated", False) else None
    return (
        own is not None
        and own == proposal.author_id
        and phases.phase_on(proposal.campaign) == phases.Phase.PROPOSALS
    )


@transaction.atomic
def add_photo(
    *, actor, proposal: Proposal, uploaded_file, stage: str = PhotoStage.PROPOSAL, caption: str = ""
) -> Photo:
    """Add a checked photo to a proposal (its author while proposals are open, or staff) or to a winner's
    implementation (staff who report on it); at most ``initiatives.max_photos`` per stage."""
    if stage not in PhotoStage.values:
        raise ValidationError({"stage": [_("Unknown kind of photo.")]})
    if not _may_add(actor, proposal, stage):
        raise PermissionDenied(_("You do not have permission to do this here."))
    territory = proposal.campaign.territory
    limit = get_rule(territory, "initiatives.max_photos")
    if proposal.photos.filter(stage=stage).count() >= limit:
        raise ValidationError({"photos": [_("At most %(n)s photos can be added.") % {"n": limit}]})
    caption = (caption or "").strip()
    if len(caption) > MAX_CAPTION:
        raise ValidationError({"caption": [_("Too long (at most %(n)s characters).") % {"n": MAX_CAPTION}]})
    kind, data, name = check_photo(territory, uploaded_file)
    digest = hashlib.sha256(data).hexdigest()
    mime, _names, extension, _format = TYPES[kind]
    photo = Photo(
        proposal=proposal,
        stage=stage,
        original_name=name,
        content_type=mime,
        size=len(data),
        sha256=digest,
        caption=caption,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    photo.file.save(f"{digest[:32]}{extension}", ContentFile(data), save=False)
    try:
        photo.save()
        audit.record(
            actor=actor,
            action="initiatives.photo_added",
            obj=photo,
            territory=territory,
            changes={"proposal": proposal.pk, "stage": stage, "sha256": digest, "size": len(data)},
        )
    except BaseException:
        photo.file.delete(save=False)  # the row is rolled back: leave no orphan file behind
        raise
    return photo
