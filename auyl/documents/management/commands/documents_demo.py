"""``manage.py documents_demo``: demo documents passed down to the Krasnoyarsky rural district.

Runs the territory demo first (it is idempotent), because the documents are sent by its staff. Like it,
refused unless ``DEMO_SHORTCUTS``; a second run adds nothing.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils.translation import gettext as _

from auyl.documents.demo import load_documents_demo
from auyl.territory.demo import load_demo


class Command(BaseCommand):
    help = "Load demo documents (a programme from the region, an instruction and a report request from Kokshetau)."

    def handle(self, *args, **options):
        if not settings.DEMO_SHORTCUTS:
            raise CommandError(
                _(
                    "Demo data has known passwords and is never loaded in production: "
                    "the demo command runs only when DEMO_SHORTCUTS (DEBUG) is on."
                )
            )
        load_demo()
        counts = load_documents_demo()
        self.stdout.write(
            _("Demo documents: %(documents)s sent, %(acknowledged)s acknowledged, %(reports)s reports.")
            % counts
        )
        self.stdout.write(
            _("Overview: %(url)s") % {"url": reverse("documents:detail", args=[counts["request"]])}
        )
