"""Photos are public, so what a phone writes into them (GPS position, device, time, comments, text) must
not be: an accepted photo is stored re-encoded, upright, without metadata; bad files are still refused."""

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from auyl.core.models import AuditEvent, TerritorySetting
from auyl.initiatives import photos, services
from auyl.initiatives.models import Photo, Proposal

from .photo_samples import (
    ICC,
    assert_no_metadata,
    assert_upright_picture,
    jpeg_bytes,
    png_bytes,
    upload,
    webp_bytes,
)
from .test_pages import url
from .test_proposals import IDEA

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_campaign(make_campaign, clock):
    campaign = make_campaign()
    clock.to("proposals")
    return campaign


def propose(people, campaign, *files) -> Proposal:
    return services.submit_proposal(actor=people["aliya"], campaign=campaign, photos=list(files), **IDEA)


def stored(photo: Photo) -> bytes:
    with photo.file.open("rb") as handle:
        return handle.read()


def media_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_phone_jpeg_is_published_without_gps_upright_and_with_its_colours(open_campaign, people, client):
    original = jpeg_bytes(orientation=6, icc_profile=ICC)
    with Image.open(io.BytesIO(original)) as image:  # the sample really carries what a phone writes
        assert image.getexif().get_ifd(0x8825) and image.size == (20, 10)
    photo = propose(people, open_campaign, upload(original, "IMG_2030.jpg")).photos.get()
    data = stored(photo)
    image = assert_no_metadata(data)
    assert image.format == "JPEG" and photo.content_type == "image/jpeg"
    assert_upright_picture(image)
    assert image.info.get("icc_profile") == ICC  # colour is kept, it is not personal
    response = client.get(url("photo", open_campaign.pk, photo.proposal.number, photo.pk))
    assert b"".join(response.streaming_content) == data  # what the public page serves is the cleaned file


def test_the_hash_size_and_name_describe_the_stored_bytes(open_campaign, people):
    photo = propose(people, open_campaign, upload(jpeg_bytes(), "a.jpg")).photos.get()
    data = stored(photo)
    digest = hashlib.sha256(data).hexdigest()
    assert photo.sha256 == digest and photo.size == len(data)
    assert photo.file.name.rsplit("/", 1)[-1] == f"{digest[:32]}.jpg"
    assert digest != hashlib.sha256(jpeg_bytes()).hexdigest()
    event = AuditEvent.objects.get(action="initiatives.photo_added")
    assert event.changes["sha256"] == digest and event.changes["size"] == len(data)


def test_the_same_photo_twice_gives_the_same_hash_as_before(open_campaign, people):
    proposal = propose(people, open_campaign, upload(jpeg_bytes(), "a.jpg"), upload(jpeg_bytes(), "b.jpg"))
    first, second = proposal.photos.all()
    assert first.sha256 == second.sha256 and first.file.name != second.file.name
    assert stored(first) == stored(second)


def test_a_png_loses_its_text_chunks_and_exif(open_campaign, people):
    original = png_bytes(orientation=6)
    assert b"tEXt" in original and b"iTXt" in original and b"eXIf" in original
    photo = propose(people, open_campaign, upload(original, "screen.png")).photos.get()
    image = assert_no_metadata(stored(photo))
    assert image.format == "PNG" and photo.content_type == "image/png"
    assert_upright_picture(image)
    assert image.getpixel((9, 0)) == (20, 40, 230)  # PNG stays lossless: the exact blue


@pytest.mark.parametrize("mode", ["RGBA", "P"])
def test_a_transparent_png_keeps_its_transparency(open_campaign, people, mode):
    buffer = io.BytesIO()
    image = Image.new("RGBA", (8, 8), (0, 0, 0, 0))
    image.paste((200, 30, 30, 255), (4, 0, 8, 8))
    if mode == "P":  # a palette image: the transparent colour is a tRNS chunk, not an alpha channel
        palette = image.convert("RGB").quantize(2)
        palette.save(buffer, "PNG", transparency=palette.getpixel((0, 0)))
    else:
        image.save(buffer, "PNG")
    photo = propose(people, open_campaign, upload(buffer.getvalue(), "plan.png")).photos.get()
    with Image.open(io.BytesIO(stored(photo))) as image:
        rgba = image.convert("RGBA")
        assert rgba.getpixel((1, 1))[3] == 0 and rgba.getpixel((6, 1)) == (200, 30, 30, 255)


@pytest.mark.parametrize("lossless", [False, True])
def test_a_webp_loses_its_exif_and_stays_webp(open_campaign, people, lossless):
    original = webp_bytes(orientation=6, lossless=lossless)
    assert b"EXIF" in original
    photo = propose(people, open_campaign, upload(original, "place.webp")).photos.get()
    data = stored(photo)
    image = assert_no_metadata(data)
    assert image.format == "WEBP" and photo.content_type == "image/webp"
    assert_upright_picture(image)
    assert (b"VP8L" in data) is lossless  # a lossless WebP is not degraded by the cleaning


def test_staff_photos_of_the_work_are_cleaned_too(open_campaign, people, staff):
    proposal = propose(people, open_campaign)
    photo = services.add_photo(
        actor=staff["registrar"], proposal=proposal, uploaded_file=upload(jpeg_bytes(), "work.jpg")
    )
    assert_upright_picture(assert_no_metadata(stored(photo)))


TRUNCATED = jpeg_bytes()[:-300]


@pytest.mark.parametrize(
    ("uploaded", "message"),
    [
        (SimpleUploadedFile("photo.jpg", b"<html>not a photo</html>"), "is not a photo"),
        (SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64), "is not a photo"),
        (SimpleUploadedFile("photo.jpg", b""), "is empty"),
        (upload(jpeg_bytes(), "photo.png"), "does not match its name"),
        (upload(jpeg_bytes(), "photo.pdf"), "does not match its name"),
        (upload(b"RIFF\x10\0\0\0WEBPVP8 " + b"\0" * 8, "photo.webp"), "is not a photo"),
        (upload(TRUNCATED, "photo.jpg"), "is not a photo"),  # verifies, but its pixels do not decode
    ],
)
def test_bad_files_are_still_refused_and_nothing_is_stored(
    open_campaign, people, settings, uploaded, message
):
    with pytest.raises(ValidationError, match=message):
        propose(people, open_campaign, uploaded)
    assert not Proposal.objects.exists() and not Photo.objects.exists()
    assert media_files(settings) == []


def test_the_size_rule_still_applies_to_the_upload(open_campaign, people, tree, settings):
    TerritorySetting.objects.create(territory=tree["rd_a"], key="initiatives.max_photo_mb", value=0.001)
    with pytest.raises(ValidationError, match="too large"):
        propose(people, open_campaign, upload(jpeg_bytes() + b"\0" * 2000, "big.jpg"))
    assert not Photo.objects.exists() and media_files(settings) == []


def test_an_image_with_too_many_pixels_is_refused_before_it_is_decoded(
    open_campaign, people, settings, monkeypatch
):
    monkeypatch.setattr(photos, "MAX_PIXELS", 199)  # the 20x10 sample has 200
    with pytest.raises(ValidationError, match="too many pixels") as caught:
        propose(people, open_campaign, upload(jpeg_bytes(), "huge.jpg"))
    assert "photos" in caught.value.message_dict
    assert not Photo.objects.exists() and media_files(settings) == []


def test_a_decompression_bomb_beyond_pillows_own_limit_is_refused(open_campaign, people, settings):
    buffer = io.BytesIO()
    Image.new("1", (15_000, 12_000)).save(buffer, "PNG")  # 180 megapixels, a few kilobytes
    with pytest.raises(ValidationError, match="too many pixels"):
        propose(people, open_campaign, upload(buffer.getvalue(), "bomb.png"))
    assert not Photo.objects.exists() and media_files(settings) == []
