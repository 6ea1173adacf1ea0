from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectionsConfig(AppConfig):
    name = "auyl.elections"
    label = "elections"
    verbose_name = _("Akim elections")

    def ready(self):
        from . import permissions, rules  # noqa: F401  (registers actions and per-region rules)
