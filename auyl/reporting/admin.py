"""Django admin for reporting meetings: administrators may look; changes go through the services."""

from django.contrib import admin

from auyl.core.admin import ReadOnlyAdmin

from .models import Broadcast, Promise, Question, ReportingMeeting


class BroadcastInline(admin.TabularInline):
    model = Broadcast
    extra = 0
    can_delete = False
    readonly_fields = ("channel", "broadcasts", "participants")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReportingMeeting)
class ReportingMeetingAdmin(ReadOnlyAdmin):
    list_display = ("starts_at", "territory", "akim_name", "akim_level", "status", "offline_participants")
    list_filter = ("status", "akim_level")
    search_fields = ("venue", "akim_name", "territory__code")
    date_hierarchy = "starts_at"
    raw_id_fields = ("territory", "akim_unit", "planned_by", "held_recorded_by")
    inlines = [BroadcastInline]


@admin.register(Question)
class QuestionAdmin(ReadOnlyAdmin):
    list_display = ("meeting", "number", "topic", "is_repeat", "is_critical", "appeal")
    list_filter = ("is_repeat", "is_critical", "kind")
    raw_id_fields = ("meeting", "topic", "resident", "place", "appeal", "created_by")


@admin.register(Promise)
class PromiseAdmin(ReadOnlyAdmin):
    list_display = ("meeting", "due_on", "status", "done_on")
    list_filter = ("status",)
    raw_id_fields = ("meeting", "question", "created_by", "done_recorded_by")
