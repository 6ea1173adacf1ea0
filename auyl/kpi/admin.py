"""Closed quarters and their stored scorecards, read-only: a closed quarter never changes (models.py)."""

from django.contrib import admin

from .models import QuarterClose, ScorecardSnapshot


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(QuarterClose)
class QuarterCloseAdmin(ReadOnly):
    list_display = ("territory", "year", "quarter", "units", "closed_at", "closed_by")
    list_filter = ("year", "quarter")


@admin.register(ScorecardSnapshot)
class ScorecardSnapshotAdmin(ReadOnly):
    list_display = ("territory", "year", "quarter", "kind", "composite", "coverage")
    list_filter = ("year", "quarter", "kind")
    search_fields = ("territory__code", "territory_path")
