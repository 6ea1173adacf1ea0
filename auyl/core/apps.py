from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "auyl.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from . import notifications, periodic

        periodic.register("notifications.deliver", notifications.deliver_pending)
