"""``manage.py initiatives_strip_photo_metadata``: photos stored as uploaded, before the cleaning, get a
cleaned copy and an audit event; --dry-run only counts; a second run changes nothing."""

import hashlib
import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from auyl.core.audit import verify_chain
from auyl.core.models import AuditEvent
from auyl.initiatives import services
from auyl.initiatives.models import Photo

from .photo_samples import assert_no_metadata, assert_upright_picture, jpeg_bytes, png_bytes, upload
from .test_proposals import IDEA

pytestmark = pytest.mark.django_db
ACTION = "initiatives.photo_metadata_removed"


@pytest.fixture
def proposal(make_campaign, people, clock):
    campaign = make_campaign()
    clock.to("proposals")
    return services.submit_proposal(actor=people["aliya"], campaign=campaign, **IDEA)


def old_photo(proposal, data: bytes, extension: str, mime: str) -> Photo:
    """A photo stored byte for byte as uploaded, as the app did before the cleaning."""
    digest = hashlib.sha256(data).hexdigest()
    photo = Photo(proposal=proposal, original_name=f"old{extension}", content_type=mime, size=len(data))
    photo.sha256 = digest
    photo.file.save(f"{digest[:32]}{extension}", ContentFile(data), save=False)
    photo.save()
    return photo


def stored(photo: Photo) -> bytes:
    with photo.file.open("rb") as handle:
        return handle.read()


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("initiatives_strip_photo_metadata", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def album(proposal, people):
    """Two old photos with metadata and one uploaded (already clean) photo."""
    jpeg = old_photo(proposal, jpeg_bytes(orientation=6), ".jpg", "image/jpeg")
    png = old_photo(proposal, png_bytes(orientation=6), ".png", "image/png")
    fresh = services.add_photo(
        actor=people["aliya"], proposal=proposal, uploaded_file=upload(jpeg_bytes(), "new.jpg")
    )
    return jpeg, png, fresh


def test_dry_run_counts_and_changes_nothing(album):
    jpeg, png, fresh = album
    before = {p.pk: (p.file.name, stored(p)) for p in album}
    out, _err = run("--dry-run")
    assert "2 photos would be cleaned of their metadata; 1 are already clean; 0 could not be read." in out
    for photo in album:
        photo.refresh_from_db()
        assert (photo.file.name, stored(photo)) == before[photo.pk]
    assert not AuditEvent.objects.filter(action=ACTION).exists()


def test_old_photos_are_cleaned_with_an_audit_event_and_a_second_run_is_a_no_op(
    album, django_capture_on_commit_callbacks
):
    jpeg, png, fresh = album
    old_names = {p.pk: p.file.name for p in album}
    storage = jpeg.file.storage
    with django_capture_on_commit_callbacks(execute=True):  # the originals are deleted once it commits
        out, _err = run()
    assert "2 photos were cleaned of their metadata; 1 were already clean; 0 could not be read." in out
    for photo in (jpeg, png):
        photo.refresh_from_db()
        data = stored(photo)
        assert_upright_picture(assert_no_metadata(data))
        digest = hashlib.sha256(data).hexdigest()
        assert photo.sha256 == digest and photo.size == len(data)
        assert photo.file.name.rsplit("/", 1)[-1].startswith(digest[:32])
        assert not storage.exists(old_names[photo.pk])  # the original with the GPS position is gone
        event = AuditEvent.objects.get(action=ACTION, object_id=str(photo.pk))
        assert event.changes["file"] == [old_names[photo.pk], photo.file.name]
        assert (
            event.changes["sha256"][1] == digest
            and event.territory_code == photo.proposal.campaign.territory.code
        )
    fresh.refresh_from_db()
    assert fresh.file.name == old_names[fresh.pk]
    assert verify_chain().ok

    names = {p.pk: p.file.name for p in Photo.objects.all()}
    out, _err = run()
    assert "0 photos were cleaned of their metadata; 3 were already clean; 0 could not be read." in out
    assert {p.pk: p.file.name for p in Photo.objects.all()} == names
    assert AuditEvent.objects.filter(action=ACTION).count() == 2
    assert "0 photos would be cleaned" in run("--dry-run")[0]


def test_a_missing_or_broken_file_is_reported_and_the_others_are_cleaned(proposal):
    good = old_photo(proposal, jpeg_bytes(), ".jpg", "image/jpeg")
    gone = old_photo(proposal, jpeg_bytes(orientation=3), ".jpg", "image/jpeg")
    gone.file.storage.delete(gone.file.name)
    broken = old_photo(proposal, jpeg_bytes()[:200], ".jpg", "image/jpeg")
    out, err = run()
    assert "1 photos were cleaned of their metadata; 0 were already clean; 2 could not be read." in out
    assert f"Photo {gone.pk} " in err and f"Photo {broken.pk} " in err
    good.refresh_from_db()
    assert_no_metadata(stored(good))
    assert AuditEvent.objects.filter(action=ACTION).count() == 1
