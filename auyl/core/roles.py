"""The roles a person can hold on a territorial unit (and, through it, on its descendants)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    REGISTRAR = "registrar", _("Registrar")
    EXECUTOR = "executor", _("Executor")
    AKIM = "akim", _("Akim")
    DEPUTY = "deputy", _("Deputy")
    COUNCIL_MEMBER = "council_member", _("Council member")
    DISTRICT_SUPERVISOR = "district_supervisor", _("District supervisor")
    REGIONAL_SUPERVISOR = "regional_supervisor", _("Regional supervisor")
    AUDITOR = "auditor", _("Auditor")
    ADMINISTRATOR = "administrator", _("Administrator")


STAFF_ROLES = frozenset(Role) - {Role.RESIDENT}
# Roles that may be granted for the whole country (no territory).
NATIONAL_ROLES = frozenset({Role.ADMINISTRATOR, Role.AUDITOR, Role.REGIONAL_SUPERVISOR})
