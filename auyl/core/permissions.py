"""One permission framework for every domain app: role x action x territory.

A role is granted on a territorial unit (``accounts.RoleGrant``) and applies to that unit and all its
descendants; a grant without a unit covers the whole country. Domain apps declare which roles may
perform which actions in their own ``permissions.py`` through :func:`allow`, and ask only through
:func:`has_perm`, :func:`require_perm` and :func:`scope_q` / :func:`scoped`, so that a selector can
never return a row outside the user's territory.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .roles import Role

ROLE_ACTIONS: dict[str, set[str]] = defaultdict(set)
KNOWN_ACTIONS: set[str] = set()


def allow(action: str, roles: Iterable[str]) -> None:
    """Declare that ``roles`` may perform ``action`` within the territory of their grant."""
    KNOWN_ACTIONS.add(action)
    for role in roles:
        ROLE_ACTIONS[str(role)].add(action)


def _grants(user) -> list[tuple[str, str]]:
    """Active grants as ``(role, territory_path)``; path ``""`` means the whole country."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_auyl_grants", None)
    if cached is not None:
        return cached
    RoleGrant = apps.get_model("accounts", "RoleGrant")
    now = timezone.now()
    rows = (
        RoleGrant.objects.filter(user=user, revoked_at__isnull=True)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=now))
        .values_list("role", "territory__path")
    )
    grants = [(role, path or "") for role, path in rows]
    user._auyl_grants = grants
    return grants


def forget_grants(user) -> None:
    if hasattr(user, "_auyl_grants"):
        del user._auyl_grants


def roles_of(user) -> set[str]:
    return {role for role, _path in _grants(user)}


def paths_for(user, action: str) -> list[str]:
    """Territory paths within which ``user`` may perform ``action`` (``""`` = everywhere)."""
    if action not in KNOWN_ACTIONS:
        raise KeyError(f"unknown action {action!r}")
    paths = sorted({path for role, path in _grants(user) if action in ROLE_ACTIONS.get(role, ())})
    # Drop paths already covered by a shorter one.
    minimal: list[str] = []
    for path in paths:
        if not any(path.startswith(kept) for kept in minimal):
            minimal.append(path)
    return minimal


def has_perm(user, action: str, territory=None) -> bool:
    """May ``user`` perform ``action`` on ``territory`` (or anywhere, when ``territory`` is None)?"""
    paths = paths_for(user, action)
    if territory is None:
        return bool(paths)
    target = territory.path
    return any(target.startswith(path) for path in paths)


def require_perm(user, action: str, territory=None) -> None:
    if not has_perm(user, action, territory):
        raise PermissionDenied(_("You do not have permission to do this here."))


def scope_q(user, action: str, path_field: str = "territory__path") -> Q:
    """A filter selecting rows whose territory lies within the user's grants for ``action``."""
    paths = paths_for(user, action)
    if not paths:
        return Q(pk__in=[])
    if "" in paths:
        return Q()
    condition = Q()
    for path in paths:
        condition |= Q(**{f"{path_field}__startswith": path})
    return condition


def scoped(queryset: QuerySet, user, action: str, path_field: str = "territory__path") -> QuerySet:
    return queryset.filter(scope_q(user, action, path_field))


def is_staff_member(user) -> bool:
    return any(role != Role.RESIDENT for role in roles_of(user))


def is_administrator(user) -> bool:
    return Role.ADMINISTRATOR in roles_of(user)


# Foundation actions. Domain apps add theirs in their own permissions.py.
allow("territory.import", [Role.ADMINISTRATOR])
allow("territory.edit", [Role.ADMINISTRATOR, Role.AKIM])
allow("resident.view", [
    Role.REGISTRAR, Role.EXECUTOR, Role.AKIM, Role.DISTRICT_SUPERVISOR, Role.REGIONAL_SUPERVISOR,
    Role.AUDITOR, Role.ADMINISTRATOR,
])
allow("resident.view_iin", [Role.REGISTRAR, Role.AKIM, Role.ADMINISTRATOR])
allow("resident.create", [Role.REGISTRAR, Role.AKIM, Role.ADMINISTRATOR])
allow("resident.edit", [Role.REGISTRAR, Role.AKIM, Role.ADMINISTRATOR])
allow("resident.merge", [Role.AKIM, Role.ADMINISTRATOR])
allow("audit.view", [Role.AUDITOR, Role.ADMINISTRATOR])
allow("account.manage", [Role.ADMINISTRATOR])
allow("calendar.manage", [Role.ADMINISTRATOR])
