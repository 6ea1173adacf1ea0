"""Write use cases of the budget: one function per action, each atomic, permission-checked and audited.

Here: a year's budget and its first draft, the plan of a draft, amendments. The approval path lives in
:mod:`.approval`, actuals in :mod:`.execution` and :mod:`.imports`, residents' questions in
:mod:`.questions`; all are importable from this module.

A draft's lines may be changed until it is published; from then on a version is never changed, and an
amendment (or a revision asked for at the discussion) is a new version copied from it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.core import audit
from auyl.core.permissions import require_perm

from . import versions
from .approval import close, publish, record_agreement, record_approval, start_execution
from .execution import ActualEntry, record_actuals
from .imports import import_actuals
from .models import (
    Actual,
    Budget,
    BudgetLine,
    BudgetVersion,
    PeriodKind,
    Programme,
    RevenueSource,
    Section,
    Status,
)
from .questions import ask_about_line

__all__ = [
    "ActualEntry",
    "ask_about_line",
    "close",
    "create_budget",
    "import_actuals",
    "publish",
    "record_actuals",
    "record_agreement",
    "record_approval",
    "save_plan",
    "start_amendment",
    "start_execution",
    "withdraw_amendment",
]

FIRST_YEAR = 2018  # rural districts have had their own budget since 2018-2020 (000:410)


def _check_year(year) -> int:
    this_year = timezone.localdate().year
    if not isinstance(year, int) or isinstance(year, bool) or not FIRST_YEAR <= year <= this_year + 1:
        raise ValidationError(
            {
                "year": [
                    _("Choose a year from %(first)s to %(last)s.")
                    % {"first": FIRST_YEAR, "last": this_year + 1}
                ]
            }
        )
    return year


@transaction.atomic
def create_budget(
    *, actor, territory, year: int, period_kind: str = PeriodKind.MONTH, drafted_on: dt.date | None = None
) -> Budget:
    """Open ``year``'s budget of a rural district (or town) with its first draft (version 1, no lines)."""
    require_perm(actor, "budget.prepare", territory)
    if not territory.is_primary:
        raise ValidationError({"territory": [_("A budget belongs to a rural district or a town.")]})
    year = _check_year(year)
    if period_kind not in PeriodKind.values:
        raise ValidationError({"period_kind": [_("Choose monthly or quarterly actuals.")]})
    drafted_on = versions.check_date(
        drafted_on or timezone.localdate(),
        "drafted_on",
        not_before=dt.date(year - 1, 1, 1),
        previous=_("the year before the budget"),
    )
    if Budget.objects.filter(territory=territory, year=year).exists():
        raise ValidationError({"year": [_("The %(year)s budget already exists.") % {"year": year}]})
    try:
        with transaction.atomic():
            budget = Budget.objects.create(
                territory=territory,
                territory_path=territory.path,
                year=year,
                period_kind=period_kind,
                created_by=_user(actor),
            )
    except IntegrityError:  # created at the same moment by someone else
        raise ValidationError({"year": [_("The %(year)s budget already exists.") % {"year": year}]}) from None
    version = BudgetVersion.objects.create(
        budget=budget, number=1, drafted_on=drafted_on, created_by=_user(actor)
    )
    versions.add_step(version, Status.DRAFT, drafted_on, actor)
    audit.record(
        actor=actor,
        action="budget.created",
        obj=budget,
        territory=territory,
        changes={"year": year, "period_kind": period_kind, "drafted_on": drafted_on},
    )
    return budget


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _clean_lines(revenue: dict, expenditure: dict, allowed_programmes: set[str]) -> dict:
    """``{(section, code): amount}`` of the posted plan; every bad amount reported by its line."""
    errors: dict[str, list[str]] = {}
    cleaned: dict[tuple[str, str], Decimal] = {}
    for section, amounts, known in (
        (Section.REVENUE, revenue, set(RevenueSource.values)),
        (Section.EXPENDITURE, expenditure, allowed_programmes),
    ):
        for code, value in (amounts or {}).items():
            if code not in known:
                errors.setdefault(f"{section}:{code}", []).append(
                    _("Unknown line: %(code)s.") % {"code": code}
                )
                continue
            if value is None or value == "":
                continue
            try:
                cleaned[(section, code)] = versions.parse_amount(value)
            except ValueError as exc:
                errors.setdefault(f"{section}:{code}", []).append(str(exc))
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def save_plan(*, actor, version: BudgetVersion, revenue: dict, expenditure: dict) -> BudgetVersion:
    """Replace the lines of a draft: ``revenue`` maps revenue-source codes, ``expenditure`` programme codes,
    to amounts in tenge. A zero or empty amount drops the line, unless actuals were recorded on it."""
    require_perm(actor, "budget.prepare", version.budget.territory)
    version = versions.locked_version(version)
    if version.status != Status.DRAFT:
        raise ValidationError(
            _("Only a draft can be changed. To change a published plan, open an amendment.")
        )
    lines = {(line.section, line.code): line for line in version.lines.select_related("programme")}
    programmes = {p.code: p for p in Programme.objects.all()}
    allowed = {code for code, p in programmes.items() if p.is_active} | {
        code for section, code in lines if section == Section.EXPENDITURE
    }
    cleaned = _clean_lines(revenue, expenditure, allowed)
    with_actuals = set(Actual.objects.filter(budget=version.budget).values_list("section", "code"))
    before = {f"{s}:{c}": str(line.amount) for (s, c), line in lines.items()}
    version.lines.all().delete()  # a draft's lines are not public yet: they are replaced as a whole
    new_lines = _new_lines(version, cleaned, programmes, lines, with_actuals)
    BudgetLine.objects.bulk_create(new_lines)
    after = {f"{line.section}:{line.code}": str(line.amount) for line in new_lines}
    version.save(update_fields=["updated_at"])
    audit.record(
        actor=actor,
        action="budget.plan_saved",
        obj=version,
        territory=version.budget.territory,
        changes=audit.diff(before, after),
    )
    return version


def _new_lines(version, cleaned: dict, programmes: dict, old: dict, with_actuals: set) -> list[BudgetLine]:
    """The draft's new lines: the non-zero amounts, and at zero every old line that has actuals."""
    new_lines = [
        BudgetLine(
            version=version,
            section=section,
            code=code,
            amount=amount,
            programme=programmes[code] if section == Section.EXPENDITURE else None,
        )
        for (section, code), amount in sorted(cleaned.items())
        if amount or (section, code) in with_actuals
    ]
    kept = {(line.section, line.code) for line in new_lines}
    for section, code in sorted(with_actuals - kept):
        if (section, code) in old:
            new_lines.append(
                BudgetLine(
                    version=version,
                    section=section,
                    code=code,
                    amount=Decimal("0.00"),
                    programme=old[(section, code)].programme,
                )
            )
    return new_lines


def _check_reason(reason) -> str:
    reason = (reason or "").strip() if isinstance(reason, str) else ""
    if not reason:
        raise ValidationError({"reason": [_("Say why the plan is being changed.")]})
    if len(reason) > versions.MAX_REASON:
        raise ValidationError(
            {"reason": [_("The reason is too long (at most %(n)s characters).") % {"n": versions.MAX_REASON}]}
        )
    return reason


def _base_for_amendment(budget: Budget) -> tuple[BudgetVersion, dt.date]:
    """The version an amendment copies, and the date it may not precede."""
    open_one = versions.open_version(budget)
    if open_one is not None and open_one.status == Status.DRAFT:
        raise ValidationError(_("A draft is already open: change it instead of opening another."))
    if open_one is not None:  # revised after the discussion or the meeting, before approval
        return open_one, open_one.agreed_on or open_one.published_on
    in_force = versions.version_in_force(budget)
    if in_force is None:  # pragma: no cover - a budget always has a draft or a version in force
        raise ValidationError(_("There is nothing to amend."))
    if in_force.status == Status.CLOSED:
        raise ValidationError(_("A closed budget cannot be amended."))
    return in_force, in_force.approved_on


@transaction.atomic
def start_amendment(
    *, actor, budget: Budget, reason: str, drafted_on: dt.date | None = None
) -> BudgetVersion:
    """Open a new draft version copied from the approved plan (an amendment), or from a published or agreed
    one (a revision: that version is then marked as replaced). Nothing of the copied version changes."""
    require_perm(actor, "budget.prepare", budget.territory)
    budget = versions.lock(budget)
    reason = _check_reason(reason)
    base, not_before = _base_for_amendment(budget)
    drafted_on = versions.check_date(
        drafted_on or timezone.localdate(),
        "drafted_on",
        not_before=not_before,
        previous=_("the last step of version %(n)s") % {"n": base.number},
    )
    number = versions.next_number(budget)
    if base.status in (Status.PUBLISHED, Status.AGREED):
        base.status, base.superseded_on = Status.SUPERSEDED, drafted_on
        base.save(update_fields=["status", "superseded_on", "updated_at"])
        versions.add_step(
            base,
            Status.SUPERSEDED,
            drafted_on,
            actor,
            note=_("Revised: replaced by version %(n)s.") % {"n": number},
        )
    version = BudgetVersion.objects.create(
        budget=budget,
        number=number,
        amends=base,
        reason=reason,
        drafted_on=drafted_on,
        created_by=_user(actor),
    )
    _copy_lines(base, version)
    versions.add_step(version, Status.DRAFT, drafted_on, actor, note=reason)
    audit.record(
        actor=actor,
        action="budget.amendment_started",
        obj=version,
        territory=budget.territory,
        changes={"number": number, "amends": base.number, "reason": reason, "drafted_on": drafted_on},
    )
    return version


def _copy_lines(base: BudgetVersion, version: BudgetVersion) -> None:
    BudgetLine.objects.bulk_create(
        [
            BudgetLine(
                version=version,
                section=line.section,
                code=line.code,
                programme_id=line.programme_id,
                amount=line.amount,
            )
            for line in base.lines.all()
        ]
    )


@transaction.atomic
def withdraw_amendment(*, actor, version: BudgetVersion, reason: str) -> BudgetVersion:
    """Drop an amendment that has not been approved; the version in force stays as it is."""
    require_perm(actor, "budget.prepare", version.budget.territory)
    version = versions.locked_version(version)
    if version.status not in (Status.DRAFT, Status.PUBLISHED, Status.AGREED) or not version.is_amendment:
        raise ValidationError(_("Only an amendment that has not been approved can be withdrawn."))
    if versions.version_in_force(version.budget) is None:
        raise ValidationError(_("Only an amendment of an approved budget can be withdrawn."))
    reason = (reason or "").strip()
    if not reason or len(reason) > versions.MAX_NOTE:
        raise ValidationError(
            {
                "reason": [
                    _("Say why the amendment is withdrawn (at most %(n)s characters).")
                    % {"n": versions.MAX_NOTE}
                ]
            }
        )
    today = timezone.localdate()
    before = version.status
    version.status, version.superseded_on = Status.WITHDRAWN, today
    version.save(update_fields=["status", "superseded_on", "updated_at"])
    versions.add_step(version, Status.WITHDRAWN, today, actor, note=reason)
    audit.record(
        actor=actor,
        action="budget.amendment_withdrawn",
        obj=version,
        territory=version.budget.territory,
        changes={"status": [before, Status.WITHDRAWN], "reason": reason},
    )
    return version
