"""Images as phones make them, built in memory: EXIF with a GPS position, the device and the time, an
Orientation tag (the camera was held sideways), XMP, a JPEG comment, PNG text chunks; and the broken ones:
a truncated JPEG and a decompression bomb. Shared by the tests of :mod:`auyl.core.images` and of the apps
that publish images (initiatives' photos, documents' files)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageCms, PngImagePlugin

RED, BLUE = (200, 30, 30), (20, 40, 230)
DEVICE = "SM-A515F"
HOME = "Abai street 12"  # what a resident's phone may write into a PNG's text
ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def picture(size=(20, 10), mode="RGB") -> Image.Image:
    """Red with a blue 5x5 square in the top-left corner, so a rotation shows where the corner went."""
    image = Image.new("RGB", size, RED)
    image.paste(BLUE, (0, 0, 5, 5))
    return image.convert(mode)


def phone_exif(orientation: int = 6) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Samsung"
    exif[ExifTags.Base.Model] = DEVICE
    exif[ExifTags.Base.DateTime] = "2030:03:04 09:15:00"
    exif[ExifTags.Base.Orientation] = orientation
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(
        {
            ExifTags.GPS.GPSLatitudeRef: "N",
            ExifTags.GPS.GPSLatitude: (43.0, 15.0, 30.0),
            ExifTags.GPS.GPSLongitudeRef: "E",
            ExifTags.GPS.GPSLongitude: (76.0, 57.0, 12.0),
        }
    )
    return exif


def jpeg_bytes(orientation: int = 6, **extra) -> bytes:
    buffer = io.BytesIO()
    picture().save(
        buffer,
        "JPEG",
        quality=95,
        exif=phone_exif(orientation),
        comment=b"taken at home",
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/">GPS 43.25 76.95</x:xmpmeta>',
        **extra,
    )
    return buffer.getvalue()


def png_bytes(orientation: int = 6) -> bytes:
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", HOME)
    text.add_itxt("Author", "Әлия Сейтқали")
    buffer = io.BytesIO()
    picture().save(buffer, "PNG", pnginfo=text, exif=phone_exif(orientation))
    return buffer.getvalue()


def webp_bytes(orientation: int = 6, lossless: bool = False) -> bytes:
    buffer = io.BytesIO()
    picture().save(buffer, "WEBP", exif=phone_exif(orientation), quality=95, lossless=lossless)
    return buffer.getvalue()


def truncated_jpeg() -> bytes:
    """A phone JPEG cut short in its pixel data: Pillow's ``verify()`` accepts it, its pixels do not decode."""
    buffer = io.BytesIO()
    picture((200, 100)).save(buffer, "JPEG", exif=phone_exif())
    return buffer.getvalue()[:-300]


def bomb_png() -> bytes:
    """A PNG of a few kilobytes that declares 180 megapixels (twice Pillow's own bomb threshold)."""
    buffer = io.BytesIO()
    Image.new("1", (15_000, 12_000)).save(buffer, "PNG")
    return buffer.getvalue()


def upload(data: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def assert_no_metadata(data: bytes) -> Image.Image:
    """The stored bytes carry no EXIF (so no GPS), XMP, comment or text; returns the opened image."""
    secrets = (b"Exif\0\0", b"eXIf", b"EXIF", b"xmpmeta", b"taken at home", b"tEXt", b"iTXt", b"zTXt")
    for secret in (*secrets, DEVICE.encode(), HOME.encode()):
        assert secret not in data, secret
    image = Image.open(io.BytesIO(data))
    assert dict(image.getexif()) == {}
    assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert not {"exif", "xmp", "comment", "Comment", "Author"} & set(image.info)
    assert not getattr(image, "text", {})
    return image


def assert_upright_picture(image: Image.Image) -> None:
    """Orientation 6 applied: the 20x10 picture stands 10x20 and its blue corner went to the top right."""
    assert image.size == (10, 20)
    rgb = image.convert("RGB")
    top_right, bottom_left = rgb.getpixel((8, 1)), rgb.getpixel((1, 18))
    assert all(abs(a - b) < 40 for a, b in zip(top_right, BLUE, strict=True)), top_right
    assert all(abs(a - b) < 40 for a, b in zip(bottom_left, RED, strict=True)), bottom_left
