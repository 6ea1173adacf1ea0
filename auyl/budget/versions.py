"""What the services share: finding a budget's versions, locking, the step history, checking dates and
amounts. Nothing here checks permissions (the services do) and nothing writes an audit event."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import IN_FORCE_STATUSES, OPEN_STATUSES, Budget, BudgetStep, BudgetVersion

MAX_AMOUNT = Decimal("9999999999999.99")  # what AMOUNT (15 digits, 2 decimals) can hold
MAX_NUMBER = 50
MAX_NOTE = 500
MAX_REASON = 2000


def open_version(budget: Budget) -> BudgetVersion | None:
    """The version on its way to approval (draft, published or agreed), if any."""
    return budget.versions.filter(status__in=OPEN_STATUSES).first()


def version_in_force(budget: Budget) -> BudgetVersion | None:
    """The approved version (approved, being executed or closed), if any."""
    return budget.versions.filter(status__in=IN_FORCE_STATUSES).first()


def lock(budget: Budget) -> Budget:
    """Lock the budget row for the rest of the transaction: transitions of one budget run one at a time."""
    return Budget.objects.select_for_update().select_related("territory").get(pk=budget.pk)


def locked_version(version: BudgetVersion) -> BudgetVersion:
    budget = lock(version.budget)
    version = BudgetVersion.objects.select_for_update().get(pk=version.pk)
    version.budget = budget
    return version


def next_number(budget: Budget) -> int:
    return (budget.versions.aggregate(n=Max("number"))["n"] or 0) + 1


def add_step(
    version: BudgetVersion, status: str, on: dt.date, actor=None, number: str = "", note: str = ""
) -> BudgetStep:
    return BudgetStep.objects.create(
        version=version,
        status=status,
        on=on,
        number=number,
        note=note[:MAX_NOTE],
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )


def _show(day: dt.date) -> str:
    return date_format(day, "d.m.Y")


def check_date(day, field: str, *, not_before: dt.date | None = None, previous: str = "") -> dt.date:
    """A step's date: given, not in the future, not before the previous step (named ``previous``)."""
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        raise ValidationError({field: [_("Give the date.")]})
    if day > timezone.localdate():
        raise ValidationError({field: [_("The date cannot be in the future.")]})
    if not_before is not None and day < not_before:
        raise ValidationError(
            {
                field: [
                    _("The date cannot be before %(step)s (%(date)s).")
                    % {"step": previous, "date": _show(not_before)}
                ]
            }
        )
    return day


def check_number(number, field: str, what: str) -> str:
    number = (number or "").strip() if isinstance(number, str) else ""
    if not number:
        raise ValidationError({field: [_("Give the number of %(what)s.") % {"what": what}]})
    if len(number) > MAX_NUMBER:
        raise ValidationError(
            {field: [_("The number is too long (at most %(n)s characters).") % {"n": MAX_NUMBER}]}
        )
    return number


def parse_amount(value) -> Decimal:
    """An amount in tenge: a Decimal (or int, or text) that is not negative and has at most two decimals.
    Raises ValueError with a translated message (the caller says where)."""
    if isinstance(value, float) or isinstance(value, bool):
        raise ValueError(_("The amount must be a number."))
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValueError(_("The amount must be a number.")) from None
    if not amount.is_finite():
        raise ValueError(_("The amount must be a number."))
    if amount < 0:
        raise ValueError(_("The amount cannot be negative."))
    # The size first: quantizing a number of more than 28 digits (1e30) raises InvalidOperation.
    if amount > MAX_AMOUNT:
        raise ValueError(_("The amount is too large."))
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError(_("The amount can have at most two decimal places (tiyn)."))
    return amount.quantize(Decimal("0.01"))


def period_start(budget: Budget, period: int) -> dt.date:
    month = period if budget.period_count == 12 else (period - 1) * 3 + 1
    return dt.date(budget.year, month, 1)


def period_months(budget: Budget, period: int) -> range:
    """The months (1..12) a period of ``budget`` covers."""
    if budget.period_count == 12:
        return range(period, period + 1)
    return range((period - 1) * 3 + 1, period * 3 + 1)
