"""Issue an Open311 api_key to a client application: ``manage.py issue_api_key NAME [--territory CODE]``.

The key is printed once; only its keyed hash is stored, so a lost key is replaced, never recovered.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from auyl.appeals.open311 import issue_api_client
from auyl.territory.models import Territory


class Command(BaseCommand):
    help = "Issue an Open311 api_key to a client application (printed once)."

    def add_arguments(self, parser):
        parser.add_argument("name", help="Name of the client application")
        parser.add_argument("--territory", metavar="CODE",
                            help="KATO code of the unit the client may file in (default: anywhere)")

    def handle(self, *args, name, territory=None, **options):
        unit = None
        if territory:
            unit = Territory.objects.filter(code=territory.strip(), is_active=True).first()
            if unit is None:
                raise CommandError(f"unknown territory code {territory!r}")
        try:
            client, key = issue_api_client(name=name, territory=unit)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        where = f" for {unit.code} {unit.name}" if unit else " for the whole deployment"
        self.stderr.write(f"Client #{client.pk} {client.name!r}{where}. The key is shown only now; keep it safe:")
        self.stdout.write(key)
