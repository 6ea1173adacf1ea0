from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferendumsConfig(AppConfig):
    name = "auyl.referendums"
    label = "referendums"
    verbose_name = _("Local referendums and recall initiatives")
