"""``manage.py totp_code USERNAME``: the current TOTP code of a demo account (development only).

A newcomer's shortcut for signing in as a demo staff user without an authenticator app. It exists
only when ``DEMO_SHORTCUTS`` is on *and* ``DEBUG`` is on; otherwise it refuses and prints nothing.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from auyl.accounts import totp
from auyl.accounts.models import User


class Command(BaseCommand):
    help = "Print the current TOTP code of a demo user (only with DEBUG and DEMO_SHORTCUTS on)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        if not (getattr(settings, "DEMO_SHORTCUTS", False) and settings.DEBUG):
            raise CommandError("totp_code is a development shortcut: it works only when DEBUG is on.")
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        secret = totp.secret_of(user)
        if not secret:
            raise CommandError(f"{username} has no second factor yet: sign in once to enrol it.")
        self.stdout.write(totp.current_code(secret))
