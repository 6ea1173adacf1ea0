from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "auyl.council"
    label = "council"
    verbose_name = _("Council")

    def ready(self):
        from auyl.assemblies.rolls import register_roll

        from . import permissions, rules  # noqa: F401  (registers actions and per-region rules)
        from .selectors import session_roll

        # Who may attend and vote at a council session (the quorum base of the assemblies engine).
        register_roll("council_session", session_roll)
