"""Reads of the audit log, scoped to the territories where the user may read it."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from . import permissions
from .models import AuditEvent


def audit_events_for(user, *, action: str = "", object_type: str = "", territory_code: str = "",
                     actor: str = "", date_from: dt.date | None = None, date_to: dt.date | None = None,
                     object_id: str = "") -> QuerySet[AuditEvent]:
    """Audit events the user may read: those in the territories of their ``audit.view`` grants
    (events without a territory are visible to national auditors only)."""
    qs = permissions.scoped(AuditEvent.objects.all(), user, "audit.view", path_field="territory_path")
    paths = permissions.paths_for(user, "audit.view")
    if "" not in paths:
        qs = qs.exclude(territory_path="")
    if action:
        qs = qs.filter(action__startswith=action)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if territory_code:
        qs = qs.filter(Q(territory_code=territory_code) | Q(territory_path__contains=f"{territory_code}/"))
    if actor:
        qs = qs.filter(actor_label__icontains=actor)
    if date_from:
        qs = qs.filter(created_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(created_at__date__lte=date_to)
    return qs.order_by("-seq")


def audit_events_for_object(user, obj, *, limit: int = 50) -> list[AuditEvent]:
    """The history of one object, if the user may read the audit log; empty otherwise."""
    if not permissions.has_perm(user, "audit.view"):
        return []
    return list(audit_events_for(user, object_type=obj._meta.label_lower, object_id=str(obj.pk))[:limit])


def audit_action_names() -> list[str]:
    return list(AuditEvent.objects.values_list("action", flat=True).distinct().order_by("action"))
