"""Reads of the budget. Public reads show only what was published for discussion (never a draft); staff
reads are scoped by :func:`auyl.core.permissions.scoped` to the reader's grants for ``budget.view``.

For other apps (civic projects link spending to budget lines): :func:`lines_for` and :func:`line_by_key`
return :class:`LineRef` s, whose ``key`` ("<KATO code>:<year>:<section>:<code>") stays the same across
amendments of the plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from auyl.core.permissions import require_perm, scoped
from auyl.territory.models import PRIMARY_LEVELS, Territory
from auyl.territory.selectors import territory_by_code

from . import assembly_link, figures, versions
from .catalogue import line_name
from .models import OPEN_STATUSES, Budget, BudgetLine, BudgetStep, BudgetVersion, Section, Status

KEY = re.compile(r"(\d{9}):(\d{4}):(revenue|expenditure):([\w-]{1,40})")


# --- public --------------------------------------------------------------------------------------------


def primary_unit(code: str) -> Territory:
    """The rural district (or town) with KATO ``code``; Http404 for any other unit."""
    territory = territory_by_code(code)
    if not territory.is_primary:
        raise Http404("not a rural district")
    return territory


def public_version(budget: Budget) -> BudgetVersion | None:
    """What residents see: the version in force, else the plan under discussion, else (while a plan is
    being revised) the last one published. Never a draft; None when nothing was published."""
    return (
        versions.version_in_force(budget)
        or budget.versions.filter(status__in=[Status.PUBLISHED, Status.AGREED]).first()
        or budget.versions.filter(published_on__isnull=False).order_by("-number").first()
    )


def public_budgets(territory: Territory) -> list[Budget]:
    """Budgets of ``territory`` with something published, the latest year first."""
    return list(
        Budget.objects.filter(territory=territory, versions__published_on__isnull=False)
        .distinct()
        .order_by("-year")
    )


def public_budget(territory: Territory, year) -> Budget:
    """``year``'s budget of ``territory`` if anything of it was published; Http404 otherwise."""
    try:
        year = int(year)
    except (TypeError, ValueError, OverflowError):
        raise Http404("no published budget") from None
    budget = (
        Budget.objects.select_related("territory")
        .filter(territory=territory, year=year, versions__published_on__isnull=False)
        .first()
    )
    if budget is None:
        raise Http404("no published budget")
    return budget


def public_versions(budget: Budget, *, with_steps: bool = False) -> list[BudgetVersion]:
    """Every version ever published (replaced and withdrawn ones included), newest first; ``with_steps``
    also reads the version each amends and its steps (in date order) in two queries, not two per version."""
    found = budget.versions.filter(published_on__isnull=False).order_by("-number")
    if with_steps:
        found = found.select_related("amends").prefetch_related(
            Prefetch("steps", queryset=BudgetStep.objects.order_by("on", "pk"))
        )
    return list(found)


def public_version_by_number(budget: Budget, number) -> BudgetVersion:
    try:
        return budget.versions.get(number=int(number), published_on__isnull=False)
    except (BudgetVersion.DoesNotExist, TypeError, ValueError, OverflowError):
        raise Http404("no such published version") from None


def open_amendment(budget: Budget) -> BudgetVersion | None:
    """An amendment published for discussion (or agreed) while another version is in force."""
    if versions.version_in_force(budget) is None:
        return None
    return budget.versions.filter(status__in=[Status.PUBLISHED, Status.AGREED]).first()


@dataclass
class HistoryEntry:
    step: BudgetStep
    version: BudgetVersion
    meeting: assembly_link.MeetingDecision | None = None


def history(budget: Budget, *, public: bool = True) -> list[HistoryEntry]:
    """The approval path of every version in the order it happened (drafts only for staff)."""
    steps = BudgetStep.objects.filter(version__budget=budget).select_related("version", "actor")
    if public:
        steps = steps.filter(version__published_on__isnull=False)
    entries = []
    for step in steps.order_by("on", "pk"):
        meeting = assembly_link.describe(step.version) if step.status == Status.AGREED else None
        entries.append(HistoryEntry(step, step.version, meeting))
    return entries


@dataclass
class Change:
    section: str
    code: str
    name: str
    before: Decimal | None
    after: Decimal | None

    @property
    def section_label(self) -> str:
        return str(Section(self.section).label)

    @property
    def delta(self) -> Decimal:
        return (self.after or Decimal(0)) - (self.before or Decimal(0))


def changes(version: BudgetVersion) -> list[Change]:
    """What ``version`` changed in the plan it amends (lines added, removed, or with another amount)."""
    if version.amends_id is None:
        return []
    old = {(line.section, line.code): line for line in version.amends.lines.select_related("programme")}
    new = {(line.section, line.code): line for line in version.lines.select_related("programme")}
    found = []
    for key in sorted(set(old) | set(new)):
        before, after = old.get(key), new.get(key)
        if before is not None and after is not None and before.amount == after.amount:
            continue
        line = after or before
        found.append(
            Change(
                key[0],
                key[1],
                line_name(line.section, line.code, line.programme),
                before.amount if before else None,
                after.amount if after else None,
            )
        )
    return found


def line_of(version: BudgetVersion, section: str, code: str) -> BudgetLine:
    try:
        return version.lines.select_related("programme", "version").get(section=section, code=code)
    except (BudgetLine.DoesNotExist, ValueError):
        raise Http404("no such line") from None


# --- staff ---------------------------------------------------------------------------------------------


def units_for(user, action: str = "budget.view") -> QuerySet[Territory]:
    """Rural districts and towns where ``user`` may ``action`` (by default: read the budget)."""
    units = Territory.objects.filter(level__in=PRIMARY_LEVELS, is_active=True)
    return scoped(units, user, action, path_field="path").order_by("path")


def budgets_visible_to(user) -> QuerySet[Budget]:
    return scoped(Budget.objects.select_related("territory"), user, "budget.view").order_by(
        "territory_path", "-year"
    )


def budget_for(user, territory: Territory, year) -> Budget:
    """``year``'s budget of ``territory`` for a reader with ``budget.view`` there; Http404 when there is none."""
    require_perm(user, "budget.view", territory)
    try:
        return scoped(Budget.objects.select_related("territory"), user, "budget.view").get(
            territory=territory, year=int(year)
        )
    except (Budget.DoesNotExist, TypeError, ValueError, OverflowError):
        raise Http404("no such budget") from None


def staff_versions(budget: Budget) -> list[BudgetVersion]:
    return list(budget.versions.select_related("created_by").order_by("-number"))


def draft_of(budget: Budget) -> BudgetVersion | None:
    return budget.versions.filter(status=Status.DRAFT).first()


def current_version(budget: Budget) -> BudgetVersion:
    """The version staff work on: the open one (draft, published, agreed) or else the one in force."""
    return (
        budget.versions.filter(status__in=OPEN_STATUSES).first()
        or versions.version_in_force(budget)
        or budget.versions.order_by("-number").first()
    )


# --- for other apps ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LineRef:
    key: str  # "<KATO code>:<year>:<section>:<code>", stable across amendments
    territory_code: str
    year: int
    section: str
    code: str
    name: str
    plan: Decimal  # in the version in force
    actual: Decimal
    version_number: int
    line_id: int


def _primary_of(territory: Territory) -> Territory | None:
    if territory.is_primary:
        return territory
    return (
        Territory.objects.filter(code__in=territory.ancestor_codes(), level__in=PRIMARY_LEVELS)
        .order_by("-depth")
        .first()
    )


def lines_for(territory: Territory, year: int, section: str = Section.EXPENDITURE) -> list[LineRef]:
    """The lines of ``year``'s approved plan of the rural district ``territory`` is in (a settlement's
    campaign gets its rural district's lines); empty when no plan is approved."""
    unit = _primary_of(territory)
    budget = (
        Budget.objects.filter(territory=unit, year=year).select_related("territory").first() if unit else None
    )
    version = versions.version_in_force(budget) if budget else None
    if version is None:
        return []
    computed = figures.compute(version)
    lines = computed.revenue.lines if section == Section.REVENUE else computed.expenditure.lines
    return [
        LineRef(
            f"{unit.code}:{year}:{f.section}:{f.code}",
            unit.code,
            year,
            f.section,
            f.code,
            f.name,
            f.plan,
            f.actual,
            version.number,
            f.line.pk,
        )
        for f in lines
    ]


def line_by_key(key: str) -> LineRef | None:
    """The line a stored key names, in the plan in force now (None when the key names no such line)."""
    match = KEY.fullmatch(key or "")
    if match is None:
        return None
    code, year, section, line_code = match.groups()
    unit = Territory.objects.filter(code=code).first()
    if unit is None:
        return None
    return next((ref for ref in lines_for(unit, int(year), section) if ref.code == line_code), None)
