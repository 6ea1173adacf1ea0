from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "auyl.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import notifications, periodic, rules
        from .models import TerritorySetting

        periodic.register("notifications.deliver", notifications.deliver_pending)
        post_save.connect(rules.settings_changed, sender=TerritorySetting, dispatch_uid="rules-changed-save")
        post_delete.connect(rules.settings_changed, sender=TerritorySetting, dispatch_uid="rules-changed-delete")
