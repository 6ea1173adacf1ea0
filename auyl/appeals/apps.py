from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "auyl.appeals"
    label = "appeals"
    verbose_name = _("Appeals")

    def ready(self):
        from auyl.core import periodic

        from . import permissions, rules, taxonomy  # noqa: F401  (registers actions and per-region rules)
        from .clocks import run_clocks

        # The topic taxonomy is loaded (idempotently) after every migrate of this app.
        taxonomy.connect(self)

        # Reminders before deadlines, overdue escalations, risk refresh: run by `manage.py tick`.
        periodic.register("appeals.clocks", run_clocks)
