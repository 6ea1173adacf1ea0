from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReceptionConfig(AppConfig):
    name = "auyl.reception"
    label = "reception"
    verbose_name = _("Personal reception")

    def ready(self):
        from . import permissions, rules  # noqa: F401  (registers actions and per-region rules)
