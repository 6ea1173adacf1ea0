"""Uploaded files checked by what their bytes are: PDF documents and JPEG, PNG and WebP images.

Why. A file's name and the type the browser declares are written by whoever sends it, so neither is
trusted: the first bytes decide the type (:func:`sniff`), the content must really be a file of that type
and not a header glued onto other bytes (:func:`is_whole`), and a name whose extension claims another type
(a ``.pdf`` that is really a PNG, a ``.jpg`` that is HTML) is refused as disguised (:func:`is_disguised`).
An upload is read in chunks and no further than just past the caller's byte limit (:func:`read_upload`),
whatever size the client claimed.

These are the checks, not the policy: each app decides which types it accepts, its size rule, its
messages and what it stores (appeals' attachments, documents' files). Images that will be published are
also cleaned of their metadata and their pixel count limited by :mod:`auyl.core.images`, whose
:func:`~auyl.core.images.sniff` is the image part of :func:`sniff` here.
"""

from __future__ import annotations

import os

from . import images

CHUNK = 64 * 1024
PDF_TAIL = 2048  # a PDF's %%EOF marker stands in its last bytes (a few line ends may follow it)
# detected type -> (MIME type, extensions a name may carry, extension given to the stored file)
TYPES = {
    "jpeg": ("image/jpeg", {".jpg", ".jpeg", ".jpe", ".jfif"}, ".jpg"),
    "png": ("image/png", {".png"}, ".png"),
    "webp": ("image/webp", {".webp"}, ".webp"),
    "pdf": ("application/pdf", {".pdf"}, ".pdf"),
}


def sniff(head: bytes) -> str | None:
    """The type named by the file's first bytes (magic numbers; 16 are enough): ``"jpeg"``, ``"png"``,
    ``"webp"`` (as :func:`auyl.core.images.sniff`) or ``"pdf"``; None for anything else."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    return images.sniff(head)


def read_upload(uploaded_file, limit: int) -> bytes:
    """The bytes of an uploaded file, read from its start in chunks and stopped once more than ``limit``
    bytes have been read: a result longer than ``limit`` means the file is too large (a client may
    understate its size, so the caller checks the length, not the declared size)."""
    uploaded_file.seek(0)
    data = bytearray()
    for chunk in uploaded_file.chunks(CHUNK) if hasattr(uploaded_file, "chunks") else [uploaded_file.read()]:
        data += chunk
        if len(data) > limit:
            break
    return bytes(data)


def is_whole(kind: str, data: bytes) -> bool:
    """Whether ``data`` really holds what its first bytes say (``kind`` from :func:`sniff`): a PDF ends with
    ``%%EOF``, an image opens and verifies in Pillow as that format.

    An image's pixels are not decoded here, and the only size refused is Pillow's own decompression-bomb
    limit (twice :data:`~auyl.core.images.MAX_PIXELS`); a caller that decodes images refuses more with
    :func:`auyl.core.images.problem`."""
    if kind == "pdf":
        return b"%%EOF" in data[-PDF_TAIL:]
    return images.problem(kind, data, max_pixels=2 * images.MAX_PIXELS) is None


def is_disguised(kind: str, name: str) -> bool:
    """Whether the extension of ``name`` claims a type other than ``kind`` (a name without an extension
    claims nothing, so the content decides)."""
    extension = os.path.splitext(name)[1].lower()
    return bool(extension) and extension not in TYPES[kind][1]
