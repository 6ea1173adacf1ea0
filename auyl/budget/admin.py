"""Django admin of the budget: administrators maintain the catalogue of budget programmes (audited);
budgets, versions and actuals are read-only here (they change only through the services)."""

from django.contrib import admin

from auyl.core import audit
from auyl.core.admin import AdministratorsOnlyMixin, ReadOnlyAdmin

from .models import Actual, Budget, BudgetLine, BudgetStep, BudgetVersion, Programme

PROGRAMME_FIELDS = [
    "code",
    "classification_code",
    "name_kk",
    "name_ru",
    "name_en",
    "sort",
    "is_active",
    "source",
]


@admin.register(Programme)
class ProgrammeAdmin(AdministratorsOnlyMixin, admin.ModelAdmin):
    """The catalogue grows here. A programme in use is retired (``is_active`` off), never deleted."""

    list_display = ("code", "classification_code", "name_kk", "name_ru", "name_en", "sort", "is_active")
    list_filter = ("is_active",)
    search_fields = ("code", "classification_code", "name_kk", "name_ru", "name_en")
    fields = PROGRAMME_FIELDS

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj is not None else ()  # plans refer to a programme by its code

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        before = audit.snapshot(Programme.objects.get(pk=obj.pk), PROGRAMME_FIELDS) if change else {}
        super().save_model(request, obj, form, change)
        audit.record(
            actor=request.user,
            action="budget.programme_saved",
            obj=obj,
            changes=audit.diff(before, audit.snapshot(obj, PROGRAMME_FIELDS)),
        )


class VersionInline(admin.TabularInline):
    model = BudgetVersion
    extra = 0
    can_delete = False
    fields = (
        "number",
        "status",
        "drafted_on",
        "published_on",
        "agreed_on",
        "agreement_number",
        "approved_on",
        "approval_number",
        "execution_started_on",
        "closed_on",
        "superseded_on",
    )
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Budget)
class BudgetAdmin(ReadOnlyAdmin):
    list_display = ("territory", "year", "period_kind", "created_at")
    list_filter = ("year", "period_kind")
    search_fields = ("territory__code", "territory__name_kk", "territory__name_ru")
    raw_id_fields = ("territory", "created_by")
    inlines = [VersionInline]


class LineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0
    can_delete = False
    fields = ("section", "code", "programme", "amount")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class StepInline(LineInline):
    model = BudgetStep
    fields = ("status", "on", "number", "note", "actor", "created_at")
    readonly_fields = fields


@admin.register(BudgetVersion)
class BudgetVersionAdmin(ReadOnlyAdmin):
    list_display = ("budget", "number", "status", "published_on", "approved_on")
    list_filter = ("status",)
    search_fields = ("budget__territory__code",)
    raw_id_fields = ("budget", "amends", "created_by")
    inlines = [LineInline, StepInline]


@admin.register(Actual)
class ActualAdmin(ReadOnlyAdmin):
    list_display = ("budget", "section", "code", "period", "amount", "updated_at")
    list_filter = ("section",)
    search_fields = ("budget__territory__code", "code")
    raw_id_fields = ("budget", "recorded_by")
