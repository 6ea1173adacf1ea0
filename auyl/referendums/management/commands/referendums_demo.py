"""``manage.py referendums_demo``: a residents' initiative of the Krasnoyarsky rural district."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.utils.translation import gettext as _

from auyl.referendums.demo import load_referendums_demo
from auyl.territory.demo import load_demo


class Command(BaseCommand):
    help = "Load a demo residents' initiative collecting signatures in the Krasnoyarsky rural district."

    def handle(self, *args, **options):
        if not settings.DEMO_SHORTCUTS:
            raise CommandError(_("The demo command runs only when DEMO_SHORTCUTS (DEBUG) is on."))
        load_demo()
        with override_settings(NOTIFY_SEND_ON_COMMIT=False):
            counts = load_referendums_demo()
        self.stdout.write(
            _("Demo referendums: %(referendums)s questions, %(signatures)s signatures added.") % counts
        )
