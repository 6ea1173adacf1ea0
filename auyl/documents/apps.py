from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "auyl.documents"
    label = "documents"
    verbose_name = _("Document channel")

    def ready(self):
        from auyl.core import periodic

        from . import permissions, rules  # noqa: F401  (registers actions and per-region rules)
        from .reminders import run_reminders

        # Reminders to recipients who have not acknowledged or reported: run by `manage.py tick`.
        periodic.register("documents.reminders", run_reminders)
