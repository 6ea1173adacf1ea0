"""Django admin for reception bookings: administrators may look; changes go through the services."""

from django.contrib import admin

from auyl.core.admin import ReadOnlyAdmin

from .models import Booking, BookingAppeal


class BookingAppealInline(admin.TabularInline):
    model = BookingAppeal
    extra = 0
    can_delete = False
    readonly_fields = ("appeal", "created_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Booking)
class BookingAdmin(ReadOnlyAdmin):
    list_display = ("date", "slot_time", "queue_number", "territory", "visitor_name", "status", "is_walk_in")
    list_filter = ("status", "is_walk_in", "date")
    search_fields = ("visitor_name", "phone", "territory__code")
    date_hierarchy = "date"
    raw_id_fields = ("territory", "resident", "booked_by")
    inlines = [BookingAppealInline]
