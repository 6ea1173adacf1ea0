"""Write use cases for accounts: creating users, granting and revoking roles."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.core import audit
from auyl.core.permissions import forget_grants, require_perm
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
    if territory is None and role not in NATIONAL_ROLES:
        raise ValidationError(_("This role must be granted on a territorial unit."))
    if actor is not None:
        if territory is None:
            if not _is_national_admin(actor):
                raise PermissionDenied(_("Only a national administrator may grant a role for the whole country."))
        else:
            require_perm(actor, "account.manage", territory)
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


@transaction.atomic
def revoke_role(*, actor, grant: RoleGrant) -> RoleGrant:
    if actor is not None:
        require_perm(actor, "account.manage", grant.territory)
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


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _is_national_admin(actor) -> bool:
    return RoleGrant.objects.filter(
        user=actor, role=Role.ADMINISTRATOR, territory__isnull=True, revoked_at__isnull=True
    ).exists()
