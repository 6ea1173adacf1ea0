"""The rural-district budget (the 4th level, ``000:410-424``): plans by version, their approval, actuals.

A :class:`Budget` is one rural district's year. Its plan lives in :class:`BudgetVersion` s: the first
version is the apparatus's draft; every amendment is a new version copied from the one it amends, so
nothing approved is ever overwritten (``issue #5``). A version's lines (:class:`BudgetLine`) are a
revenue plan by source (:class:`RevenueSource`) and an expenditure plan by budget programme (the
administrator's catalogue, :class:`Programme`). Totals are never stored: they are sums of the lines.
Each approval step is a :class:`BudgetStep` (append-only history). Actuals (:class:`Actual`) belong to
the budget, per line code and period, so they carry over when an amendment replaces the plan.
No workflow lives here: see ``services.py``, ``approval.py`` and ``execution.py``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from auyl.core.models import TimeStampedModel
from auyl.territory.models import LocalizedNameMixin

AMOUNT = {"max_digits": 15, "decimal_places": 2}  # tenge and tiyn, exact (never floats)


class Section(models.TextChoices):
    REVENUE = "revenue", _("Revenue")
    EXPENDITURE = "expenditure", _("Expenditure")


class RevenueSource(models.TextChoices):
    """Where a rural district's money comes from (``000:410-414``, ``001:563-565``, ``000:560``)."""

    PROPERTY_TAX = "property_tax", _("Personal property tax")
    LAND_TAX = "land_tax", _("Land tax")
    VEHICLE_TAX = "vehicle_tax", _("Vehicle tax")
    INCOME_TAX = "income_tax", _("Individual income tax")
    SME_CORPORATE_TAX = "sme_corporate_tax", _("Corporate income tax of small and medium businesses")
    OTHER_TAXES = "other_taxes", _("Other taxes")
    FEES = "fees", _("Fees and charges")
    FINES = "fines", _("Fines")
    VOLUNTARY = "voluntary", _("Voluntary contributions")
    PROPERTY_INCOME = "property_income", _("Income from communal property")
    TRANSFERS = "transfers", _("Transfers and subventions from the district budget")


TAX_SOURCES = (
    RevenueSource.PROPERTY_TAX,
    RevenueSource.LAND_TAX,
    RevenueSource.VEHICLE_TAX,
    RevenueSource.INCOME_TAX,
    RevenueSource.SME_CORPORATE_TAX,
    RevenueSource.OTHER_TAXES,
)
TRANSFER_SOURCES = (RevenueSource.TRANSFERS,)


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Monthly")
    QUARTER = "quarter", _("Quarterly")


class Status(models.TextChoices):
    # "Draft" of a budget is «проект бюджета» in Russian, not a survey's «черновик»: its own context.
    DRAFT = "draft", pgettext_lazy("budget status", "Draft")
    PUBLISHED = "published", _("Published for discussion")
    AGREED = "agreed", _("Agreed by the community meeting")
    APPROVED = "approved", _("Approved by the district maslikhat")
    EXECUTING = "executing", _("Being executed")
    CLOSED = "closed", _("Closed")
    SUPERSEDED = "superseded", _("Replaced by a later version")
    WITHDRAWN = "withdrawn", _("Amendment withdrawn")


# A version still on its way to approval (at most one per budget).
OPEN_STATUSES = (Status.DRAFT, Status.PUBLISHED, Status.AGREED)
# The version in force (at most one per budget).
IN_FORCE_STATUSES = (Status.APPROVED, Status.EXECUTING, Status.CLOSED)


class Programme(LocalizedNameMixin, models.Model):
    """A budget programme of the catalogue an administrator maintains (seeded from the sources)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    classification_code = models.CharField(_("budget classification code"), max_length=20, blank=True)
    sort = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("offered for new plans"), default=True)
    source = models.CharField(_("source"), max_length=100, blank=True)

    class Meta:
        ordering = ["sort", "code"]
        verbose_name = _("budget programme")
        verbose_name_plural = _("budget programmes")

    def __str__(self) -> str:
        return self.name or self.code


class Budget(TimeStampedModel):
    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        related_name="budgets",
        verbose_name=_("rural district"),
    )
    territory_path = models.CharField(max_length=200, db_index=True, editable=False)
    year = models.PositiveSmallIntegerField(_("year"))
    period_kind = models.CharField(
        _("actuals are reported"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.MONTH
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["territory_path", "-year"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        constraints = [
            models.UniqueConstraint(fields=["territory", "year"], name="uniq_budget_territory_year")
        ]

    def __str__(self) -> str:
        return f"{self.territory.code} {self.year}"

    @property
    def period_count(self) -> int:
        return 12 if self.period_kind == PeriodKind.MONTH else 4


class BudgetVersion(TimeStampedModel):
    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    amends = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendments",
        verbose_name=_("amends version"),
    )
    reason = models.TextField(_("reason for the amendment"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    drafted_on = models.DateField(_("drafted"))
    published_on = models.DateField(_("published for discussion"), null=True, blank=True)
    agreed_on = models.DateField(_("agreed by the community meeting"), null=True, blank=True)
    agreement_number = models.CharField(_("number of the meeting's decision"), max_length=50, blank=True)
    # Optional link to the meeting's decision in auyl.assemblies (an id and agenda item number, not a
    # foreign key: the budget works without that app; see assembly_link.py).
    agreement_meeting_id = models.PositiveIntegerField(_("meeting"), null=True, blank=True)
    agreement_item_number = models.PositiveSmallIntegerField(_("agenda item"), null=True, blank=True)
    approved_on = models.DateField(_("approved by the district maslikhat"), null=True, blank=True)
    approval_number = models.CharField(_("number of the maslikhat's decision"), max_length=50, blank=True)
    execution_started_on = models.DateField(_("execution started"), null=True, blank=True)
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    superseded_on = models.DateField(_("replaced or withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["budget", "number"]
        verbose_name = _("budget version")
        verbose_name_plural = _("budget versions")
        constraints = [
            models.UniqueConstraint(fields=["budget", "number"], name="uniq_budget_version_number"),
            models.UniqueConstraint(
                fields=["budget"], condition=Q(status__in=OPEN_STATUSES), name="uniq_budget_open_version"
            ),
            models.UniqueConstraint(
                fields=["budget"],
                condition=Q(status__in=IN_FORCE_STATUSES),
                name="uniq_budget_version_in_force",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.budget} v{self.number}"

    @property
    def is_public(self) -> bool:
        return self.published_on is not None

    @property
    def is_amendment(self) -> bool:
        return self.amends_id is not None


class BudgetLine(models.Model):
    """One planned amount: a revenue source or a budget programme (``code`` is the source's or the
    programme's code, so lines of different versions compare by code)."""

    version = models.ForeignKey(BudgetVersion, on_delete=models.PROTECT, related_name="lines")
    section = models.CharField(_("section"), max_length=12, choices=Section.choices)
    code = models.CharField(_("code"), max_length=40)
    programme = models.ForeignKey(
        Programme,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lines",
        verbose_name=_("budget programme"),
    )
    amount = models.DecimalField(_("planned amount, tenge"), **AMOUNT)

    class Meta:
        ordering = ["version", "section", "code"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(fields=["version", "section", "code"], name="uniq_budget_line"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_line_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(section="revenue", programme__isnull=True)
                | Q(section="expenditure", programme__isnull=False),
                name="budget_line_programme_iff_expenditure",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.section}:{self.code} {self.amount}"


class BudgetStep(models.Model):
    """One step of a version's approval path, as it is shown in the public history (append-only)."""

    version = models.ForeignKey(BudgetVersion, on_delete=models.PROTECT, related_name="steps")
    status = models.CharField(_("step"), max_length=20, choices=Status.choices)
    on = models.DateField(_("date"))
    number = models.CharField(_("document number"), max_length=50, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["version", "on", "pk"]
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")

    def __str__(self) -> str:
        return f"{self.version} {self.status} {self.on}"


class Actual(models.Model):
    """What was actually received or spent on a line in one month or quarter of the budget's year."""

    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="actuals")
    section = models.CharField(_("section"), max_length=12, choices=Section.choices)
    code = models.CharField(_("code"), max_length=40)
    period = models.PositiveSmallIntegerField(_("period"))
    amount = models.DecimalField(_("actual amount, tenge"), **AMOUNT)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["budget", "section", "code", "period"]
        verbose_name = _("actual amount")
        verbose_name_plural = _("actual amounts")
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "section", "code", "period"], name="uniq_budget_actual"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_actual_not_negative"),
            models.CheckConstraint(
                condition=Q(period__gte=1, period__lte=12), name="budget_actual_period_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.budget} {self.section}:{self.code} #{self.period} {self.amount}"
