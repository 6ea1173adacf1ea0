from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "auyl.surveys"
    label = "surveys"
    verbose_name = _("Surveys")

    def ready(self):
        from . import audiences, library, permissions, rules  # noqa: F401  (actions, per-region rules, bodies)

        # The shipped questionnaire templates are loaded (idempotently) after every migrate of this app.
        library.connect(self)
