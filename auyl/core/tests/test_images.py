"""Images cleaned of what a phone writes into them: the GPS position, the device, the time, comments, text,
trailing bytes; upright, same format, colours and transparency kept; bombs and broken files refused."""

import io

import pytest
from PIL import Image, PngImagePlugin

from auyl.core import images

from .image_samples import (
    BLUE,
    ICC,
    assert_no_metadata,
    assert_upright_picture,
    bomb_png,
    jpeg_bytes,
    picture,
    png_bytes,
    truncated_jpeg,
    webp_bytes,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def saved(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def with_iptc(jpeg: bytes) -> bytes:
    """A Photoshop APP13 (IPTC) segment with a by-line, inserted right after the start-of-image marker."""
    body = b"Photoshop 3.0\x008BIM\x04\x04\x00\x00\x00\x00\x00\x0e\x1c\x02P\x00\x0aAliya Seit"
    return jpeg[:2] + b"\xff\xed" + (len(body) + 2).to_bytes(2, "big") + body + jpeg[2:]


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (jpeg_bytes(), "jpeg"),
        (png_bytes(), "png"),
        (webp_bytes(), "webp"),
        (PDF, None),  # not an image: callers that accept PDF sniff it themselves
        (b"<html>photo</html>", None),
        (b"RIFF\0\0\0\0AVI LIST", None),
    ],
)
def test_the_first_bytes_name_the_type(data, kind):
    assert images.sniff(data[:16]) == kind


def test_a_phone_jpeg_loses_gps_exif_xmp_and_comment_stays_upright_and_keeps_its_colours():
    original = jpeg_bytes(orientation=6, icc_profile=ICC)
    with Image.open(io.BytesIO(original)) as image:  # the sample really carries what a phone writes
        assert image.getexif().get_ifd(0x8825) and "comment" in image.info and "xmp" in image.info
    cleaned = images.clean("jpeg", original)
    image = assert_no_metadata(cleaned)
    assert image.format == "JPEG"
    assert_upright_picture(image)
    assert image.info.get("icc_profile") == ICC  # colour is not personal
    assert not images.is_clean("jpeg", original) and images.is_clean("jpeg", cleaned)


def test_an_iptc_block_is_removed():
    original = with_iptc(jpeg_bytes(orientation=1))
    with Image.open(io.BytesIO(original)) as image:
        assert "APP13" in [marker for marker, _body in image.applist]
    assert not images.is_clean("jpeg", original)
    cleaned = images.clean("jpeg", original)
    assert b"Photoshop" not in cleaned and b"Aliya" not in cleaned and images.is_clean("jpeg", cleaned)


def test_a_png_loses_text_and_exif_and_stays_lossless():
    original = png_bytes(orientation=6)
    assert b"tEXt" in original and b"iTXt" in original and b"eXIf" in original
    cleaned = images.clean("png", original)
    image = assert_no_metadata(cleaned)
    assert_upright_picture(image)
    assert image.getpixel((9, 0)) == BLUE  # the exact colour: PNG is re-encoded losslessly
    assert not images.is_clean("png", original) and images.is_clean("png", cleaned)


def test_a_png_time_chunk_is_not_clean():
    info = PngImagePlugin.PngInfo()
    info.add(b"tIME", b"\x07\xee\x03\x04\x09\x0f\x00")
    original = saved(picture(), "PNG", pnginfo=info)
    assert not images.is_clean("png", original)
    assert b"tIME" not in images.clean("png", original)


@pytest.mark.parametrize("mode", ["RGBA", "P"])
def test_png_transparency_is_kept(mode):
    image = Image.new("RGBA", (8, 8), (0, 0, 0, 0))
    image.paste((200, 30, 30, 255), (4, 0, 8, 8))
    if mode == "P":  # a palette image: the transparent colour is a tRNS chunk, not an alpha channel
        palette = image.convert("RGB").quantize(2)
        original = saved(palette, "PNG", transparency=palette.getpixel((0, 0)))
    else:
        original = saved(image, "PNG")
    with Image.open(io.BytesIO(images.clean("png", original))) as cleaned:
        rgba = cleaned.convert("RGBA")
        assert rgba.getpixel((1, 1))[3] == 0 and rgba.getpixel((6, 1)) == (200, 30, 30, 255)


@pytest.mark.parametrize("lossless", [False, True])
def test_a_webp_loses_its_exif_and_keeps_its_compression(lossless):
    original = webp_bytes(orientation=6, lossless=lossless)
    assert b"EXIF" in original
    cleaned = images.clean("webp", original)
    image = assert_no_metadata(cleaned)
    assert image.format == "WEBP"
    assert_upright_picture(image)
    assert (b"VP8L" in cleaned) is lossless
    assert not images.is_clean("webp", original) and images.is_clean("webp", cleaned)


@pytest.mark.parametrize(
    ("kind", "data"),
    [("jpeg", jpeg_bytes(orientation=1)), ("png", png_bytes(orientation=1)), ("webp", webp_bytes(1))],
)
def test_bytes_hidden_after_the_image_are_dropped(kind, data):
    cleaned = images.clean(kind, data)
    hidden = cleaned + b"home address: Abai street 12"
    assert not images.is_clean(kind, hidden)
    assert b"Abai" not in images.clean(kind, hidden)


def test_cleaning_is_deterministic_so_one_upload_gives_one_hash():
    assert images.clean("jpeg", jpeg_bytes()) == images.clean("jpeg", jpeg_bytes())
    assert images.clean("webp", webp_bytes()) == images.clean("webp", webp_bytes())


def test_an_animated_png_keeps_its_first_frame_only():
    frames = [Image.new("RGB", (6, 6), colour) for colour in ((200, 30, 30), BLUE)]
    original = saved(frames[0], "PNG", save_all=True, append_images=frames[1:])
    assert b"acTL" in original and not images.is_clean("png", original)
    cleaned = images.clean("png", original)
    with Image.open(io.BytesIO(cleaned)) as image:
        assert getattr(image, "n_frames", 1) == 1 and image.convert("RGB").getpixel((0, 0)) == (200, 30, 30)
    assert b"acTL" not in cleaned and images.is_clean("png", cleaned)


def test_a_cmyk_jpeg_stays_cmyk():
    with Image.open(io.BytesIO(images.clean("jpeg", saved(picture(mode="CMYK"), "JPEG")))) as image:
        assert image.mode == "CMYK"


def test_a_bomb_is_refused_from_its_header():
    bomb = bomb_png()
    assert len(bomb) < 100_000  # a few kilobytes declaring 180 megapixels
    assert images.problem("png", bomb) == "pixels"
    with pytest.raises(Image.DecompressionBombError):
        images.clean("png", bomb)


def test_the_pixel_limit_applies_at_its_value_and_can_be_given(monkeypatch):
    data = jpeg_bytes()  # 20x10: 200 pixels
    assert images.problem("jpeg", data, max_pixels=200) is None
    assert images.problem("jpeg", data, max_pixels=199) == "pixels"
    with pytest.raises(Image.DecompressionBombError):
        images.open_image(data, max_pixels=199)
    monkeypatch.setattr(images, "MAX_PIXELS", 199)
    assert images.problem("jpeg", data) == "pixels"
    with pytest.raises(Image.DecompressionBombError):
        images.clean("jpeg", data)


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        ("png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64),  # a header and nothing else
        ("webp", b"RIFF\x10\0\0\0WEBPVP8 " + b"\0" * 8),
        ("jpeg", png_bytes()),  # a PNG is not the JPEG it claims to be
        ("jpeg", b"\xff\xd8\xff<html>"),
    ],
)
def test_what_is_not_an_image_of_its_type_is_bad(kind, data):
    assert images.problem(kind, data) == "bad"


def test_a_truncated_jpeg_verifies_but_cannot_be_cleaned():
    data = truncated_jpeg()
    assert images.problem("jpeg", data) is None  # verify() does not decode the pixels
    assert not images.is_clean("jpeg", data)  # it does not end like a JPEG
    with pytest.raises(OSError):
        images.clean("jpeg", data)


def test_a_truncated_jpeg_is_refused_even_after_weasyprint_loosened_pillow(monkeypatch):
    """Importing weasyprint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES; the checks must not follow it."""
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    with pytest.raises(OSError):
        images.clean("jpeg", truncated_jpeg())
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # what the other module set is given back
