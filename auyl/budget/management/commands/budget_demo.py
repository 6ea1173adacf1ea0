"""``manage.py budget_demo``: demo budgets of the Krasnoyarsky rural district (illustrative figures).

Runs the territory demo first (it is idempotent), because the budgets are prepared by its staff. Like
it, refused unless ``DEMO_SHORTCUTS``; a second run adds nothing.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from auyl.budget.demo import load_budget_demo
from auyl.territory.demo import KRASNOYAR, load_demo


class Command(BaseCommand):
    help = "Load demo budgets of the Krasnoyarsky rural district (previous and current year; illustrative)."

    def handle(self, *args, **options):
        if not settings.DEMO_SHORTCUTS:
            raise CommandError(
                _(
                    "Demo data has known passwords and is never loaded in production: "
                    "the demo command runs only when DEMO_SHORTCUTS (DEBUG) is on."
                )
            )
        load_demo()
        created = load_budget_demo()
        for year, count in created.items():
            if count:
                self.stdout.write(_("Demo budget %(year)s created.") % {"year": year})
            else:
                self.stdout.write(_("Demo budget %(year)s already exists: left as it is.") % {"year": year})
        self.stdout.write(
            _("Public page: /kk/budget/d/%(code)s/ (the figures are illustrative).") % {"code": KRASNOYAR}
        )
