"""The clocks of an appeal, and the periodic job that watches them (``manage.py tick``).

``run_clocks`` reminds executors before a deadline (rule ``appeals.reminder_days_before``), escalates
overdue appeals and overdue promised actions to the akim and the district supervisor of the territory,
and refreshes the risk of open appeals. It is idempotent: each message has a dedupe key naming the
appeal, the date it is about and the recipient, so a second run (or an overlapping tick) sends nothing
new, while an extended deadline gets its own reminder.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from auyl.accounts.selectors import officials
from auyl.core.roles import Role
from auyl.core.rules import get_rule

from . import risk, tracking
from .history import notify_user
from .models import OPEN_STATUSES, Appeal, Outcome, Status

BATCH = 500
ESCALATE_TO = (Role.AKIM, Role.DISTRICT_SUPERVISOR)


def _day(moment) -> dt.date | None:
    return timezone.localdate(moment) if moment else None


def clock(appeal: Appeal, today: dt.date | None = None) -> dict:
    """Every clock of one appeal, as a page shows it."""
    today = today or timezone.localdate()
    is_open = appeal.status in OPEN_STATUSES
    finished = _day(appeal.answered_at) or _day(appeal.redirected_at)
    executing = (appeal.status == Status.ANSWERED and appeal.outcome == Outcome.SATISFIED
                 and appeal.executed_at is None and appeal.promised_by is not None)
    return {
        "deadline": appeal.deadline,
        "days_left": (appeal.deadline - today).days if is_open else None,
        "is_overdue": is_open and today > appeal.deadline,
        "registration_due": appeal.registration_due,
        "registration_late": _day(appeal.registered_at) > appeal.registration_due,
        "answered_on_time": None if finished is None else finished <= appeal.deadline,
        "extended": appeal.extended_at is not None,
        "execution_due": appeal.promised_by if executing else None,
        "execution_overdue": executing and today > appeal.promised_by,
    }


class _PerTerritory:
    """Rules and recipients looked up once per territory during one run."""

    def __init__(self):
        self._rules: dict[tuple[int, str], object] = {}
        self._officials: dict[int, list] = {}
        self._points: dict[int, dict] = {}

    def rule(self, territory, key: str):
        if (territory.pk, key) not in self._rules:
            self._rules[(territory.pk, key)] = get_rule(territory, key)
        return self._rules[(territory.pk, key)]

    def officials(self, territory) -> list:
        if territory.pk not in self._officials:
            self._officials[territory.pk] = officials(territory, ESCALATE_TO)
        return self._officials[territory.pk]

    def points(self, territory) -> dict:
        if territory.pk not in self._points:
            self._points[territory.pk] = risk.points_table(territory)
        return self._points[territory.pk]


def _remind(appeal: Appeal, today: dt.date, cache: _PerTerritory) -> int:
    if appeal.status not in OPEN_STATUSES or appeal.executor is None:
        return 0
    days_left = (appeal.deadline - today).days
    if not 0 <= days_left <= int(cache.rule(appeal.territory, "appeals.reminder_days_before")):
        return 0
    key = f"appeal-reminder:{appeal.pk}:{appeal.deadline.isoformat()}:{appeal.executor.pk}"
    return int(notify_user(appeal.executor, appeal, lambda: _(
        "Reminder: the answer to appeal %(number)s \"%(subject)s\" is due by %(deadline)s.") % {
        "number": appeal.number, "subject": appeal.subject, "deadline": appeal.deadline.strftime("%d.%m.%Y")},
        dedupe_key=key))


def _escalate(appeal: Appeal, today: dt.date, cache: _PerTerritory) -> tuple[int, int]:
    """(overdue answers escalated, overdue promised actions escalated)."""
    if appeal.status in OPEN_STATUSES and today > appeal.deadline:
        kind, due = "overdue", appeal.deadline
        message = gettext_noop("Overdue: appeal %(number)s \"%(subject)s\" was due by %(due)s (executor: %(executor)s).")
    elif (appeal.status == Status.ANSWERED and appeal.outcome == Outcome.SATISFIED and appeal.promised_by
          and appeal.executed_at is None and today > appeal.promised_by):
        kind, due = "exec-overdue", appeal.promised_by
        message = gettext_noop("Not carried out: what was promised for appeal %(number)s \"%(subject)s\" was due by "
                    "%(due)s (executor: %(executor)s).")
    else:
        return 0, 0
    people = {user.pk: user for user in cache.officials(appeal.territory)}
    if kind == "exec-overdue" and appeal.executor is not None:
        people.setdefault(appeal.executor.pk, appeal.executor)
    params = {"number": appeal.number, "subject": appeal.subject, "due": due.strftime("%d.%m.%Y"),
              "executor": str(appeal.executor) if appeal.executor else "—"}
    sent = sum(
        notify_user(user, appeal, lambda: _(message) % params,
                    dedupe_key=f"appeal-{kind}:{appeal.pk}:{due.isoformat()}:{user.pk}")
        for user in people.values()
    )
    return (sent, 0) if kind == "overdue" else (0, sent)


def run_clocks(today: dt.date | None = None) -> dict:
    """The periodic job: reminders, escalations, risk refresh. Safe to run any number of times."""
    today = today or timezone.localdate()
    cache = _PerTerritory()
    counts = {"checked": 0, "reminders": 0, "escalations": 0, "execution_escalations": 0, "risk_updated": 0}
    changed: list[Appeal] = []
    pks = list(Appeal.objects.filter(risk.OPEN_OR_EXECUTING).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH):
        batch = Appeal.objects.filter(pk__in=pks[start:start + BATCH]).select_related("territory", "topic", "executor")
        for appeal in batch:
            counts["checked"] += 1
            counts["reminders"] += _remind(appeal, today, cache)
            overdue, not_done = _escalate(appeal, today, cache)
            counts["escalations"] += overdue
            counts["execution_escalations"] += not_done
            if risk.recompute(appeal, today, cache.points(appeal.territory)):
                changed.append(appeal)
        if changed:
            counts["risk_updated"] += Appeal.objects.bulk_update(changed, ["risk_points", "risk_factors"])
            changed = []
    counts["tracking_failures_pruned"] = tracking.prune_failures()
    return counts
