from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "auyl.budget"
    label = "budget"
    verbose_name = _("Rural-district budget")

    def ready(self):
        from . import catalogue, permissions, rules  # noqa: F401  (registers actions and per-region rules)

        # The seeded budget programmes are created (only the missing ones) after every migrate.
        catalogue.connect(self)
