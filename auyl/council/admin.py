"""Django admin for the council: administrators may look; changes go through the services and pages."""

from django.contrib import admin

from auyl.core.admin import ReadOnlyAdmin

from .models import Commission, Council, Member, Recommendation, Seat


class SeatInline(admin.TabularInline):
    model = Seat
    extra = 0
    can_delete = False
    readonly_fields = ("settlement", "population", "population_source", "seats")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Council)
class CouncilAdmin(ReadOnlyAdmin):
    list_display = ("territory", "term_start", "term_end", "total_seats", "method")
    search_fields = ("territory__code", "territory__name_kk", "territory__name_ru")
    raw_id_fields = ("territory", "formed_by")
    inlines = [SeatInline]


@admin.register(Member)
class MemberAdmin(ReadOnlyAdmin):
    list_display = ("resident", "council", "settlement", "start_date", "end_date", "is_chair")
    list_filter = ("is_chair",)
    search_fields = ("resident__search_name", "council__territory__code")
    raw_id_fields = ("council", "resident", "settlement", "added_by")


@admin.register(Commission)
class CommissionAdmin(ReadOnlyAdmin):
    list_display = ("subject", "council", "period_start", "period_end", "findings_published_at")
    search_fields = ("subject", "council__territory__code")
    raw_id_fields = ("council", "created_by")


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = ("sent_on", "council", "akim_name", "status", "answer_due", "answered_on")
    list_filter = ("status",)
    search_fields = ("akim_name", "council__territory__code")
    raw_id_fields = ("council", "created_by", "answer_recorded_by")
