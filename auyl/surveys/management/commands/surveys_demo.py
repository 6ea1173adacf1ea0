"""``manage.py surveys_demo``: the demo surveys of the Krasnoyarsky rural district.

Runs the territory demo first (it is idempotent), because the surveys are built by its registrar. Like
it, refused unless ``DEMO_SHORTCUTS``; a second run adds nothing.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils.translation import gettext as _

from auyl.surveys.demo import load_surveys_demo
from auyl.territory.demo import load_demo


class Command(BaseCommand):
    help = "Load demo surveys (the 597 responses of the 001 resident survey, and one open survey)."

    def handle(self, *args, **options):
        if not settings.DEMO_SHORTCUTS:
            raise CommandError(
                _(
                    "Demo data has known passwords and is never loaded in production: "
                    "the demo command runs only when DEMO_SHORTCUTS (DEBUG) is on."
                )
            )
        load_demo()
        counts = load_surveys_demo()
        self.stdout.write(_("Demo surveys: %(surveys)s added, %(imported)s responses imported.") % counts)
        self.stdout.write(
            _("Results: %(results)s · open survey: %(open)s")
            % {
                "results": reverse("surveys:results", args=[counts["resident_survey"]]),
                "open": reverse("surveys:answer", args=[counts["open_survey"]]),
            }
        )
