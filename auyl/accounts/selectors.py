"""Reads of users and their role grants that other apps need (who to tell, who must respond)."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from .models import RoleGrant, User


def officials(territory, roles, *, exact: bool = False) -> list[User]:
    """Active users holding one of ``roles`` on ``territory`` (``exact``) or on it or a unit above.

    A grant counts while it is neither revoked nor past its ``valid_until``; ordered by user id."""
    codes = [territory.code] if exact else territory.ancestor_codes(include_self=True)
    now = timezone.now()
    grants = (
        RoleGrant.objects.filter(role__in=list(roles), revoked_at__isnull=True, territory__code__in=codes)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=now))
        .values("user_id")
    )
    return list(User.objects.filter(pk__in=grants, is_active=True).order_by("pk"))
