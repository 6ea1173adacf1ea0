"""``manage.py plans_demo``: the demo development plan of the Krasnoyarsky rural district.

Runs the territory demo first (it is idempotent), because the plan is drawn up by its staff. Run it after
``assemblies_demo``, ``reporting_demo`` and ``initiatives_demo``: the plan's indicators then answer their
priority needs, promises and winning projects. Like them, refused unless ``DEMO_SHORTCUTS``; a second run
adds nothing.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from auyl.plans.demo import load_plans_demo
from auyl.territory.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo development plan of the Krasnoyarsky rural district (8 indicators in every state)."

    def handle(self, *args, **options):
        if not settings.DEMO_SHORTCUTS:
            raise CommandError(
                _(
                    "Demo data has known passwords and is never loaded in production: "
                    "the demo command runs only when DEMO_SHORTCUTS (DEBUG) is on."
                )
            )
        load_demo()
        counts = load_plans_demo()
        if not counts["plans"]:
            self.stdout.write(_("The demo development plan is already loaded."))
            return
        self.stdout.write(
            _("Demo development plan added: %(indicators)s indicators, %(updates)s progress updates.")
            % counts
        )
