from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoryConfig(AppConfig):
    name = "auyl.territory"
    label = "territory"
    verbose_name = _("Territories and residents")

    def ready(self):
        from . import permissions  # noqa: F401  (registers actions)
