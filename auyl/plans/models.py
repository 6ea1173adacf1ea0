"""Development plans of settlements and rural districts (``002:767-769``).

A :class:`Plan` covers a rural district (or one of its settlements) over a period. Each of its
:class:`Indicator` rows carries what the source asks of every indicator: its deadline, its executor,
its funding source and amount (``002:769``), with a unit, a baseline and a target. What was achieved is
a history of :class:`ProgressUpdate` rows (append-only, each one audited); the status of an indicator
(on track, at risk, late, done) is never stored: :mod:`auyl.plans.status` computes it from the dates
and the progress, for any day.

An indicator may answer one input of the plan (:class:`InputKind`): a residents' priority need decided
at a gathering, a promise of the akim at a reporting meeting, or a winning civic project. The input is
referenced by its kind and id, with its title copied at the time of linking, because those rows belong
to other apps (read through their selectors only).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from auyl.core.models import TimeStampedModel

MONEY_DIGITS = 18  # up to 9,999,999,999,999,999.99 tenge: more than any plan
VALUE_DIGITS = 18
VALUE_PLACES = 4


class FundingSource(models.TextChoices):
    """Where the money of an indicator comes from (``002:769``: "источники и суммы финансирования")."""

    REPUBLICAN = "republican", _("Republican budget")
    REGIONAL = "regional", _("Regional budget")
    DISTRICT = "district", _("District budget")
    LOCAL = "local", _("Budget of the rural district")
    PRIVATE = "private", _("Private investment and sponsors")
    OTHER = "other", _("Other sources")
    NONE = "none", _("No funding needed")


class InputKind(models.TextChoices):
    """What a plan answers: the three inputs that feed development plans."""

    NEED = "need", _("Priority need of residents")
    PROMISE = "promise", _("Promise of the akim")
    PROJECT = "project", _("Winning civic project")


class Plan(TimeStampedModel):
    """A development plan of a rural district or a settlement over a period.

    Drafted by the akim's office, then published: the public page shows published plans only, and
    only published plans count in :func:`auyl.plans.selectors.indicators_for`.
    """

    territory = models.ForeignKey(
        "territory.Territory", on_delete=models.PROTECT, related_name="plans", verbose_name=_("territory")
    )
    territory_path = models.CharField(max_length=200, db_index=True, editable=False)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    basis = models.CharField(
        _("approved by"),
        max_length=300,
        blank=True,
        help_text=_("The decision that approved the plan, e.g. a decision of the district akimat."),
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-period_start", "pk"]
        verbose_name = _("development plan")
        verbose_name_plural = _("development plans")
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gt=F("period_start")), name="plans_period_order"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.period_start:%Y}–{self.period_end:%Y})"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Indicator(TimeStampedModel):
    """One measurable item of a plan: from ``baseline`` at ``starts_on`` to ``target`` by ``deadline``.

    A target below the baseline is a decrease to achieve (fewer homes without piped water); a target
    equal to the baseline asks for nothing and is refused. ``latest_value`` and ``latest_on`` repeat the
    newest :class:`ProgressUpdate` (by the date measured) for lists; the history stays in the updates.
    """

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="indicators")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=50)
    baseline = models.DecimalField(_("baseline"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES)
    target = models.DecimalField(_("target"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES)
    starts_on = models.DateField(_("start"))
    deadline = models.DateField(_("deadline"), db_index=True)
    executor = models.CharField(_("executor"), max_length=300)
    funding_source = models.CharField(_("funding source"), max_length=20, choices=FundingSource.choices)
    amount = models.DecimalField(_("amount, tenge"), max_digits=MONEY_DIGITS, decimal_places=2)
    input_kind = models.CharField(_("responds to"), max_length=10, choices=InputKind.choices, blank=True)
    input_id = models.PositiveBigIntegerField(null=True, blank=True)
    input_label = models.CharField(_("input"), max_length=300, blank=True)
    latest_value = models.DecimalField(
        _("latest value"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES, null=True, blank=True
    )
    latest_on = models.DateField(_("measured on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("plan indicator")
        verbose_name_plural = _("plan indicators")
        indexes = [models.Index(fields=["input_kind", "input_id"])]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="uniq_plans_indicator_number"),
            models.CheckConstraint(condition=~Q(target=F("baseline")), name="plans_target_differs"),
            models.CheckConstraint(
                condition=Q(deadline__gte=F("starts_on")), name="plans_deadline_after_start"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="plans_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(input_kind="", input_id__isnull=True)
                | (~Q(input_kind="") & Q(input_id__isnull=False)),
                name="plans_input_kind_and_id",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class ProgressUpdate(models.Model):
    """One measurement of an indicator: its value on a day, with a note (append-only history).

    A mistaken figure is corrected by a newer update for the same day; nothing is edited or deleted.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="updates")
    value = models.DecimalField(_("value"), max_digits=VALUE_DIGITS, decimal_places=VALUE_PLACES)
    measured_on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(_("recorded"), db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-measured_on", "-pk"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        indexes = [models.Index(fields=["indicator", "measured_on"])]

    def __str__(self) -> str:
        return f"{self.indicator_id}: {self.value} ({self.measured_on:%d.%m.%Y})"
