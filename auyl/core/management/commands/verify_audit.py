from django.core.management.base import BaseCommand, CommandError

from auyl.core.audit import verify_chain


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; report the first tampered or missing entry."

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.ok:
            raise CommandError(
                f"Audit log broken at entry #{report.first_bad_seq}: {report.reason} "
                f"({report.checked} entries verified before it)."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit log intact: {report.checked} entries verified."))
