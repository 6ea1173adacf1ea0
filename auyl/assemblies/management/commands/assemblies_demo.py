"""``manage.py assemblies_demo``: demo gatherings and a community meeting of the Krasnoyarsky rural district.

Runs the territory demo first (it is idempotent), because the meetings are held by its staff with its
residents. Like it, refused unless ``DEMO_SHORTCUTS``; a second run adds nothing.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.utils.translation import gettext as _

from auyl.assemblies.demo import load_assemblies_demo
from auyl.territory.demo import load_demo


class Command(BaseCommand):
    help = "Load demo meetings (a held gathering, an announced gathering, a community meeting with members)."

    def handle(self, *args, **options):
        if not settings.DEMO_SHORTCUTS:
            raise CommandError(
                _(
                    "Demo data has known passwords and is never loaded in production: "
                    "the demo command runs only when DEMO_SHORTCUTS (DEBUG) is on."
                )
            )
        load_demo()
        # The notices' SMS stay in the outbox (delivered by `manage.py tick`) instead of flooding the console.
        with override_settings(NOTIFY_SEND_ON_COMMIT=False):
            counts = load_assemblies_demo()
        self.stdout.write(
            _(
                "Demo meetings: %(past)s held gathering, %(upcoming)s announced gathering, "
                "%(community)s community meeting and %(members)s members added."
            )
            % counts
        )
