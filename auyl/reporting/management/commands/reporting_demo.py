"""``manage.py reporting_demo``: the demo reporting meetings (the sources' two examples of Q1 2022, a
meeting of this year and two planned ones) in the Krasnoyarsky rural district.

Runs the territory demo first (it is idempotent), because the meetings are entered by its staff. Like
it, refused unless ``DEMO_SHORTCUTS``; a second run adds nothing.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.utils.translation import gettext as _

from auyl.reporting.demo import load_reporting_demo
from auyl.territory.demo import load_demo


class Command(BaseCommand):
    help = "Load demo reporting meetings (Kyzyl Zhuldyz and Krasnoyarsky Q1 2022, this year's, planned ones)."

    def handle(self, *args, **options):
        if not settings.DEMO_SHORTCUTS:
            raise CommandError(
                _(
                    "Demo data has known passwords and is never loaded in production: "
                    "the demo command runs only when DEMO_SHORTCUTS (DEBUG) is on."
                )
            )
        load_demo()
        # Receipts stay in the outbox (delivered by `manage.py tick`) instead of flooding the console.
        with override_settings(NOTIFY_SEND_ON_COMMIT=False):
            counts = load_reporting_demo()
        self.stdout.write(
            _(
                "Demo reporting meetings: %(examples)s from the sources' examples, %(current)s of "
                "this year and %(planned)s planned added."
            )
            % counts
        )
