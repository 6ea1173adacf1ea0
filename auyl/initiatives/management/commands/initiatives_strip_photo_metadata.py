"""``manage.py initiatives_strip_photo_metadata [--dry-run]``: clean the photos stored before uploads were
cleaned of their metadata (EXIF with GPS, XMP, comments, PNG text: see :mod:`auyl.initiatives.photos`).

Each photo holding metadata gets a cleaned copy named by its own SHA-256, its row points to the copy, an
audit event ``initiatives.photo_metadata_removed`` records the old and new file, hash and size, and the
original file is deleted. Photos already clean are left alone, so a second run changes nothing. With
``--dry-run`` nothing is written: it says how many photos would change.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from auyl.initiatives.models import Photo
from auyl.initiatives.photos import CLEAN, CLEANED, MISSING, UNREADABLE, clean_stored_photo


class Command(BaseCommand):
    help = "Remove metadata (GPS position, device, time, comments) from the stored photos of civic projects."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count the photos that would be cleaned."
        )

    def handle(self, *args, **options):
        dry_run = options["dry_run"]
        counts = {CLEAN: 0, CLEANED: 0, MISSING: 0, UNREADABLE: 0}
        photos = Photo.objects.select_related("proposal__campaign__territory").order_by("pk")
        for photo in list(photos):  # rows are small; each photo is then changed in its own transaction
            outcome = clean_stored_photo(photo, dry_run=dry_run)
            counts[outcome] += 1
            if outcome in (MISSING, UNREADABLE):
                self.stderr.write(
                    _("Photo %(pk)s (%(file)s) could not be read and was left as it is.")
                    % {"pk": photo.pk, "file": photo.file.name}
                )
        numbers = {
            "changed": counts[CLEANED],
            "clean": counts[CLEAN],
            "failed": counts[MISSING] + counts[UNREADABLE],
        }
        if dry_run:
            message = _(
                "%(changed)s photos would be cleaned of their metadata; %(clean)s are already clean; "
                "%(failed)s could not be read."
            )
        else:
            message = _(
                "%(changed)s photos were cleaned of their metadata; %(clean)s were already clean; "
                "%(failed)s could not be read."
            )
        self.stdout.write(message % numbers)
