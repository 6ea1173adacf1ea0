"""``manage.py kpi_demo``: close the finished quarters of the demo region and print the Krasnoyarsky
rural district's scorecard, computed from the other demos' data. Run after them; idempotent. Refused
unless ``DEMO_SHORTCUTS``, like every demo command."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils.translation import gettext as _

from auyl.kpi.demo import load_kpi_demo
from auyl.territory.demo import load_demo


class Command(BaseCommand):
    help = "Close the demo region's finished quarters and show the demo rural district's scorecard."

    def handle(self, *args, **options):
        if not settings.DEMO_SHORTCUTS:
            raise CommandError(
                _(
                    "Demo data has known passwords and is never loaded in production: "
                    "the demo command runs only when DEMO_SHORTCUTS (DEBUG) is on."
                )
            )
        load_demo()
        result = load_kpi_demo()
        closed = ", ".join(result["closed"]) or _("none (already closed)")
        self.stdout.write(_("Quarters closed: %(closed)s.") % {"closed": closed})
        missing = _("not scored (too little data)")
        self.stdout.write(
            _(
                "%(unit)s, %(period)s: akim's composite %(akim)s (coverage %(coverage)s%%), council's %(council)s."
            )
            % {
                "unit": result["unit"].name,
                "period": result["period"],
                "akim": missing if result["composite"] is None else result["composite"],
                "coverage": round(result["coverage"] * 100),
                "council": missing if result["council"] is None else result["council"],
            }
        )
        period = result["period"]
        try:
            url = reverse("kpi:scorecard", args=[result["unit"].code, period.year, period.quarter])
        except Exception:  # the pages are wired separately; the figures above stand without them
            url = ""
        if url:
            self.stdout.write(_("Scorecard: %(url)s") % {"url": url})
