"""``manage.py import_kato FILE [--dry-run]``: load a public KATO extract (see auyl.territory.kato)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from auyl.territory.kato import KatoImportError, import_kato
from auyl.territory.models import Level


class Command(BaseCommand):
    help = "Import territorial units from a KATO extract (id;parent_id;code;name, UTF-8)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the KATO extract")
        parser.add_argument("--dry-run", action="store_true", help="check the file and count, write nothing")

    def handle(self, *args, file, dry_run=False, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(_("Cannot read %(file)s: %(error)s") % {"file": file, "error": exc.strerror}) from None
        try:
            result = import_kato(actor=None, data=data, filename=path.name, dry_run=dry_run)
        except KatoImportError as exc:
            raise CommandError("\n".join([_("%(file)s was not imported:") % {"file": file}, *exc.messages])) from None
        labels = dict(Level.choices)
        self.stdout.write(_("Units in the file by level:"))
        for level, count in result.by_level.items():
            self.stdout.write(f"  {labels.get(level, level)}: {count}")
        self.stdout.write(
            _("%(total)s units: %(created)s created, %(updated)s updated (%(moved)s moved), %(unchanged)s unchanged.")
            % {"total": result.total, "created": result.created, "updated": result.updated,
               "moved": result.moved, "unchanged": result.unchanged}
        )
        if dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
