"""``manage.py appeals_demo``: the demo appeals (the sources' two tables and a lively current month).

Runs the territory demo first (it is idempotent), because the appeals are registered by its staff.
Like it, refused unless ``DEMO_SHORTCUTS``; a second run adds nothing.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.utils.translation import gettext as _

from auyl.appeals.demo import load_appeals_demo
from auyl.territory.demo import load_demo


class Command(BaseCommand):
    help = "Load demo appeals (Krasnoyarsky 2021, Abai district meetings 2021-2023, recent appeals)."

    def handle(self, *args, **options):
        if not settings.DEMO_SHORTCUTS:
            raise CommandError(_("Demo data has known passwords and is never loaded in production: "
                                 "the demo command runs only when DEMO_SHORTCUTS (DEBUG) is on."))
        load_demo()
        # The demo's receipts and reminders stay in the outbox (delivered by `manage.py tick`) instead of
        # flooding the console between the demo logins and the server start.
        with override_settings(NOTIFY_SEND_ON_COMMIT=False):
            counts = load_appeals_demo()
        self.stdout.write(_("Demo appeals: %(krasnoyar_2021)s of Krasnoyarsky 2021, %(abai_meetings)s from the "
                            "Abai district reporting meetings, %(current)s recent ones added.") % counts)
        if counts["receipt"]:
            number, code = counts["receipt"]
            self.stdout.write(_("Follow appeal %(number)s with the tracking code %(code)s.") % {
                "number": number, "code": code})
