"""Reads of appeals. Every list is scoped to the user's territorial grants (auyl.core.permissions)."""

from __future__ import annotations

import datetime as dt
import hmac

from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Case, Count, DateField, F, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from auyl.core.permissions import scoped

from . import clocks, repeats, risk
from .models import OPEN_STATUSES, Appeal, Outcome, Status, Topic
from .tracking import code_matches, tracking_hash

MAX_NUMBER = 40


def appeals_visible_to(user, action: str = "appeal.view") -> QuerySet[Appeal]:
    return scoped(Appeal.objects.select_related("territory", "topic", "executor", "settlement"), user, action,
                  path_field="territory_path")


def appeal_for(user, pk, action: str = "appeal.view") -> Appeal:
    try:
        return appeals_visible_to(user, action).get(pk=pk)
    except (Appeal.DoesNotExist, ValueError, TypeError):
        raise Http404("appeal not found") from None


def appeals_of_resident(user) -> QuerySet[Appeal]:
    """A signed-in resident's own appeals (the applicant's cabinet)."""
    resident_id = getattr(user, "resident_id", None) if getattr(user, "is_authenticated", False) else None
    if resident_id is None:
        return Appeal.objects.none()
    return Appeal.objects.filter(resident_id=resident_id).select_related("topic", "territory").order_by(
        "-registered_at")


def _with_due(queryset: QuerySet[Appeal], today: dt.date) -> QuerySet[Appeal]:
    """``due``: the deadline, or the promised date while a satisfied appeal is carried out;
    ``is_overdue`` when it has passed; ``risk_level`` from the stored points."""
    due = Case(When(status=Status.ANSWERED, then=F("promised_by")), default=F("deadline"), output_field=DateField())
    return queryset.annotate(due=due).annotate(
        is_overdue=Case(When(due__lt=today, then=Value(True)), default=Value(False), output_field=BooleanField()),
        risk_level=risk.level_annotation(),
    )


def inbox(user, today: dt.date | None = None) -> QuerySet[Appeal]:
    """The executor's work: open appeals and satisfied ones awaiting execution, nearest due date first."""
    if not getattr(user, "is_authenticated", False):
        return Appeal.objects.none()
    today = today or timezone.localdate()
    queryset = appeals_visible_to(user).filter(risk.OPEN_OR_EXECUTING, executor=user)
    return _with_due(queryset, today).order_by("due", "-risk_points", "pk")


def dashboard(user, territory=None, today: dt.date | None = None) -> dict:
    """The territory at a glance, within the user's scope (and within ``territory`` when given).

    Workload figures count appeals still open; ``executing`` counts satisfied appeals whose promised
    action is not yet done; ``total`` counts every appeal ever registered in scope.
    """
    today = today or timezone.localdate()
    scope = appeals_visible_to(user)
    if territory is not None:
        scope = scope.filter(territory_path__startswith=territory.path)
    open_qs = scope.filter(status__in=OPEN_STATUSES)
    overdue = Q(deadline__lt=today)
    counts = open_qs.aggregate(
        open=Count("pk"), overdue=Count("pk", filter=overdue),
        **{f"risk_{name}": Count("pk", filter=risk.level_q(name)) for name in risk.LEVELS},
    )
    by_topic = (open_qs.values("topic_id", "topic__code").annotate(count=Count("pk"), overdue=Count("pk", filter=overdue))
                .order_by("-count", "topic__code"))
    by_executor = (open_qs.values("executor_id").annotate(count=Count("pk"), overdue=Count("pk", filter=overdue))
                   .order_by("-count", "executor_id"))
    return {
        "total": scope.count(),
        "open": counts["open"],
        "overdue": counts["overdue"],
        "executing": scope.filter(status=Status.ANSWERED, outcome=Outcome.SATISFIED, executed_at__isnull=True).count(),
        "by_risk": {name: counts[f"risk_{name}"] for name in risk.LEVELS},
        "by_topic": _named(by_topic, "topic_id", _topics),
        "by_executor": _named(by_executor, "executor_id", _users),
    }


def _topics(pks):
    return Topic.objects.in_bulk(pks)


def _users(pks):
    return get_user_model().objects.in_bulk(pks)


def _named(rows, key: str, fetch) -> list[dict]:
    """Replace the ids of grouped rows by the objects (``None`` stays: e.g. not yet assigned)."""
    rows = list(rows)
    objects = fetch([row[key] for row in rows if row[key] is not None])
    field = key.removesuffix("_id")
    return [{field: objects.get(row[key]), "count": row["count"], "overdue": row["overdue"]} for row in rows]


def find_by_tracking(number: str, code: str) -> Appeal | None:
    """The appeal ``number`` if ``code`` is its tracking code; None otherwise (same work either way)."""
    number = (number or "").strip().upper()[:MAX_NUMBER] if isinstance(number, str) else ""
    code = code if isinstance(code, str) else ""
    appeal = Appeal.objects.select_related("territory", "topic", "executor").filter(number=number).first() \
        if number else None
    if appeal is None:
        hmac.compare_digest(tracking_hash(number, code), "0" * 64)  # spend the same time as a real check
        return None
    return appeal if code_matches(appeal, code) else None


def similar_appeals(appeal: Appeal, limit: int = 5) -> list[Appeal]:
    """Other applicants' appeals in the same territory and topic with a similar text (grouping hints).
    The caller already sees ``appeal``; these share its territory, hence the caller's scope."""
    return [other for other, _score in repeats.similar_of_others(appeal, limit)]


def clock(appeal: Appeal, today: dt.date | None = None) -> dict:
    """days_left, is_overdue, registration_late, answered_on_time (and the execution clock)."""
    return clocks.clock(appeal, today)


def applicant_history(user, appeal: Appeal) -> list[Appeal]:
    """The same applicant's other appeals (same resident or same phone), newest first, limited to what
    ``user`` may see with personal data."""
    applicant = repeats.same_applicant_q(resident=appeal.resident, phone=appeal.applicant_phone)
    if applicant is None:
        return []
    queryset = appeals_visible_to(user, "appeal.view_personal").filter(applicant).exclude(pk=appeal.pk)
    return list(queryset.order_by("-registered_at")[:200])
