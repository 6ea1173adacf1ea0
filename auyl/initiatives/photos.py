"""Photos of a proposal's place and of the work on a winner: JPEG, PNG or WebP, checked by their bytes and
stored without their metadata.

Checks. The same approach as appeals' attachments (:mod:`auyl.appeals.attachments`): the name and the
declared type are never trusted, the first bytes decide the type, the image must open and verify in
Pillow, a name whose extension claims another type is refused as disguised, and the size of the upload is
limited by the territory's rule ``initiatives.max_photo_mb``. Photos are public (they are shown on the
project's page), so only images are accepted.

Metadata. Because the photos are published, what a phone writes into them (EXIF with the GPS position
where the resident stood, the device, the time; XMP, IPTC, comments, PNG text, trailing bytes) would be
published too. None of that is kept: an accepted photo is decoded and re-encoded upright in the same format
by :func:`auyl.core.images.clean` (that module says what is removed, what is kept and why). Re-encoding
decodes every pixel, so an image that verifies but cannot be decoded (a truncated file) is refused like any
other non-photo; an image of more than :data:`~auyl.core.images.MAX_PIXELS` (about 89 megapixels) is
refused with its own message before it is decoded.

Stored name and hash. ``Photo.sha256``, ``Photo.size`` and the stored name (``<first 32 hex of the
SHA-256>.<ext>``) describe the cleaned bytes, the only bytes kept: the original upload is never written.
The hash names the file and is recorded in the audit log; nothing looks duplicates up by it (two uploads
of one photo are two photos, the storage gives the second file a suffixed name), and since re-encoding is
deterministic two identical uploads still give one hash, as before.

Photos stored before this cleaning: ``manage.py initiatives_strip_photo_metadata`` (see
:func:`clean_stored_photo`).
"""

from __future__ import annotations

import hashlib
import os

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from auyl.core import audit, images
from auyl.core.files import read_upload
from auyl.core.images import MAX_PIXELS, clean, is_clean, sniff
from auyl.core.permissions import has_perm
from auyl.core.rules import get_rule

from . import phases
from .models import Photo, PhotoStage, Proposal

MAX_CAPTION = 200
# detected type (:func:`auyl.core.images.sniff`) -> (MIME type, extensions a name may carry, stored extension)
TYPES = {
    "jpeg": ("image/jpeg", {".jpg", ".jpeg", ".jpe", ".jfif"}, ".jpg"),
    "png": ("image/png", {".png"}, ".png"),
    "webp": ("image/webp", {".webp"}, ".webp"),
}
COMMAND_ACTOR = "manage.py initiatives_strip_photo_metadata"


def _problem(kind: str, data: bytes) -> str | None:
    """``None`` for an image of the sniffed type, ``"pixels"`` when it is too big to decode, else ``"bad"``."""
    return images.problem(kind, data, max_pixels=MAX_PIXELS)  # this module's name, read when called


def _refused(name: str) -> ValidationError:
    return ValidationError(
        {
            "photos": [
                _("%(name)s is not a photo: only JPEG, PNG and WebP images can be added.") % {"name": name}
            ]
        }
    )


def check_photo(territory, uploaded_file) -> tuple[str, bytes, str]:
    """``(kind, bytes to store, name)`` of a valid photo, or a ValidationError on ``photos`` saying what is
    wrong. The bytes are the photo cleaned of its metadata (:func:`clean`), never the upload as it came."""
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
    data = read_upload(uploaded_file, limit)
    if len(data) > limit:
        raise too_large
    if not data:
        raise ValidationError({"photos": [_("The file %(name)s is empty.") % {"name": name}]})
    kind = sniff(data[:16])
    problem = "bad" if kind is None else _problem(kind, data)
    if problem == "pixels":
        message = _("The photo %(name)s has too many pixels (at most %(mp)s megapixels).")
        raise ValidationError({"photos": [message % {"name": name, "mp": MAX_PIXELS // 1_000_000}]})
    if problem:
        raise _refused(name)
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
    try:
        return kind, clean(kind, data), name
    except Exception as exc:  # verified but its pixels do not decode (a truncated file, say)
        raise _refused(name) from exc


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
    """Add a checked photo, cleaned of its metadata, to a proposal (its author while proposals are open, or
    staff) or to a winner's implementation (staff who report on it); at most ``initiatives.max_photos`` per
    stage."""
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
    mime, _names, extension = TYPES[kind]
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


# --- photos stored before the cleaning --------------------------------------------------------------

CLEAN, CLEANED, MISSING, UNREADABLE = "clean", "cleaned", "missing", "unreadable"


def clean_stored_photo(photo: Photo, *, dry_run: bool = False) -> str:
    """Clean one stored photo: :data:`CLEAN` when it holds no metadata (nothing is done: a second run is a
    no-op), :data:`CLEANED` when it was (with ``dry_run``: would be) re-encoded by :func:`clean`,
    :data:`MISSING` when its file cannot be read, :data:`UNREADABLE` when it is not an image that decodes.

    The cleaned bytes get a new file named by their own SHA-256, as uploads are, and the row points to it in
    one transaction with its audit event; the original is deleted once that commits. Overwriting the file in
    place would leave it named by the hash of bytes no longer stored, and a failed write would lose the
    photo."""
    try:
        with photo.file.open("rb") as handle:
            data = handle.read()
    except (OSError, ValueError):  # no file on disk, or no name at all
        return MISSING
    kind = sniff(data[:16])
    if kind is None:
        return UNREADABLE
    try:
        if is_clean(kind, data):
            return CLEAN
        if dry_run:
            return CLEANED
        cleaned = clean(kind, data)
    except Exception:  # any decoding failure: left as it is, and reported
        return UNREADABLE
    _replace_file(photo, kind, cleaned)
    return CLEANED


@transaction.atomic
def _replace_file(photo: Photo, kind: str, cleaned: bytes) -> None:
    before = {"file": photo.file.name, "sha256": photo.sha256, "size": photo.size}
    digest = hashlib.sha256(cleaned).hexdigest()
    photo.file.save(f"{digest[:32]}{TYPES[kind][2]}", ContentFile(cleaned), save=False)
    try:
        photo.sha256, photo.size = digest, len(cleaned)
        photo.save(update_fields=["file", "sha256", "size"])
        audit.record(
            actor=COMMAND_ACTOR,
            action="initiatives.photo_metadata_removed",
            obj=photo,
            territory=photo.proposal.campaign.territory,
            changes=audit.diff(before, {"file": photo.file.name, "sha256": digest, "size": len(cleaned)}),
        )
    except BaseException:
        photo.file.delete(save=False)  # the row keeps the original: leave no orphan copy behind
        raise
    storage, old_name = photo.file.storage, before["file"]
    transaction.on_commit(lambda: storage.delete(old_name))
