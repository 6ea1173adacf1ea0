from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "auyl.reporting"
    label = "reporting"
    verbose_name = _("Akims' reporting meetings")

    def ready(self):
        from . import permissions, rules  # noqa: F401  (registers actions and per-region rules)
