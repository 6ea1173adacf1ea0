"""Django admin for territories, offices and residents: read-mostly, and never any IIN field.

Territories and residents are view-only here (the registry has its own audited staff pages);
an akim's office may be edited, through ``services.update_office`` so that the change is audited.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from auyl.core.admin import AdministratorsOnlyMixin, ReadOnlyAdmin
from auyl.core.permissions import has_perm

from . import services
from .identifiers import normalize_phone
from .models import Office, Resident, Territory

OFFICE_FIELDS = [
    "akim_name",
    "address_kk",
    "address_ru",
    "phone",
    "email",
    "reception_kk",
    "reception_ru",
    "reception_en",
]


@admin.register(Territory)
class TerritoryAdmin(ReadOnlyAdmin):
    list_display = ("code", "name_kk", "name_ru", "level", "population", "is_active")
    list_filter = ("level", "is_active")
    search_fields = ("code", "name_kk", "name_ru", "name_en")
    ordering = ("path",)
    fields = (
        "code",
        "name_kk",
        "name_ru",
        "name_en",
        "level",
        "parent",
        "path",
        "population",
        "adult_population",
        "kato_id",
        "is_active",
    )
    readonly_fields = fields


class OfficeForm(forms.ModelForm):
    actor = None  # set by the admin

    class Meta:
        model = Office
        fields = ["territory", *OFFICE_FIELDS]

    def clean_phone(self):
        phone = (self.cleaned_data.get("phone") or "").strip()
        if not phone:
            return ""
        try:
            return normalize_phone(phone)
        except ValidationError as exc:
            raise ValidationError(exc.messages) from None

    def clean_territory(self):
        territory = self.cleaned_data["territory"]
        if not territory.is_primary:
            raise ValidationError(_("Only a rural district or a town has an akim's office."))
        if self.actor is not None and not has_perm(self.actor, "territory.edit", territory):
            raise ValidationError(_("You may not edit this territorial unit."))
        return territory


@admin.register(Office)
class OfficeAdmin(AdministratorsOnlyMixin, admin.ModelAdmin):
    form = OfficeForm
    list_display = ("territory", "akim_name", "phone", "email")
    search_fields = ("territory__code", "territory__name_kk", "territory__name_ru", "akim_name")
    autocomplete_fields = ("territory",)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user
        return form

    def get_readonly_fields(self, request, obj=None):
        return ("territory",) if obj is not None else ()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        office = services.update_office(
            actor=request.user,
            territory=obj.territory,
            **{name: getattr(obj, name) for name in OFFICE_FIELDS},
        )
        obj.pk = office.pk


@admin.register(Resident)
class ResidentAdmin(ReadOnlyAdmin):
    """No IIN field at all, not even masked: the registry's own pages reveal IINs, with an audit event."""

    list_display = ("last_name", "first_name", "middle_name", "settlement", "is_active")
    list_filter = ("is_active",)
    search_fields = ("search_name",)
    list_select_related = ("settlement",)
    fields = (
        "last_name",
        "first_name",
        "middle_name",
        "birth_date",
        "sex",
        "settlement",
        "address",
        "phone",
        "email",
        "consent_at",
        "merged_into",
        "is_active",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields

    def get_search_results(self, request, queryset, search_term):
        # search_name is stored case-folded; SQLite's LIKE folds ASCII only.
        return super().get_search_results(request, queryset, search_term.casefold())
