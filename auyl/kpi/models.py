"""Closed quarters: the scorecards of a finished quarter, stored once and never changed.

Reproducibility is by snapshot, not by recomputation: the records behind the indicators (appeals,
promises, budget actuals, decisions...) can still be corrected after a quarter ends — an appeal
re-examined, a late actual entered, a promise marked done with a back date — so recomputing a past
quarter from live data could move its score. When a quarter is closed (``services.close_quarter``, run
by the periodic job ``kpi.close_quarters`` once ``kpi.close_after_days`` have passed), each primary
unit's scorecards are stored with every raw figure, the targets, floors and weights in force, and the
list of records behind every figure; past quarters are served from here, so their figures and their
drill-downs never move. Rows are only ever inserted.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    AKIM = "akim", _("Akim's scorecard")
    COUNCIL = "council", _("Council's scorecard")


class QuarterClose(models.Model):
    """One closing of a quarter for the primary units within ``territory`` (a region, usually)."""

    territory = models.ForeignKey("territory.Territory", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    closed_at = models.DateTimeField(_("closed at"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    units = models.PositiveIntegerField(_("units closed"), default=0)

    class Meta:
        ordering = ["-year", "-quarter", "territory"]
        verbose_name = _("closed quarter")
        verbose_name_plural = _("closed quarters")
        constraints = [
            models.UniqueConstraint(fields=["territory", "year", "quarter"], name="uniq_kpi_quarter_close"),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="kpi_close_quarter"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.territory_id} {self.year}-Q{self.quarter}"


class ScorecardSnapshot(models.Model):
    """One unit's scorecard of a closed quarter. ``results`` holds, per indicator, the raw figure and
    how it was scored: ``{code, value, numerator, denominator, missing, score, weight, target, floor}``."""

    closing = models.ForeignKey(QuarterClose, on_delete=models.PROTECT, related_name="snapshots")
    territory = models.ForeignKey("territory.Territory", on_delete=models.PROTECT, related_name="+")
    territory_path = models.CharField(max_length=200, db_index=True)
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    kind = models.CharField(_("scorecard"), max_length=10, choices=Kind.choices)
    composite = models.FloatField(_("composite score"), null=True, blank=True)
    coverage = models.FloatField(_("coverage"))
    min_coverage = models.FloatField(_("coverage needed for a composite"), default=0.0)
    results = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["territory_path", "-year", "-quarter", "kind"]
        verbose_name = _("stored scorecard")
        verbose_name_plural = _("stored scorecards")
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "year", "quarter", "kind"], name="uniq_kpi_scorecard_snapshot"
            ),
        ]
        indexes = [models.Index(fields=["year", "quarter", "kind", "territory_path"])]

    def __str__(self) -> str:
        return f"{self.territory_id} {self.year}-Q{self.quarter} {self.kind}"


class RecordsSnapshot(models.Model):
    """The records behind one figure of a stored scorecard (``scoring.DrillRecord.to_json`` rows)."""

    snapshot = models.ForeignKey(ScorecardSnapshot, on_delete=models.PROTECT, related_name="record_sets")
    code = models.CharField(max_length=60)
    records = models.JSONField(default=list)

    class Meta:
        verbose_name = _("stored records of a figure")
        verbose_name_plural = _("stored records of figures")
        constraints = [models.UniqueConstraint(fields=["snapshot", "code"], name="uniq_kpi_records_snapshot")]

    def __str__(self) -> str:
        return f"{self.snapshot_id} {self.code}"
