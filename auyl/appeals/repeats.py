"""Repeat appeals (same applicant, same matter, after an answer) and similar appeals of others.

A repeat is *suggested* automatically: same resident or same phone, same topic, an earlier appeal
answered within rule ``appeals.repeat_window_months``, and text similar by rapidfuzz's
``token_set_ratio`` (word order and extra words do not matter). Staff confirm or reject it.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.db.models import Q
from django.utils import timezone
from rapidfuzz import fuzz, utils

from auyl.core.rules import get_rule

from .models import Appeal, Outcome

SIMILARITY_THRESHOLD = 70  # token_set_ratio, 0-100
MAX_CANDIDATES = 200  # earlier appeals compared, newest first
SIMILAR_WINDOW_DAYS = 180  # how far back grouping suggestions look


def similarity(a: str, b: str) -> float:
    return fuzz.token_set_ratio(a, b, processor=utils.default_process)


def matter(appeal: Appeal) -> str:
    return f"{appeal.subject} {appeal.text}"


def months_before(day: dt.date, months: int) -> dt.date:
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def same_applicant_q(*, resident=None, phone: str = "") -> Q | None:
    condition = Q(pk__in=[])
    if resident is not None:
        condition |= Q(resident=resident)
    if phone:
        condition |= Q(applicant_phone=phone)
    return None if resident is None and not phone else condition


def find_repeat_of(*, topic, text: str, resident=None, phone: str = "", exclude_pk: int | None = None,
                   territory=None, now: dt.datetime | None = None) -> Appeal | None:
    """The earlier answered appeal that the described one most likely repeats, or None.

    Also usable before saving (the registrar's warning): pass the intended topic, text and applicant.
    """
    applicant = same_applicant_q(resident=resident, phone=phone)
    if applicant is None or not text:
        return None
    now = now or timezone.now()
    months = get_rule(territory, "appeals.repeat_window_months")
    since = months_before(timezone.localdate(now), int(months))
    candidates = (Appeal.objects.filter(applicant, topic=topic, answered_at__isnull=False,
                                        answered_at__date__gte=since, answered_at__lte=now)
                  .exclude(outcome=Outcome.REDIRECTED).exclude(pk=exclude_pk)
                  .order_by("-answered_at").only("pk", "subject", "text", "number", "answered_at"))
    best, best_score = None, SIMILARITY_THRESHOLD - 1
    for candidate in candidates[:MAX_CANDIDATES]:
        value = similarity(text, matter(candidate))
        if value > best_score:
            best, best_score = candidate, value
    return best


def similar_of_others(appeal: Appeal, limit: int = 5) -> list[tuple[Appeal, float]]:
    """Appeals of other applicants in the same territory and topic with a similar text, best first."""
    since = timezone.now() - dt.timedelta(days=SIMILAR_WINDOW_DAYS)
    candidates = (Appeal.objects.filter(territory_id=appeal.territory_id, topic_id=appeal.topic_id,
                                        registered_at__gte=since)
                  .exclude(pk=appeal.pk).select_related("topic").order_by("-registered_at"))
    applicant = same_applicant_q(resident=appeal.resident, phone=appeal.applicant_phone)
    if applicant is not None:
        candidates = candidates.exclude(applicant)
    text = matter(appeal)
    scored = [(other, similarity(text, matter(other))) for other in candidates[:MAX_CANDIDATES]]
    scored = [pair for pair in scored if pair[1] >= SIMILARITY_THRESHOLD]
    scored.sort(key=lambda pair: (-pair[1], -pair[0].registered_at.timestamp()))
    return scored[: max(0, limit)]
