"""Attachments: photos and PDFs recognised by their bytes; disguised, broken and oversized files refused."""

import hashlib
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from auyl.accounts.models import User
from auyl.appeals import attachments, services
from auyl.appeals.models import Attachment
from auyl.core.models import TerritorySetting

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_english")]

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>"


def image(fmt: str, size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, fmt)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root):
    return [p for p in root.rglob("*") if p.is_file()]


@pytest.fixture
def appeal(register):
    return register()[0]


@pytest.mark.parametrize(("name", "data", "mime", "suffix"), [
    ("yard.jpg", image("JPEG"), "image/jpeg", ".jpg"),
    ("Yard.JPEG", image("JPEG"), "image/jpeg", ".jpg"),
    ("pipe.png", image("PNG"), "image/png", ".png"),
    ("roof.webp", image("WEBP"), "image/webp", ".webp"),
    ("letter.pdf", PDF, "application/pdf", ".pdf"),
    ("from-phone", image("PNG"), "image/png", ".png"),  # no extension: the content decides
])
def test_photos_and_pdfs_are_stored_outside_the_database(appeal, people, media, name, data, mime, suffix):
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    attachment = services.add_attachment(actor=people["registrar"], appeal=appeal, uploaded_file=upload)
    attachment.refresh_from_db()
    assert (attachment.content_type, attachment.size, attachment.original_name) == (mime, len(data), name)
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()
    path = media / attachment.file.name
    assert path.read_bytes() == data and path.suffix == suffix
    assert appeal.steps.filter(kind="attachment_added", note=name).exists()


@pytest.mark.parametrize(("name", "data", "message"), [
    ("scan.pdf", image("PNG"), "disguised"),  # a real PNG calling itself a PDF
    ("photo.jpg", image("PNG"), "disguised"),
    ("photo.jpg", HTML, "Only photos"),
    ("letter.pdf", HTML, "Only photos"),
    ("page.html", HTML, "Only photos"),
    ("virus.exe", b"MZ\x90\x00\x03" + b"\x00" * 100, "Only photos"),
    ("broken.png", image("PNG")[:40], "Only photos"),  # a PNG header glued onto nothing
    ("fake.png", b"\x89PNG\r\n\x1a\n" + HTML, "Only photos"),
    ("cut.pdf", PDF[:30], "Only photos"),
    ("empty.pdf", b"", "empty"),
])
def test_disguised_or_broken_files_are_refused(appeal, people, media, name, data, message):
    upload = SimpleUploadedFile(name, data, content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        services.add_attachment(actor=people["registrar"], appeal=appeal, uploaded_file=upload)
    assert message in exc.value.message_dict["file"][0]
    assert Attachment.objects.count() == 0 and stored_files(media) == []


def test_size_limit_is_a_regional_setting(appeal, people, tree, media):
    TerritorySetting.objects.create(territory=tree["rd_a"], key="appeals.max_attachment_mb", value=1)
    big = PDF[:-7] + b"x" * (1024 * 1024) + b"\n%%EOF\n"
    with pytest.raises(ValidationError) as exc:
        services.add_attachment(actor=people["registrar"], appeal=appeal, uploaded_file=SimpleUploadedFile("a.pdf", big))
    assert "too large (at most 1 MB)" in exc.value.message_dict["file"][0]
    lying = SimpleUploadedFile("b.pdf", big)
    lying.size = 100  # a client that understates the size is measured, not believed
    with pytest.raises(ValidationError):
        services.add_attachment(actor=people["registrar"], appeal=appeal, uploaded_file=lying)
    assert Attachment.objects.count() == 0 and stored_files(media) == []


def test_who_may_attach(appeal, people, resident, register):
    upload = SimpleUploadedFile("a.pdf", PDF)
    for outsider in (people["akim_b"], people["auditor"], None):
        with pytest.raises(PermissionDenied):
            services.add_attachment(actor=outsider, appeal=appeal, uploaded_file=upload)
    own, _code = register(resident=resident)
    account = User.objects.create_user(username="resident-2", resident=resident)
    assert services.add_attachment(actor=account, appeal=own, uploaded_file=SimpleUploadedFile("a.pdf", PDF))
    with pytest.raises(PermissionDenied):
        services.add_attachment(actor=account, appeal=appeal, uploaded_file=upload)


def test_a_failed_save_leaves_no_orphan_file(appeal, people, media, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(attachments, "step", broken)
    with pytest.raises(RuntimeError):
        services.add_attachment(actor=people["registrar"], appeal=appeal, uploaded_file=SimpleUploadedFile("a.pdf", PDF))
    assert stored_files(media) == [] and Attachment.objects.count() == 0
