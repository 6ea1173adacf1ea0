from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KpiConfig(AppConfig):
    name = "auyl.kpi"
    label = "kpi"
    verbose_name = _("Evaluation of akims and deputies")

    def ready(self):
        from auyl.core import periodic

        from . import permissions, rules  # noqa: F401  (registers actions and per-region rules)
        from .services import close_due_quarters

        # Closing a finished quarter stores its scorecards (snapshots): run by `manage.py tick`.
        periodic.register("kpi.close_quarters", close_due_quarters)
