import json

from django.core.management.base import BaseCommand

from auyl.core import periodic


class Command(BaseCommand):
    help = "Run the periodic jobs (deliver the outbox, deadline clocks, reminders). Idempotent; run from cron."

    def add_arguments(self, parser):
        parser.add_argument("--only", nargs="*", help="run only these jobs")

    def handle(self, *args, **options):
        for name, result in periodic.run_all(options.get("only")).items():
            self.stdout.write(f"{name}: {json.dumps(result, ensure_ascii=False, default=str)}")
