"""``manage.py initiatives_demo``: the demo civic projects of the Krasnoyarsky rural district.

Runs the territory demo first (it is idempotent), because the campaigns are run by its staff and voted
on by its residents. Like it, refused unless ``DEMO_SHORTCUTS``; a second run adds nothing.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.utils.translation import gettext as _

from auyl.initiatives.demo import load_initiatives_demo
from auyl.territory.demo import load_demo


class Command(BaseCommand):
    help = "Load demo civic projects (Krasnoyarsky 2025 with results and implementation, 2026 in voting)."

    def handle(self, *args, **options):
        if not settings.DEMO_SHORTCUTS:
            raise CommandError(
                _(
                    "Demo data has known passwords and is never loaded in production: "
                    "the demo command runs only when DEMO_SHORTCUTS (DEBUG) is on."
                )
            )
        load_demo()
        with override_settings(NOTIFY_SEND_ON_COMMIT=False):
            counts = load_initiatives_demo()
        if not any(counts.values()):
            self.stdout.write(_("The demo civic projects are already loaded."))
            return
        self.stdout.write(
            _(
                "Demo civic projects: %(campaigns)s campaigns, %(proposals)s proposals, %(ballots)s "
                "ballots added."
            )
            % counts
        )
