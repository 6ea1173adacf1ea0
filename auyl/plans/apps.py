from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "auyl.plans"
    label = "plans"
    verbose_name = _("Development plans")

    def ready(self):
        from . import permissions, rules  # noqa: F401  (registers actions and per-region rules)
