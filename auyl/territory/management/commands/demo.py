"""``manage.py demo``: load the demo region, staff and residents (development only, idempotent)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from auyl.territory.demo import load_demo


class Command(BaseCommand):
    help = "Load demo data (Akmola region, demo accounts, residents, holidays). Refused unless DEMO_SHORTCUTS."

    def handle(self, *args, **options):
        if not settings.DEMO_SHORTCUTS:
            raise CommandError(_("Demo data has known passwords and is never loaded in production: "
                                 "the demo command runs only when DEMO_SHORTCUTS (DEBUG) is on."))
        counts, logins = load_demo()
        if any(counts.values()):
            self.stdout.write(_("Demo data: %(territories)s territorial units, %(offices)s offices, %(users)s staff "
                                "accounts, %(residents)s residents and %(holidays)s calendar days added.") % counts)
        else:
            self.stdout.write(_("Demo data is already loaded. Demo accounts:"))
        rows = [(_("login"), _("password"), _("role"), _("territory"), _("TOTP secret"))]
        rows += [(x.username, x.password or "—", str(x.role), x.territory, x.totp_secret or "—") for x in logins]
        widths = [max(len(row[i]) for row in rows) for i in range(5)]
        for number, row in enumerate(rows):
            self.stdout.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
            if number == 0:
                self.stdout.write("  ".join("-" * width for width in widths))
        self.stdout.write(_("Staff: sign in at /kk/accounts/login/ with the password, then the code of an "
                            "authenticator app holding the TOTP secret (or `manage.py totp_code LOGIN`)."))
        self.stdout.write(_("Resident: sign in with the phone number; the one-time code is printed on the console."))
