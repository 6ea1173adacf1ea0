from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JuriesConfig(AppConfig):
    name = "auyl.juries"
    label = "juries"
    verbose_name = _("Citizen juries")
