"""Django admin: administrators only, behind the staff sign-in with its second factor.

* ``admin.site.has_permission``: an active user holding the administrator role whose session passed
  the TOTP step. Django's ``is_staff``/``is_superuser`` flags are not what lets anyone in.
* ``admin.site.login``: there is no separate admin login; anonymous visitors are sent to the staff
  sign-in (with ``next``), signed-in users without the role get 403.
* Users: no password hash and no TOTP secret are shown; role grants are added and revoked inline
  through ``services.grant_role`` / ``services.revoke_role`` (audited, territory-checked). A grant is
  never edited or deleted: it is revoked and, if needed, granted anew.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.contrib.auth.models import Group
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from auyl.core import audit
from auyl.core.admin import AdministratorsOnlyMixin
from auyl.core.permissions import has_perm, is_administrator
from auyl.territory.identifiers import normalize_phone

from . import services, totp
from .middleware import SESSION_2FA_KEY
from .models import RoleGrant, User

USER_AUDIT_FIELDS = [
    "username",
    "full_name",
    "email",
    "phone",
    "preferred_language",
    "resident_id",
    "is_active",
]


def has_admin_permission(request) -> bool:
    user = request.user
    return bool(
        user.is_authenticated
        and user.is_active
        and is_administrator(user)
        and request.session.get(SESSION_2FA_KEY)
    )


def admin_login(request, extra_context=None):
    """The admin has no login page of its own: the staff sign-in (password + TOTP) is the only door."""
    if request.user.is_authenticated:
        raise PermissionDenied(gettext("The administration pages are for administrators only."))
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"), reverse("accounts:login"))


admin.site.has_permission = has_admin_permission
admin.site.login = admin_login
admin.site.site_header = _("auyl administration")
admin.site.site_title = _("auyl administration")
admin.site.index_title = _("Administration")
try:
    admin.site.unregister(Group)  # roles on territories replace Django groups
except admin.exceptions.NotRegistered:  # pragma: no cover
    pass


def _refusal(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or gettext("You may not do this.")


# --- role grants inline on a user ---------------------------------------------------------------


class RoleGrantInlineForm(forms.ModelForm):
    revoke = forms.BooleanField(label=_("revoke"), required=False)

    class Meta:
        model = RoleGrant
        fields = ["role", "territory"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # an existing grant is never edited, only revoked
            self.fields["role"].disabled = True
            self.fields["territory"].disabled = True
            if self.instance.revoked_at is not None:
                self.fields["revoke"].disabled = True
        else:
            self.fields["revoke"].disabled = True


class RoleGrantInlineFormSet(BaseInlineFormSet):
    actor = None  # set by the admin

    def clean(self):
        super().clean()
        for form in self.forms:
            if not form.has_changed() or not hasattr(form, "cleaned_data"):
                continue
            try:
                if form.instance.pk:
                    if form.cleaned_data.get("revoke"):
                        services.check_revoke_allowed(actor=self.actor, grant=form.instance)
                elif form.cleaned_data.get("role"):
                    services.check_grant_allowed(
                        actor=self.actor,
                        role=form.cleaned_data["role"],
                        territory=form.cleaned_data.get("territory"),
                    )
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, _refusal(exc))


class RoleGrantInline(AdministratorsOnlyMixin, admin.TabularInline):
    model = RoleGrant
    fk_name = "user"
    form = RoleGrantInlineForm
    formset = RoleGrantInlineFormSet
    fields = ("role", "territory", "granted_by", "granted_at", "valid_until", "revoked_at", "revoke")
    readonly_fields = ("granted_by", "granted_at", "valid_until", "revoked_at")
    autocomplete_fields = ("territory",)
    extra = 1
    can_delete = False
    ordering = ("revoked_at", "role")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.actor = request.user
        return formset


# --- users --------------------------------------------------------------------------------------


class UserCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "full_name", "email")


class UserChangeForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["username", "full_name", "email", "phone", "preferred_language", "resident", "is_active"]

    def clean_phone(self):
        phone = (self.cleaned_data.get("phone") or "").strip()
        if not phone:
            return None
        try:
            return normalize_phone(phone)
        except ValidationError as exc:
            raise ValidationError(exc.messages) from None


@admin.register(User)
class UserAdmin(AdministratorsOnlyMixin, DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    inlines = [RoleGrantInline]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "username",
                    "full_name",
                    "email",
                    "phone",
                    "preferred_language",
                    "resident",
                    "is_active",
                )
            },
        ),
        (_("Security"), {"fields": ("password_status", "second_factor", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "email", "usable_password", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ("password_status", "second_factor", "last_login", "date_joined")
    raw_id_fields = ("resident",)
    list_display = ("username", "full_name", "phone", "roles", "is_active", "last_login")
    list_filter = ("is_active", "grants__role")
    search_fields = ("username", "full_name", "email", "phone")
    ordering = ("username",)
    filter_horizontal = ()
    actions = ["reset_second_factor"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("grants")

    def get_inline_instances(self, request, obj=None):
        return super().get_inline_instances(request, obj) if obj is not None else []

    def has_add_permission(self, request, *args):
        return has_perm(request.user, "account.manage")

    def has_change_permission(self, request, obj=None):
        if obj is not None and not services.may_manage_user(request.user, obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # accounts are deactivated, never deleted (the audit log points at them)

    @admin.display(description=_("roles"))
    def roles(self, obj):
        now = timezone.now()
        return ", ".join(
            sorted(
                {
                    g.get_role_display()
                    for g in obj.grants.all()
                    if g.revoked_at is None and (g.valid_until is None or g.valid_until > now)
                }
            )
        )

    @admin.display(description=_("password"))
    def password_status(self, obj):
        if obj.pk is None:
            return "-"
        status = gettext("set") if obj.has_usable_password() else gettext("none (phone sign-in only)")
        url = reverse("admin:auth_user_password_change", args=[obj.pk])
        return format_html('{} · <a href="{}">{}</a>', status, url, gettext("set a new password"))

    @admin.display(description=_("second factor"))
    def second_factor(self, obj):
        if totp.is_enrolled(obj):
            return gettext("authenticator app set up on %(date)s") % {
                "date": timezone.localtime(obj.totp_confirmed_at).strftime("%Y-%m-%d")
            }
        return gettext("not set up: enrolled at the next staff sign-in")

    def save_model(self, request, obj, form, change):
        before = audit.snapshot(User.objects.get(pk=obj.pk), USER_AUDIT_FIELDS) if change else {}
        super().save_model(request, obj, form, change)
        after = audit.snapshot(obj, USER_AUDIT_FIELDS)
        if not change:
            audit.record(actor=request.user, action="account.created", obj=obj, changes=after)
        elif changes := audit.diff(before, after):
            audit.record(actor=request.user, action="account.updated", obj=obj, changes=changes)

    def save_formset(self, request, form, formset, change):
        if formset.model is not RoleGrant:
            return super().save_formset(request, form, formset, change)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for grant_form in formset.forms:
            if not grant_form.has_changed():
                continue
            data = grant_form.cleaned_data
            if grant_form.instance.pk:
                if data.get("revoke") and grant_form.instance.revoked_at is None:
                    services.revoke_role(actor=request.user, grant=grant_form.instance)
                    formset.changed_objects.append((grant_form.instance, ["revoked_at"]))
            elif data.get("role"):
                grant = services.grant_role(
                    actor=request.user, user=form.instance, role=data["role"], territory=data.get("territory")
                )
                formset.new_objects.append(grant)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = self.get_object(request, unquote(id))
            audit.record(actor=request.user, action="account.password_set", obj=user, changes={"by": "admin"})
        return response

    @admin.action(description=_("Reset the second factor (lost phone)"))
    def reset_second_factor(self, request, queryset):
        done = 0
        for user in queryset:
            try:
                services.reset_second_factor(actor=request.user, user=user)
                done += 1
            except PermissionDenied as exc:
                self.message_user(request, f"{user}: {_refusal(exc)}", messages.ERROR)
        if done:
            self.message_user(
                request,
                gettext("Second factor reset for %(n)s account(s); they enrol again at their next sign-in.")
                % {"n": done},
                messages.SUCCESS,
            )


# --- role grants --------------------------------------------------------------------------------


class RoleGrantAddForm(forms.ModelForm):
    actor = None  # set by the admin

    class Meta:
        model = RoleGrant
        fields = ["user", "role", "territory"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") and self.actor is not None:
            try:
                services.check_grant_allowed(
                    actor=self.actor, role=cleaned["role"], territory=cleaned.get("territory")
                )
            except (ValidationError, PermissionDenied) as exc:
                raise ValidationError(_refusal(exc)) from None
        return cleaned


class ActiveGrantFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("active", _("active")), ("revoked", _("revoked or expired"))]

    def queryset(self, request, queryset):
        active = Q(revoked_at__isnull=True) & (
            Q(valid_until__isnull=True) | Q(valid_until__gt=timezone.now())
        )
        if self.value() == "active":
            return queryset.filter(active)
        if self.value() == "revoked":
            return queryset.exclude(active)
        return queryset


@admin.register(RoleGrant)
class RoleGrantAdmin(AdministratorsOnlyMixin, admin.ModelAdmin):
    """Add a grant here or on the user's page; revoke with the list action. Grants are never edited."""

    form = RoleGrantAddForm
    list_display = ("user", "role", "territory", "granted_by", "granted_at", "valid_until", "revoked_at")
    list_filter = (ActiveGrantFilter, "role")
    list_select_related = ("user", "territory", "granted_by")
    search_fields = (
        "user__username",
        "user__full_name",
        "territory__code",
        "territory__name_kk",
        "territory__name_ru",
    )
    autocomplete_fields = ("user", "territory")
    actions = ["revoke_selected"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user
        return form

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "role", "territory"]
        return ["user", "role", "territory", "granted_by", "granted_at", "valid_until", "revoked_at"]

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj) if obj is not None else []

    def has_add_permission(self, request, *args):
        return has_perm(request.user, "account.manage")

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:  # pragma: no cover - the change form is read-only
            raise PermissionDenied
        grant = services.grant_role(actor=request.user, user=obj.user, role=obj.role, territory=obj.territory)
        obj.pk, obj.granted_at, obj.granted_by = grant.pk, grant.granted_at, grant.granted_by

    @admin.action(description=_("Revoke the selected grants"))
    def revoke_selected(self, request, queryset):
        done = 0
        for grant in queryset.filter(revoked_at__isnull=True).select_related("user", "territory"):
            try:
                services.revoke_role(actor=request.user, grant=grant)
                done += 1
            except PermissionDenied as exc:
                self.message_user(request, f"{grant}: {_refusal(exc)}", messages.ERROR)
        if done:
            self.message_user(request, gettext("%(n)s grant(s) revoked.") % {"n": done}, messages.SUCCESS)
