"""Photos of a proposal's place and of the work on a winner: JPEG, PNG or WebP, checked by their bytes and
stored without their metadata.

Checks. The same approach as appeals' attachments (:mod:`auyl.appeals.attachments`): the name and the
declared type are never trusted, the first bytes decide the type, the image must open and verify in
Pillow, a name whose extension claims another type is refused as disguised, and the size of the upload is
limited by the territory's rule ``initiatives.max_photo_mb``. Photos are public (they are shown on the
project's page), so only images are accepted.

Metadata. Because the photos are published, what a phone writes into them would be published too: EXIF
with the GPS position where the resident stood (often their own yard), the time, the make, model and
serial of the device, the owner's name, an embedded thumbnail (which may still show what was cropped);
XMP and IPTC (Photoshop) blocks, JPEG comments, PNG text chunks (``tEXt``, ``zTXt``, ``iTXt``, ``eXIf``,
``tIME``) and bytes hidden after the image's end. None of that is kept: an accepted photo is decoded and
re-encoded (:func:`clean`) in the same format: JPEG at quality 90, PNG losslessly, WebP losslessly when it
was lossless and at quality 90 otherwise. The EXIF orientation is applied to the pixels first, so the
picture stays upright without the tag. Kept: the pixels at their size (nothing is resized), the colour
(ICC) profile, which describes colour and not a person, and PNG transparency. An animated PNG or WebP keeps
its first frame only. Re-encoding also decodes every pixel, so an image that verifies but cannot be
decoded (a truncated file) is refused like any other non-photo. Decoding costs memory, so an image of more
than :data:`MAX_PIXELS` (Pillow's own decompression-bomb threshold, about 89 megapixels) is refused with its
own message; Pillow refused twice that before, as "not a photo".

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
import io
import os
import warnings

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

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
# Pillow's DecompressionBombWarning threshold (Image.MAX_IMAGE_PIXELS): a 64-megapixel phone photo fits
MAX_PIXELS = 89_478_485
JPEG_QUALITY = 90  # a building's bricks and a sign's letters stay sharp
WEBP_QUALITY = 90
# What a cleaned file may hold besides pixels: colour, transparency and the format's own headers. A stored
# file with anything else (EXIF, XMP, IPTC, comments, text, thumbnails, trailing bytes) is cleaned again.
CLEAN_JPEG_SEGMENTS = (("APP0", b"JFIF\0"), ("APP2", b"ICC_PROFILE\0"), ("APP14", b"Adobe"))
CLEAN_PNG_CHUNKS = set(b"IHDR PLTE IDAT IEND tRNS iCCP sRGB gAMA cHRM pHYs sBIT bKGD".split())
CLEAN_WEBP_CHUNKS = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ICCP"}
COMMAND_ACTOR = "manage.py initiatives_strip_photo_metadata"


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


def _open(data: bytes) -> Image.Image:
    """The image, refused as a decompression bomb above :data:`MAX_PIXELS` (before any pixel is decoded)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # refused below, not just warned
        image = Image.open(io.BytesIO(data))
    if image.width * image.height > MAX_PIXELS:
        image.close()
        raise Image.DecompressionBombError(f"{image.width}x{image.height} is more than {MAX_PIXELS} pixels")
    return image


def _problem(kind: str, data: bytes) -> str | None:
    """``None`` for an image of the sniffed type, ``"pixels"`` when it is too big to decode, else ``"bad"``."""
    try:
        with _open(data) as image:
            image.verify()
            return None if image.format == TYPES[kind][3] else "bad"
    except Image.DecompressionBombError:
        return "pixels"
    except Exception:  # any decoding failure means "not a valid image", whatever Pillow raised
        return "bad"


def _upright(image: Image.Image) -> Image.Image:
    try:
        return ImageOps.exif_transpose(image)
    except Exception:  # unreadable EXIF: the pixels as they are (the EXIF is dropped all the same)
        return image.copy()


def _webp_chunks(data: bytes) -> tuple[list[bytes], bool]:
    """The top-level chunk names of a WebP file, and whether the RIFF container ends where the file does."""
    names, position = [], 12
    while position + 8 <= len(data):
        size = int.from_bytes(data[position + 4 : position + 8], "little")
        names.append(data[position : position + 4])
        position += 8 + size + (size & 1)
    return names, position == len(data) == int.from_bytes(data[4:8], "little") + 8


def clean(kind: str, data: bytes) -> bytes:
    """``data`` (a verified image of ``kind``) re-encoded upright, in the same format, without metadata.

    Raises whatever Pillow raises when the pixels cannot be decoded."""
    with _open(data) as image:
        image.load()
        icc_profile = image.info.get("icc_profile")
        transparency = image.info.get("transparency")
        upright = _upright(image)
    upright.info = {}  # Pillow writes some of it back by default (a JPEG's comment, a PNG's ICC profile)
    options: dict = {"icc_profile": icc_profile} if icc_profile else {}
    if kind == "jpeg":
        if upright.mode not in ("L", "RGB", "CMYK"):
            upright = upright.convert("RGB")
        options["quality"] = JPEG_QUALITY
    elif kind == "png":
        if transparency is not None:
            options["transparency"] = transparency
    elif b"VP8L" in _webp_chunks(data)[0]:
        options["lossless"] = True
    else:
        options["quality"] = WEBP_QUALITY
    buffer = io.BytesIO()
    upright.save(buffer, TYPES[kind][3], **options)
    return buffer.getvalue()


def _png_is_clean(data: bytes) -> bool:
    position = 8
    while position + 12 <= len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        name = data[position + 4 : position + 8]
        position += 12 + length
        if name == b"IEND":
            return position == len(data)
        if name not in CLEAN_PNG_CHUNKS:
            return False
    return False


def _jpeg_segment_is_clean(marker: str, body: bytes) -> bool:
    return any(marker == clean and body.startswith(prefix) for clean, prefix in CLEAN_JPEG_SEGMENTS)


def is_clean(kind: str, data: bytes) -> bool:
    """Whether stored bytes hold nothing but the picture (what :func:`clean` writes): no EXIF (so no GPS
    and no orientation left to apply), no XMP, IPTC, comment or text, nothing after the image's end."""
    if kind == "png":
        return _png_is_clean(data)
    if kind == "webp":
        names, whole = _webp_chunks(data)
        return whole and set(names) <= CLEAN_WEBP_CHUNKS
    if not data.endswith(b"\xff\xd9"):
        return False
    with _open(data) as image:
        return all(_jpeg_segment_is_clean(marker, body) for marker, body in image.applist)


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
    data = _read(uploaded_file, limit)
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
