"""``manage.py juries_demo``: two citizen juries of the Krasnoyarsky rural district (idempotent)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.utils.translation import gettext as _

from auyl.juries.demo import load_juries_demo
from auyl.territory.demo import load_demo


class Command(BaseCommand):
    help = "Load demo citizen juries (Krasnoyarsky rural district)."

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
            counts = load_juries_demo()
        self.stdout.write(
            _("Demo citizen juries: %(added)s added, %(total)s in the rural district.") % counts
        )
