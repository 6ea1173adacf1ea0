"""Django admin for meetings: administrators may look; every change goes through the services
(votes, minutes and decisions are an audited, append-only record)."""

from django.contrib import admin

from auyl.core.admin import ReadOnlyAdmin

from .models import AgendaItem, Attendance, Decision, Meeting, Member, MinutesVersion, PriorityNeed, Vote


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    can_delete = False
    fields = ("number", "kind", "title", "status", "addressed_to_akim", "is_task")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("starts_at", "kind", "title", "territory", "status", "roll_size", "quorum_required")
    list_filter = ("kind", "status")
    search_fields = ("title", "venue", "territory__code")
    date_hierarchy = "starts_at"
    raw_id_fields = ("territory", "convened_by")
    inlines = [AgendaItemInline]


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdmin):
    list_display = ("meeting", "kind", "name", "position", "checked_in_at")
    list_filter = ("kind",)
    search_fields = ("name",)
    raw_id_fields = ("meeting", "resident", "checked_in_by")


@admin.register(Vote)
class VoteAdmin(ReadOnlyAdmin):
    list_display = (
        "item",
        "method",
        "votes_for",
        "votes_against",
        "abstained",
        "present",
        "votes_needed",
        "adopted",
    )
    raw_id_fields = ("item", "recorded_by")


@admin.register(MinutesVersion)
class MinutesVersionAdmin(ReadOnlyAdmin):
    list_display = ("meeting", "number", "is_final", "signed_at", "signed_by")
    raw_id_fields = ("meeting", "signed_by")


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("taken_by", "territory", "status", "response", "response_due", "plan_due", "escalation")
    list_filter = ("status", "response", "escalation", "addressee")
    raw_id_fields = ("meeting", "item", "territory", "responded_by")


@admin.register(Member)
class MemberAdmin(ReadOnlyAdmin):
    list_display = ("resident", "territory", "category", "term_start", "term_end", "ended_on")
    list_filter = ("category",)
    raw_id_fields = ("territory", "resident")


@admin.register(PriorityNeed)
class PriorityNeedAdmin(ReadOnlyAdmin):
    list_display = ("territory", "rank", "title", "status", "meeting")
    list_filter = ("status",)
    raw_id_fields = ("territory", "meeting", "item")
