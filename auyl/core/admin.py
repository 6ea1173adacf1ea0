"""Django admin for the shared models, and the base classes every admin module here uses.

The Django admin is a tool for administrators only: the site lets in only users holding the
administrator role with a 2FA-verified session (see ``auyl/accounts/admin.py``), and each model
admin asks the role, not Django's per-model permission flags. Changes made here are audit events.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import audit, rules
from .models import AuditEvent, CalendarDay, Notification, TerritorySetting
from .permissions import has_perm, is_administrator


class AdministratorsOnlyMixin:
    """Permissions from the administrator role (auyl.core.permissions), not from Django's flags."""

    def has_module_permission(self, request):
        return is_administrator(request.user)

    def has_view_permission(self, request, obj=None):
        return is_administrator(request.user)

    def has_add_permission(self, request, *args):
        return is_administrator(request.user)

    def has_change_permission(self, request, obj=None):
        return is_administrator(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_administrator(request.user)


class ReadOnlyAdmin(AdministratorsOnlyMixin, admin.ModelAdmin):
    """Administrators may look; writes go through the domain's services and pages."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = (
        "seq",
        "created_at",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "object_label",
        "territory_code",
    )
    list_filter = ("action", "object_type")
    search_fields = ("=seq", "action", "actor_label", "object_id", "object_label", "territory_code")
    list_per_page = 100
    show_full_result_count = False
    fields = (
        "seq",
        "created_at",
        "actor",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "object_label",
        "territory_code",
        "territory_path",
        "changes",
        "prev_hash",
        "entry_hash",
    )
    readonly_fields = fields


CALENDAR_FIELDS = ["date", "kind", "name_kk", "name_ru", "name_en"]


@admin.register(CalendarDay)
class CalendarDayAdmin(AdministratorsOnlyMixin, admin.ModelAdmin):
    list_display = ("date", "kind", "name_kk", "name_ru", "name_en")
    list_filter = ("kind",)
    search_fields = ("name_kk", "name_ru", "name_en")
    ordering = ("-date",)

    def _allowed(self, request):
        return has_perm(request.user, "calendar.manage")

    def has_add_permission(self, request, *args):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)

    def save_model(self, request, obj, form, change):
        before = audit.snapshot(CalendarDay.objects.get(pk=obj.pk), CALENDAR_FIELDS) if change else {}
        super().save_model(request, obj, form, change)
        audit.record(
            actor=request.user,
            action="calendar.day_saved",
            obj=obj,
            changes=audit.diff(before, audit.snapshot(obj, CALENDAR_FIELDS)),
        )

    def delete_model(self, request, obj):
        snapshot = audit.snapshot(obj, CALENDAR_FIELDS)
        label, pk = str(obj), obj.pk
        super().delete_model(request, obj)
        audit.record(
            actor=request.user,
            action="calendar.day_deleted",
            object_type="core.calendarday",
            object_id=str(pk),
            object_label=label,
            changes=snapshot,
        )

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class TerritorySettingForm(forms.ModelForm):
    key = forms.ChoiceField(label=_("rule"), choices=())
    actor = None  # set by the admin: the user making the change

    class Meta:
        model = TerritorySetting
        fields = ["territory", "key", "value"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [
            (key, f"{key} — {rule.description}") for key, rule in sorted(rules.REGISTRY.items())
        ]

    def clean(self):
        cleaned = super().clean()
        territory, key = cleaned.get("territory"), cleaned.get("key")
        if (
            territory is not None
            and self.actor is not None
            and not has_perm(self.actor, "territory.edit", territory)
        ):
            self.add_error("territory", _("You may not change the rules of this territorial unit."))
        if key and "value" in cleaned:
            try:
                rules.validate_rule_value(key, cleaned["value"])
            except ValidationError as exc:
                self.add_error("value", exc)
        return cleaned


@admin.register(TerritorySetting)
class TerritorySettingAdmin(AdministratorsOnlyMixin, admin.ModelAdmin):
    form = TerritorySettingForm
    list_display = ("territory", "key", "value", "updated_at")
    list_filter = ("key",)
    search_fields = ("territory__code", "territory__name_kk", "territory__name_ru", "key")
    autocomplete_fields = ("territory",)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user
        return form

    def has_change_permission(self, request, obj=None):
        if obj is not None and not has_perm(request.user, "territory.edit", obj.territory):
            return False
        return super().has_change_permission(request, obj)

    has_delete_permission = has_change_permission

    def save_model(self, request, obj, form, change):
        before = audit.snapshot(TerritorySetting.objects.get(pk=obj.pk), ["key", "value"]) if change else {}
        super().save_model(request, obj, form, change)
        audit.record(
            actor=request.user,
            action="territory_setting.saved",
            obj=obj,
            territory=obj.territory,
            changes=audit.diff(before, audit.snapshot(obj, ["key", "value"])),
        )

    def delete_model(self, request, obj):
        territory, snapshot, pk, label = (
            obj.territory,
            audit.snapshot(obj, ["key", "value"]),
            obj.pk,
            str(obj),
        )
        super().delete_model(request, obj)
        audit.record(
            actor=request.user,
            action="territory_setting.deleted",
            object_type="core.territorysetting",
            object_id=str(pk),
            object_label=label,
            territory=territory,
            changes=snapshot,
        )

    def delete_queryset(self, request, queryset):
        for obj in queryset.select_related("territory"):
            self.delete_model(request, obj)


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    """The outbox, read-only: what was sent to whom, and what failed (delivery retries run in ``tick``)."""

    list_display = ("created_at", "channel", "recipient", "status", "attempts", "object_type", "object_id")
    list_filter = ("status", "channel")
    search_fields = ("recipient", "object_id")
    fields = ("channel", "recipient", "subject", "body", "status", "attempts", "last_error", "dedupe_key",
              "object_type", "object_id", "territory_path", "created_at", "sent_at")
