"""Images published without what a phone or an editor wrote into them besides the picture.

Why. An image shown on a public page or downloadable by anyone publishes all of its bytes, and a phone
writes much more than the picture: EXIF with the GPS position where the person stood (often their own
yard), the time, the make, model and serial of the device, the owner's name, an embedded thumbnail (which
may still show what was cropped). Editors add XMP and IPTC (Photoshop) blocks and JPEG comments; PNG files
carry text chunks (``tEXt``, ``zTXt``, ``iTXt``, ``eXIf``, ``tIME``); any file may hide bytes after the
image's end. Users do not see any of it, so they cannot be asked to remove it themselves.

What :func:`clean` keeps. The image is decoded and re-encoded in the same format: JPEG at
:data:`JPEG_QUALITY`, PNG losslessly, WebP losslessly when it was lossless and at :data:`WEBP_QUALITY`
otherwise. The EXIF orientation is applied to the pixels first, so the picture stays upright without the
tag. Kept: the pixels at their size (nothing is resized), the colour (ICC) profile, which describes colour
and not a person, and PNG transparency. An animated PNG or WebP keeps its first frame only. Nothing else is
written, and re-encoding is deterministic: one input always gives the same bytes (so the same SHA-256).

Decoding. Re-encoding decodes every pixel, so an image that passes Pillow's ``verify()`` but cannot be
decoded (a truncated file) makes :func:`clean` raise: callers refuse such a file. Pillow's switch to
accept truncated files is process-wide and weasyprint turns it on when it is imported (any PDF export),
so decoding here always runs with it off (:func:`_strict`); otherwise a server that had made one PDF
would go on to accept cut-short uploads. Decoding costs memory
(a few bytes a pixel), so :func:`open_image` refuses an image of more than :data:`MAX_PIXELS` (Pillow's own
decompression-bomb threshold, about 89 megapixels) from its header, before a pixel is decoded: a PNG of a
few kilobytes can declare 180 megapixels.

Stored files. :func:`is_clean` tells whether stored bytes hold nothing but what :func:`clean` writes (the
``CLEAN_*`` sets list what may remain), so a command cleaning files stored earlier leaves clean ones alone.

Types. :func:`sniff` names the type by the first bytes, never by the name or the declared type; it is the
image part of :func:`auyl.core.files.sniff`, which also knows PDF (and calls this one). Used by
:mod:`auyl.initiatives.photos` (photos of proposals and of the work) and :mod:`auyl.documents.files`
(images attached to documents and reports).
"""

from __future__ import annotations

import io
import threading
import warnings
from contextlib import contextmanager

from PIL import Image, ImageFile, ImageOps

# detected type -> Pillow's name of the format
PIL_FORMATS = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}
# Pillow's DecompressionBombWarning threshold (Image.MAX_IMAGE_PIXELS): a 64-megapixel phone photo fits
MAX_PIXELS = 89_478_485
JPEG_QUALITY = 90  # a building's bricks and a sign's letters stay sharp
WEBP_QUALITY = 90
# What a cleaned file may hold besides pixels: colour, transparency and the format's own headers. A stored
# file with anything else (EXIF, XMP, IPTC, comments, text, thumbnails, trailing bytes) is not clean.
CLEAN_JPEG_SEGMENTS = (("APP0", b"JFIF\0"), ("APP2", b"ICC_PROFILE\0"), ("APP14", b"Adobe"))
CLEAN_PNG_CHUNKS = set(b"IHDR PLTE IDAT IEND tRNS iCCP sRGB gAMA cHRM pHYs sBIT bKGD".split())
CLEAN_WEBP_CHUNKS = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ICCP"}


def sniff(head: bytes) -> str | None:
    """``"jpeg"``, ``"png"`` or ``"webp"`` as the first bytes (magic numbers) say, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


_STRICT = threading.Lock()


@contextmanager
def _strict():
    """Pillow refusing truncated images for the time of one decode, whatever another module set."""
    with _STRICT:
        before = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = before


def open_image(data: bytes, *, max_pixels: int | None = None) -> Image.Image:
    """The image, refused as a decompression bomb (``Image.DecompressionBombError``) above ``max_pixels``
    (default :data:`MAX_PIXELS`) before any pixel is decoded."""
    limit = MAX_PIXELS if max_pixels is None else max_pixels
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # refused below, not just warned
        image = Image.open(io.BytesIO(data))
    if image.width * image.height > limit:
        image.close()
        raise Image.DecompressionBombError(f"{image.width}x{image.height} is more than {limit} pixels")
    return image


def problem(kind: str, data: bytes, *, max_pixels: int | None = None) -> str | None:
    """``None`` for an image of the sniffed ``kind`` that verifies, ``"pixels"`` when it has too many pixels
    to decode (see :func:`open_image`), else ``"bad"``. A verified image may still fail in :func:`clean`."""
    try:
        with _strict(), open_image(data, max_pixels=max_pixels) as image:
            image.verify()
            return None if image.format == PIL_FORMATS[kind] else "bad"
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

    Raises ``Image.DecompressionBombError`` above :data:`MAX_PIXELS`, and whatever Pillow raises when the
    pixels cannot be decoded."""
    with _strict(), open_image(data) as image:
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
    upright.save(buffer, PIL_FORMATS[kind], **options)
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
    return any(marker == allowed and body.startswith(prefix) for allowed, prefix in CLEAN_JPEG_SEGMENTS)


def is_clean(kind: str, data: bytes) -> bool:
    """Whether stored bytes hold nothing but the picture (what :func:`clean` writes): no EXIF (so no GPS
    and no orientation left to apply), no XMP, IPTC, comment or text, nothing after the image's end.

    A JPEG is opened to read its segments, so it may raise as :func:`open_image` and Pillow do."""
    if kind == "png":
        return _png_is_clean(data)
    if kind == "webp":
        names, whole = _webp_chunks(data)
        return whole and set(names) <= CLEAN_WEBP_CHUNKS
    if not data.endswith(b"\xff\xd9"):
        return False
    with open_image(data) as image:
        return all(_jpeg_segment_is_clean(marker, body) for marker, body in image.applist)
