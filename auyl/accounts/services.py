"""Write use cases for accounts: creating users, granting and revoking roles, residents' accounts,
second-factor resets and preferences. Staff sign-in steps live in :mod:`auyl.accounts.signin`,
residents' one-time codes in :mod:`auyl.accounts.otp`."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from auyl.core import audit
from auyl.core.permissions import forget_grants, has_perm, is_staff_member, require_perm
from auyl.core.roles import NATIONAL_ROLES, Role

from .models import RoleGrant, User


@transaction.atomic
def create_staff_user(*, actor, username: str, full_name: str, password: str, email: str = "") -> User:
    """Create a staff account. Its second factor is enrolled at first sign-in (or by the demo loader)."""
    if actor is not None:
        require_perm(actor, "account.manage")
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(_("A user with this login already exists."))
    user = User(username=username, full_name=full_name, email=email)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit.record(actor=actor or "system", action="account.created", obj=user, changes={"username": username})
    return user


@transaction.atomic
def grant_role(*, actor, user: User, role: str, territory=None) -> RoleGrant:
    """Grant ``role`` on ``territory`` (None: the whole country, allowed only for national roles).

    An administrator may grant only within the territory of their own administrator grant.
    """
    role = Role(role)
    check_grant_allowed(actor=actor, role=role, territory=territory)
    grant, created = RoleGrant.objects.get_or_create(
        user=user, role=role, territory=territory, revoked_at__isnull=True, defaults={"granted_by": _user(actor)}
    )
    if created:
        if role == Role.ADMINISTRATOR:
            # Django admin is open to administrators only; it needs these flags.
            user.is_staff = True
            user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        audit.record(
            actor=actor or "system",
            action="role.granted",
            obj=grant,
            territory=territory,
            changes={"user": user.username, "role": role.value},
        )
    forget_grants(user)
    return grant


def check_grant_allowed(*, actor, role: str, territory=None) -> None:
    """Raise ValidationError / PermissionDenied when ``actor`` may not grant ``role`` on ``territory``.

    ``grant_role`` calls it; forms (the Django admin) call it first to show the reason on the form.
    """
    try:
        role = Role(role)
    except ValueError:
        raise ValidationError(_("Unknown role.")) from None
    if territory is None and role not in NATIONAL_ROLES:
        raise ValidationError(_("This role must be granted on a territorial unit."))
    if actor is not None:
        if territory is None:
            if not _is_national_admin(actor):
                raise PermissionDenied(_("Only a national administrator may grant a role for the whole country."))
        else:
            require_perm(actor, "account.manage", territory)


def check_revoke_allowed(*, actor, grant: RoleGrant) -> None:
    """Only an administrator of the grant's territory (a national one for a whole-country grant)."""
    if actor is None:
        return
    if grant.territory_id is None:
        if not _is_national_admin(actor):
            raise PermissionDenied(_("Only a national administrator may revoke a role for the whole country."))
    else:
        require_perm(actor, "account.manage", grant.territory)


@transaction.atomic
def revoke_role(*, actor, grant: RoleGrant) -> RoleGrant:
    check_revoke_allowed(actor=actor, grant=grant)
    if grant.revoked_at is None:
        grant.revoked_at = timezone.now()
        grant.save(update_fields=["revoked_at"])
        if grant.role == Role.ADMINISTRATOR and not grant.user.grants.filter(
            role=Role.ADMINISTRATOR, revoked_at__isnull=True
        ).exists():
            grant.user.is_superuser = False
            grant.user.is_staff = False
            grant.user.save(update_fields=["is_staff", "is_superuser"])
        audit.record(
            actor=actor or "system",
            action="role.revoked",
            obj=grant,
            territory=grant.territory,
            changes={"user": grant.user.username, "role": grant.role},
        )
    forget_grants(grant.user)
    return grant


def may_manage_user(actor, user: User) -> bool:
    """May ``actor`` manage ``user``'s account: every active grant of ``user`` lies within the
    actor's ``account.manage`` territory (a whole-country grant needs a national administrator)."""
    if actor is None or not has_perm(actor, "account.manage"):
        return False
    for grant in RoleGrant.objects.filter(user=user, revoked_at__isnull=True).select_related("territory"):
        if grant.territory_id is None:
            if not _is_national_admin(actor):
                return False
        elif not has_perm(actor, "account.manage", grant.territory):
            return False
    return True


def require_manage_user(actor, user: User) -> None:
    if not may_manage_user(actor, user):
        raise PermissionDenied(_("You may not manage this account."))


@transaction.atomic
def reset_second_factor(*, actor, user: User) -> User:
    """Forget ``user``'s TOTP secret (a lost phone): the next sign-in enrols a new one."""
    require_manage_user(actor, user)
    user = User.objects.select_for_update().get(pk=user.pk)
    had_secret = bool(user.totp_secret_encrypted)
    user.totp_secret_encrypted = ""
    user.totp_confirmed_at = None
    user.totp_last_counter = None
    user.save(update_fields=["totp_secret_encrypted", "totp_confirmed_at", "totp_last_counter"])
    audit.record(actor=actor, action="account.totp_reset", obj=user, changes={"had_secret": had_secret})
    return user


@transaction.atomic
def set_preferred_language(*, actor, user: User, language: str) -> User:
    if actor is None or actor.pk != user.pk:
        raise PermissionDenied(_("You may change only your own preferences."))
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Unknown language."))
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    return user


def record_sign_in(*, user: User, method: str, ip: str | None) -> None:
    """Audit a completed sign-in (``method``: "password+totp" or "phone")."""
    audit.record(actor=user, action="account.signed_in", obj=user, changes={"method": method, "ip": ip or ""})


def account_for_phone(*, phone: str) -> User:
    """The resident account for a verified, normalised phone number; created when there is none.

    A new account is linked to the registry entry when exactly one active resident has this phone
    and that entry has no account yet. Staff accounts are refused: they sign in with a password and
    a second factor. Raises ValidationError with code ``staff_account`` or ``inactive``.
    """
    user = User.objects.filter(phone=phone).first()
    if user is None:
        user = _account_via_registry(phone)
    if user is None:
        user = _create_resident_account(phone)
    if is_staff_member(user) or user.is_superuser or user.is_staff:
        raise ValidationError(
            _("This phone number belongs to a staff account. Staff sign in with their login, password "
              "and authenticator code."),
            code="staff_account",
        )
    if not user.is_active:
        raise ValidationError(_("This account is blocked. Please contact your akimat."), code="inactive")
    return user


def _account_via_registry(phone: str) -> User | None:
    from auyl.territory.models import Resident

    residents = list(
        Resident.objects.filter(phone=phone, is_active=True, merged_into__isnull=True).select_related("account")[:2]
    )
    if len(residents) != 1:
        return None
    resident = residents[0]
    account = getattr(resident, "account", None)
    if account is None:
        return _create_resident_account(phone, resident=resident)
    if account.phone in (None, "", phone):
        if account.phone != phone and not (is_staff_member(account) or account.is_superuser):
            account.phone = phone
            account.save(update_fields=["phone"])
        return account
    return None


def _create_resident_account(phone: str, resident=None) -> User:
    try:
        with transaction.atomic():
            user = User(
                username=f"resident-{uuid.uuid4().hex[:12]}",
                phone=phone,
                resident=resident,
                full_name=resident.full_name if resident is not None else "",
                preferred_language=_active_language(),
            )
            user.set_unusable_password()
            user.save()
            audit.record(
                actor="system", action="account.created", obj=user,
                changes={"kind": "resident", "linked_resident": resident.pk if resident is not None else None},
            )
    except IntegrityError:  # the same phone signed in twice at once: use the account the other created
        user = User.objects.filter(phone=phone).first()
        if user is None:
            raise
    return user


def _active_language() -> str:
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _is_national_admin(actor) -> bool:
    return RoleGrant.objects.filter(
        user=actor, role=Role.ADMINISTRATOR, territory__isnull=True, revoked_at__isnull=True
    ).exists()
