from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferendumsConfig(AppConfig):
    name = "auyl.referendums"
    label = "referendums"
    verbose_name = _("Local referendums and recall initiatives")

    def ready(self):
        from auyl.core import periodic

        from . import permissions, rules  # noqa: F401  (registers actions and per-region rules)
        from .services import close_expired_collections

        periodic.register("referendums.collections", close_expired_collections)
