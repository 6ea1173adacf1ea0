"""Recording actuals: what was received and spent on each line in a month or quarter.

One write path for the staff form and the file import (:mod:`.imports`): :func:`record_actuals` checks
every entry against the plan in force (the line must exist; the period must be one of the budget's and
must have begun; the amount exact, not negative), and stores all of them or none. A value entered again
for the same line and period replaces the earlier one; the audit event keeps both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.core import audit
from auyl.core.permissions import require_perm

from . import versions
from .models import Actual, Budget, Section, Status

MAX_AUDITED_CHANGES = 200


@dataclass(frozen=True)
class ActualEntry:
    section: str
    code: str
    period: int
    amount: Decimal
    row: int | None = None  # where it came from in an imported file (for the error messages)
    label: str = ""  # the line's name on the staff form (for the error messages when there is no row)


@dataclass
class RecordResult:
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    periods: list[int] = field(default_factory=list)

    @property
    def stored(self) -> int:
        return self.created + self.changed


def executing_version(budget: Budget):
    version = versions.version_in_force(budget)
    if version is None or version.status != Status.EXECUTING:
        raise ValidationError(_("Actuals are recorded while the budget is being executed."))
    return version


def line_error(plan: set[tuple[str, str]], section: str, code: str) -> str:
    """Why ``section``/``code`` is not a line of the plan ("" when it is one)."""
    if section not in Section.values:
        return _("Unknown section %(section)s: write revenue or expenditure.") % {"section": section}
    if (section, code) not in plan:
        return _("Unknown line %(code)s: it is not in the plan's %(section)s.") % {
            "code": code,
            "section": Section(section).label.lower(),
        }
    return ""


def period_error(budget: Budget, period) -> str:
    if not isinstance(period, int) or not 1 <= period <= budget.period_count:
        return _("Unknown period.")
    if versions.period_start(budget, period) > timezone.localdate():
        return _("This period has not begun yet.")
    return ""


def entry_errors(budget: Budget, plan: set[tuple[str, str]], entry: ActualEntry) -> list[str]:
    """What is wrong with one entry (translated messages; empty when it is fine)."""
    errors = [line_error(plan, entry.section, entry.code), period_error(budget, entry.period)]
    try:
        versions.parse_amount(entry.amount)
    except ValueError as exc:
        errors.append(str(exc))
    return [error for error in errors if error]


def plan_lines(version) -> set[tuple[str, str]]:
    return set(version.lines.values_list("section", "code"))


def _store(actor, budget: Budget, entries: list[ActualEntry]) -> tuple[RecordResult, dict]:
    existing = {(a.section, a.code, a.period): a for a in Actual.objects.filter(budget=budget)}
    result, changes = RecordResult(), {}
    user = actor if getattr(actor, "is_authenticated", False) else None
    for entry in entries:
        amount = versions.parse_amount(entry.amount)
        key = (entry.section, entry.code, entry.period)
        label = f"{entry.section}:{entry.code}:{entry.period}"
        actual = existing.get(key)
        if actual is None:
            Actual.objects.create(
                budget=budget,
                section=entry.section,
                code=entry.code,
                period=entry.period,
                amount=amount,
                recorded_by=user,
            )
            result.created += 1
            changes[label] = [None, str(amount)]
        elif actual.amount != amount:
            changes[label] = [str(actual.amount), str(amount)]
            actual.amount, actual.recorded_by = amount, user
            actual.save(update_fields=["amount", "recorded_by", "updated_at"])
            result.changed += 1
        else:
            result.unchanged += 1
    result.periods = sorted({entry.period for entry in entries})
    return result, changes


def _located(entry: ActualEntry, index: int, problem: str) -> str:
    """``problem`` said where: the file's row, else the line's name on the form, else the entry's index."""
    if entry.row is None and entry.label:
        return _("%(line)s: %(problem)s") % {"line": entry.label, "problem": problem}
    return _("Row %(row)s: %(problem)s") % {"row": entry.row or index, "problem": problem}


@transaction.atomic
def record_actuals(
    *, actor, budget: Budget, entries: list[ActualEntry], source: str = "form", note: str = ""
) -> RecordResult:
    """Store the actuals of ``entries`` (all or none). ValidationError lists every bad entry."""
    require_perm(actor, "budget.execute", budget.territory)
    budget = versions.lock(budget)
    plan = plan_lines(executing_version(budget))
    errors, seen = [], {}
    for index, entry in enumerate(entries, start=1):
        problems = entry_errors(budget, plan, entry)
        key = (entry.section, entry.code, entry.period)
        if key in seen:
            problems.append(_("The same line and period appear twice."))
        seen.setdefault(key, index)
        errors += [_located(entry, index, p) for p in problems]
    if errors:
        raise ValidationError(errors)
    if not entries:
        raise ValidationError(_("There is nothing to record."))
    result, changes = _store(actor, budget, entries)
    if result.stored:
        shown = dict(list(changes.items())[:MAX_AUDITED_CHANGES])
        audit.record(
            actor=actor,
            action="budget.actuals_recorded",
            obj=budget,
            territory=budget.territory,
            changes={
                "source": source,
                "note": note[:300],
                "created": result.created,
                "changed": result.changed,
                "lines": shown,
            },
        )
    return result
