from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "auyl.initiatives"
    label = "initiatives"
    verbose_name = _("Civic projects")

    def ready(self):
        from . import permissions, rules  # noqa: F401  (registers actions and per-region rules)
