"""Uploads checked by their bytes: the first bytes name the type, a header glued onto other bytes is not a
file of that type, a name claiming another type is disguised, and an upload is read no further than needed
to know it is too large."""

import io

import pytest
from django.core.files.base import File
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from auyl.core import files, images

from .image_samples import bomb_png, jpeg_bytes, png_bytes, truncated_jpeg, webp_bytes

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (PDF, "pdf"),
        (jpeg_bytes(), "jpeg"),
        (png_bytes(), "png"),
        (webp_bytes(), "webp"),
        (HTML, None),
        (b"MZ\x90\x00\x03" + b"\x00" * 20, None),
        (b"RIFF\0\0\0\0AVI LIST", None),
        (b"", None),
    ],
)
def test_the_first_bytes_name_the_type_and_images_are_named_as_core_images_names_them(data, kind):
    assert files.sniff(data[:16]) == kind
    assert images.sniff(data[:16]) == (None if kind == "pdf" else kind)


def test_an_upload_is_read_whole_from_its_start_or_only_just_past_the_limit():
    upload = SimpleUploadedFile("a.pdf", PDF)
    upload.read(5)  # read before (by a form, say): read again from the start
    assert files.read_upload(upload, len(PDF)) == PDF
    big = File(io.BytesIO(b"x" * (3 * files.CHUNK)), name="big.pdf")  # on disk: read chunk by chunk
    data = files.read_upload(big, files.CHUNK + 1)
    assert len(data) == 2 * files.CHUNK  # too large, known after two chunks; the third is never read
    assert files.read_upload(io.BytesIO(PDF), 1000) == PDF  # a plain file object (no chunks) works too


@pytest.mark.parametrize(
    ("kind", "data", "whole"),
    [
        ("pdf", PDF, True),
        ("pdf", PDF[:30], False),  # cut short: no %%EOF
        ("pdf", b"%PDF-1.4\n" + b"x" * 5000 + b"%%EOF" + b"y" * 5000, False),  # not at its end
        ("jpeg", jpeg_bytes(), True),
        ("png", png_bytes(), True),
        ("webp", webp_bytes(), True),
        ("png", png_bytes()[:40], False),  # a PNG header glued onto nothing
        ("png", b"\x89PNG\r\n\x1a\n" + HTML, False),
        ("jpeg", png_bytes(), False),  # a real image, but not of the sniffed type
        ("png", bomb_png(), False),  # 180 megapixels: over Pillow's own decompression-bomb limit
    ],
)
def test_a_file_is_whole_only_when_its_content_is_what_its_first_bytes_say(kind, data, whole):
    assert files.is_whole(kind, data) is whole


def test_pixels_are_not_decoded_so_a_large_or_truncated_image_that_verifies_is_whole():
    """Appeals store an image as uploaded and accept it when it verifies; apps that decode the pixels refuse
    more with :func:`auyl.core.images.problem` (documents, initiatives)."""
    buffer = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(buffer, "PNG")  # 100 megapixels, a few kilobytes
    assert files.is_whole("png", buffer.getvalue())
    assert images.problem("png", buffer.getvalue()) == "pixels"
    assert files.is_whole("jpeg", truncated_jpeg())


@pytest.mark.parametrize(
    ("kind", "name", "disguised"),
    [
        ("pdf", "letter.pdf", False),
        ("jpeg", "Yard.JPEG", False),  # the case of the extension does not matter
        ("jpeg", "phone.jfif", False),
        ("png", "from-phone", False),  # no extension: the content decides
        ("png", "scan.pdf", True),  # a real PNG calling itself a PDF
        ("png", "photo.jpg", True),
        ("pdf", "invoice.pdf.exe", True),
    ],
)
def test_a_name_whose_extension_claims_another_type_is_disguised(kind, name, disguised):
    assert files.is_disguised(kind, name) is disguised


def test_types_give_the_mime_type_and_the_stored_extension_of_every_sniffed_type():
    assert {kind: (mime, stored) for kind, (mime, _names, stored) in files.TYPES.items()} == {
        "jpeg": ("image/jpeg", ".jpg"),
        "png": ("image/png", ".png"),
        "webp": ("image/webp", ".webp"),
        "pdf": ("application/pdf", ".pdf"),
    }
