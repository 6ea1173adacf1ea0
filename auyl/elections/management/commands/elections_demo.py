"""``manage.py elections_demo``: the 2021 campaign as printed and the Krasnoyarsky elections.

Runs the territory demo first (idempotent); refused unless ``DEMO_SHORTCUTS``; a second run adds nothing.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from auyl.elections.demo import load_elections_demo
from auyl.territory.demo import load_demo


class Command(BaseCommand):
    help = "Load demo akim elections (the 2021 campaign tables and the Krasnoyarsky rural district)."

    def handle(self, *args, **options):
        if not settings.DEMO_SHORTCUTS:
            raise CommandError(
                _(
                    "Demo data has known passwords and is never loaded in production: "
                    "the demo command runs only when DEMO_SHORTCUTS (DEBUG) is on."
                )
            )
        load_demo()
        counts = load_elections_demo()
        self.stdout.write(
            _("Demo elections: %(campaigns)s campaign and %(elections)s elections added.") % counts
        )
