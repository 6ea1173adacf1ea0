"""Django admin for development plans: administrators may look; changes go through the services
(which check permissions and write the audit log)."""

from django.contrib import admin

from auyl.core.admin import ReadOnlyAdmin

from .models import Indicator, Plan, ProgressUpdate


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    can_delete = False
    fields = ("number", "title", "unit", "baseline", "target", "deadline", "funding_source", "amount")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class ProgressInline(admin.TabularInline):
    model = ProgressUpdate
    extra = 0
    can_delete = False
    fields = ("measured_on", "value", "note", "recorded_at", "recorded_by")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ("title", "territory", "period_start", "period_end", "published_at")
    search_fields = ("title", "territory__code")
    raw_id_fields = ("territory", "created_by")
    inlines = [IndicatorInline]


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ("plan", "number", "title", "deadline", "latest_value", "input_kind")
    list_filter = ("funding_source", "input_kind")
    search_fields = ("title", "executor")
    raw_id_fields = ("plan", "created_by")
    inlines = [ProgressInline]
