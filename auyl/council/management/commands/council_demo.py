"""``manage.py council_demo``: the demo council of the Krasnoyarsky rural district.

Runs the territory demo first (it is idempotent), because the council is formed by its staff from its
residents. Refused unless ``DEMO_SHORTCUTS``; a second run adds nothing.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.utils.translation import gettext as _

from auyl.council.demo import load_council_demo
from auyl.territory.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo council of the Krasnoyarsky rural district (seats, members, commission, recommendation)."

    def handle(self, *args, **options):
        if not settings.DEMO_SHORTCUTS:
            raise CommandError(
                _(
                    "Demo data has known passwords and is never loaded in production: "
                    "the demo command runs only when DEMO_SHORTCUTS (DEBUG) is on."
                )
            )
        load_demo()
        # Session notices stay in the outbox (delivered by `manage.py tick`), as in the appeals demo.
        with override_settings(NOTIFY_SEND_ON_COMMIT=False):
            counts = load_council_demo()
        self.stdout.write(
            _(
                "Demo council: %(council)s council, %(members)s members, %(commissions)s commissions, "
                "%(recommendations)s recommendations, %(sessions)s sessions added."
            )
            % counts
        )
