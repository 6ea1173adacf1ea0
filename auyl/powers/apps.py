from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PowersConfig(AppConfig):
    name = "auyl.powers"
    label = "powers"
    verbose_name = _("Functional analysis of powers")

    def ready(self):
        from . import permissions, rules  # noqa: F401  (registers actions and per-region rules)
