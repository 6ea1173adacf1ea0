"""The append-only, hash-chained audit log.

Every service that changes state calls :func:`record` inside its transaction. Nothing in the
code base updates or deletes an :class:`AuditEvent`; :func:`verify_chain` proves it for the data.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone

from .models import AuditEvent

GENESIS_HASH = "0" * 64
_PG_LOCK_KEY = 7_210_001  # advisory lock that serialises appends on PostgreSQL


def _canonical(value: Any) -> Any:
    """Round-trip through JSON so that what is hashed is exactly what the database returns."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False))


def compute_hash(event: AuditEvent) -> str:
    payload = {
        "seq": event.seq,
        "created_at": event.created_at.astimezone(UTC).isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": str(event.object_id),
        "object_label": event.object_label,
        "territory_code": event.territory_code,
        "territory_path": event.territory_path,
        "changes": event.changes,
        "prev_hash": event.prev_hash,
    }
    blob = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for the fields whose value changed."""
    keys = sorted(set(before) | set(after))
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    return {f: _canonical(getattr(obj, f)) for f in fields}


def record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
    territory=None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. Must run inside the service's ``transaction.atomic`` block."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_label = object_label or str(obj)[:300]
    with transaction.atomic(savepoint=False):  # part of the caller's transaction; an error fails it whole
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])
        last = AuditEvent.objects.order_by("-seq").only("seq", "entry_hash").first()
        actor_obj = actor if getattr(actor, "is_authenticated", False) else None
        event = AuditEvent(
            seq=(last.seq + 1) if last else 1,
            created_at=timezone.now(),
            actor=actor_obj,
            actor_label=(actor_obj.get_username() if actor_obj else (actor if isinstance(actor, str) else "system")),
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            object_label=object_label,
            territory_code=getattr(territory, "code", "") or "",
            territory_path=getattr(territory, "path", "") or "",
            changes=_canonical(changes or {}),
            prev_hash=last.entry_hash if last else GENESIS_HASH,
        )
        event.entry_hash = compute_hash(event)
        event.save(force_insert=True)
    return event


@dataclass
class ChainReport:
    checked: int
    ok: bool
    first_bad_seq: int | None = None
    reason: str = ""


def verify_chain(batch_size: int = 5000) -> ChainReport:
    """Walk the log in order; report the first entry that was altered, removed or reordered."""
    prev_hash = GENESIS_HASH
    expected_seq = 1
    checked = 0
    queryset = AuditEvent.objects.order_by("seq")
    for event in queryset.iterator(chunk_size=batch_size):
        if event.seq != expected_seq:
            return ChainReport(checked, False, expected_seq, f"entry #{expected_seq} is missing")
        if event.prev_hash != prev_hash:
            return ChainReport(checked, False, event.seq, "link to the previous entry is broken")
        if compute_hash(event) != event.entry_hash:
            return ChainReport(checked, False, event.seq, "content does not match its hash")
        prev_hash = event.entry_hash
        expected_seq += 1
        checked += 1
    return ChainReport(checked, True)
