"""The sample photos of initiatives' tests: they live in :mod:`auyl.core.tests.image_samples`, shared with
the tests of :mod:`auyl.core.images` and of documents' files."""

from auyl.core.tests.image_samples import (
    BLUE,
    DEVICE,
    HOME,
    ICC,
    RED,
    assert_no_metadata,
    assert_upright_picture,
    jpeg_bytes,
    phone_exif,
    picture,
    png_bytes,
    upload,
    webp_bytes,
)

__all__ = [
    "BLUE",
    "DEVICE",
    "HOME",
    "ICC",
    "RED",
    "assert_no_metadata",
    "assert_upright_picture",
    "jpeg_bytes",
    "phone_exif",
    "picture",
    "png_bytes",
    "upload",
    "webp_bytes",
]
