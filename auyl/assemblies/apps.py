from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssembliesConfig(AppConfig):
    name = "auyl.assemblies"
    label = "assemblies"
    verbose_name = _("Gatherings and meetings")

    def ready(self):
        from auyl.core import periodic

        from . import permissions, rolls, rules  # noqa: F401  (registers actions, rules and rolls)
        from .followup import run_followup

        # The akim's response deadlines and decision tasks: escalations run by `manage.py tick`.
        periodic.register("assemblies.followup", run_followup)
