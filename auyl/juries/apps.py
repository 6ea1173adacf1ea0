from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JuriesConfig(AppConfig):
    name = "auyl.juries"
    label = "juries"
    verbose_name = _("Citizen juries")

    def ready(self):
        from . import permissions, rules  # noqa: F401  (registers actions and per-region rules)
