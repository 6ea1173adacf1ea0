"""Images attached to documents and reports are stored without what a phone writes into them (a public
document's files are downloadable by anyone); PDF files are kept byte for byte; an image that is too large
to decode or cut short is refused and nothing is stored."""

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from auyl.core.models import AuditEvent
from auyl.core.tests.image_samples import (
    BLUE,
    ICC,
    assert_no_metadata,
    assert_upright_picture,
    bomb_png,
    jpeg_bytes,
    png_bytes,
    truncated_jpeg,
    upload,
    webp_bytes,
)
from auyl.documents import services
from auyl.documents.models import Acknowledgement, Document, DocumentFile, Report

from .conftest import NOW, PDF, pdf_file
from .test_pages import signed_in, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def public(send, *files):
    return send(files=list(files), is_public=True, kind="programme", report_due=None)


def download(client: Client, row: DocumentFile) -> bytes:
    response = client.get(url("file", row.pk))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def media_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_phone_photo_of_a_public_document_is_published_without_gps(send):
    original = jpeg_bytes(orientation=6, icc_profile=ICC)
    public(send, upload(original, "IMG_2030.jpg"))
    row = DocumentFile.objects.get()
    data = download(Client(), row)  # anyone, without signing in
    image = assert_no_metadata(data)
    assert image.format == "JPEG" and row.content_type == "image/jpeg"
    assert_upright_picture(image)  # the orientation was applied to the pixels before the tag went
    assert image.info.get("icc_profile") == ICC  # colour is kept, it is not personal
    assert row.original_name == "IMG_2030.jpg"


def test_the_hash_size_name_and_audit_describe_the_cleaned_bytes(send):
    original = jpeg_bytes()
    public(send, upload(original, "a.jpg"))
    row = DocumentFile.objects.get()
    data = download(Client(), row)
    digest = hashlib.sha256(data).hexdigest()
    assert row.sha256 == digest and row.size == len(data) and digest != hashlib.sha256(original).hexdigest()
    assert row.file.name.rsplit("/", 1)[-1] == f"{digest[:32]}.jpg"
    (entry,) = AuditEvent.objects.get(action="document.sent").changes["files"]
    assert entry["sha256"] == digest and entry["size"] == len(data)


def test_a_png_of_a_correction_loses_its_text_and_stays_lossless(send, staff):
    document = public(send)
    services.revise_document(
        actor=staff["supervisor"],
        document=document,
        title="Бағдарлама",
        correction_note="Сурет қосылды",
        is_public=True,
        files=[upload(png_bytes(orientation=6), "plan.png")],
    )
    image = assert_no_metadata(download(Client(), DocumentFile.objects.get()))
    assert image.format == "PNG"
    assert_upright_picture(image)
    assert image.getpixel((9, 0)) == BLUE


def test_a_webp_of_a_report_is_cleaned_too(send, tree, staff):
    document = send(report_due=NOW.date() + dt.timedelta(days=2))
    services.submit_report(
        actor=staff["akim_a"],
        document=document,
        territory=tree["rd_a"],
        text="Жол жөнделді.",
        files=[upload(webp_bytes(orientation=6, lossless=True), "road.webp")],
    )
    row = Report.objects.get().files.get()
    data = download(signed_in(staff["supervisor"]), row)
    image = assert_no_metadata(data)
    assert image.format == "WEBP" and b"VP8L" in data  # a lossless WebP stays lossless
    assert_upright_picture(image)


def test_a_pdf_is_stored_byte_for_byte(send):
    public(send, pdf_file("programme.pdf"))
    row = DocumentFile.objects.get()
    assert download(Client(), row) == PDF
    assert row.sha256 == hashlib.sha256(PDF).hexdigest() and row.size == len(PDF)
    assert row.file.name.rsplit("/", 1)[-1] == f"{row.sha256[:32]}.pdf"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (bomb_png(), "bomb.png", "bomb.png: the image has too many pixels (at most 89 megapixels)."),
        (truncated_jpeg(), "scan.jpg", "scan.jpg: the image cannot be read whole"),
    ],
    ids=["bomb", "cut-short"],
)
def test_an_image_too_large_to_decode_or_cut_short_is_refused_with_nothing_stored(
    send, tree, staff, settings, data, name, message
):
    good = [pdf_file("plan.pdf"), upload(jpeg_bytes(), "ok.jpg")]
    with pytest.raises(ValidationError) as error:
        public(send, *good, upload(data, name))
    assert message in error.value.message_dict["files"][0]
    assert not Document.objects.exists() and not DocumentFile.objects.exists()
    assert not AuditEvent.objects.filter(action="document.sent").exists()
    document = send()
    with pytest.raises(ValidationError) as error:
        services.submit_report(
            actor=staff["akim_a"],
            document=document,
            territory=tree["rd_a"],
            text="Есеп",
            files=[*good, upload(data, name)],
        )
    assert message in error.value.message_dict["files"][0]
    assert not Report.objects.exists() and not Acknowledgement.objects.exists()
    assert not DocumentFile.objects.exists() and media_files(settings) == []


def test_the_form_shows_why_an_image_was_refused(tree, staff, settings):
    response = signed_in(staff["supervisor"]).post(
        url("send", lang="en"),
        {
            "unit": "111000000",
            "kind": "programme",
            "title": "Бағдарлама",
            "level": "rural_district",
            "is_public": "on",
            "files": [upload(bomb_png(), "bomb.png")],
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and "has-error" in html and "too many pixels" in html
    assert not Document.objects.exists() and media_files(settings) == []
