from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "auyl.appeals"
    label = "appeals"
    verbose_name = _("Appeals")

    def ready(self):
        from . import permissions, rules  # noqa: F401  (registers actions and per-region rules)
