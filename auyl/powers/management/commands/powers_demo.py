"""``manage.py powers_demo``: the functional analysis of the Krasnoyarsky rural district (003 examples).

Runs the territory demo first (it is idempotent). Refused unless ``DEMO_SHORTCUTS``; a second run adds
nothing.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from auyl.powers.demo import load_powers_demo
from auyl.territory.demo import KRASNOYAR


class Command(BaseCommand):
    help = "Load the demo registry of functions, duplications and the four transfers of 003:772-779."

    def handle(self, *args, **options):
        if not settings.DEMO_SHORTCUTS:
            raise CommandError(
                _(
                    "Demo data has known passwords and is never loaded in production: "
                    "the demo command runs only when DEMO_SHORTCUTS (DEBUG) is on."
                )
            )
        counts = load_powers_demo()
        self.stdout.write(
            _(
                "Functions added: %(functions)s; possible duplications listed: %(duplications)s; transfer proposals "
                "added: %(transfers)s."
            )
            % counts
        )
        self.stdout.write(
            _("Staff page: /kk/powers/%(code)s/; public page: /kk/powers/d/%(code)s/.") % {"code": KRASNOYAR}
        )
