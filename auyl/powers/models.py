"""Functional analysis of powers (``003:563-567``, ``003:772-779``): who does what, at which level.

A :class:`Body` is an organ of one level of government for one territory (the district akimat's
department, the rural district akim's apparatus, a ministry for the republic). A :class:`Power` is one
function a body exercises, with its legal basis, the budget programme that finances it (a code of the
budget app's catalogue, ``auyl.budget``) and the staff time it takes, if known. Several bodies doing the
same thing for the same territory is what the functional analysis looks for (``003:563-567``): the
finder stores each suspicious pair as a :class:`DuplicateCandidate` for a reviewer's decision. A
:class:`TransferProposal` moves a function down a level (the four transfers from district to village
in ``003:772-779``), with its financing and a dated, append-only path of :class:`TransferStep` s.
No workflow lives here: see ``services.py``, ``duplicates.py`` and ``transfers.py``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from auyl.core.models import TimeStampedModel
from auyl.territory.models import Level, LocalizedNameMixin

AMOUNT = {"max_digits": 15, "decimal_places": 2}


class GovLevel(models.TextChoices):
    """Levels of government, from the top (``003:548-567``: republic, region, district, village)."""

    REPUBLIC = "republic", _("Republic")
    REGION = "region", _("Region")
    DISTRICT = "district", _("District")
    RURAL_DISTRICT = "rural_district", _("Rural district (village)")


# Rank from the top: a transfer goes to a higher rank number (a lower level).
LEVEL_RANK = {GovLevel.REPUBLIC: 0, GovLevel.REGION: 1, GovLevel.DISTRICT: 2, GovLevel.RURAL_DISTRICT: 3}

# The level of government of each kind of territorial unit (a settlement has no bodies of its own).
LEVEL_OF_UNIT = {
    Level.REGION: GovLevel.REGION,
    Level.DISTRICT: GovLevel.DISTRICT,
    Level.CITY: GovLevel.DISTRICT,
    Level.RURAL_DISTRICT: GovLevel.RURAL_DISTRICT,
    Level.TOWN: GovLevel.RURAL_DISTRICT,
}


class Body(LocalizedNameMixin, TimeStampedModel):
    """An organ exercising powers: of the republic (no territory) or of one territorial unit."""

    level = models.CharField(_("level"), max_length=20, choices=GovLevel.choices, db_index=True)
    territory = models.ForeignKey(
        "territory.Territory",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="power_bodies",
        verbose_name=_("territory"),
    )
    territory_path = models.CharField(max_length=200, db_index=True, editable=False, blank=True)
    name_key = models.CharField(max_length=200, editable=False)

    class Meta:
        ordering = ["territory_path", "level", "name_key"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [
            models.UniqueConstraint(fields=["territory", "name_key"], name="uniq_powers_body_name"),
            models.CheckConstraint(
                condition=Q(level="republic", territory__isnull=True)
                | (~Q(level="republic") & Q(territory__isnull=False)),
                name="powers_body_territory_iff_not_republic",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Power(TimeStampedModel):
    """One function a body exercises. Ended (``ended_on``) when transferred, never deleted."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="powers", verbose_name=_("body"))
    # Copied from the body, so that scoping and the finder need no join.
    level = models.CharField(_("level"), max_length=20, choices=GovLevel.choices, editable=False)
    territory_path = models.CharField(max_length=200, db_index=True, editable=False, blank=True)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=300, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=300, blank=True)
    name_key = models.CharField(max_length=300, editable=False)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    legal_basis_key = models.CharField(max_length=300, editable=False, blank=True, db_index=True)
    programme_code = models.CharField(_("budget programme"), max_length=40, blank=True)
    staff_hours = models.DecimalField(
        _("staff time, hours a year"), max_digits=9, decimal_places=1, null=True, blank=True
    )
    source = models.CharField(_("source"), max_length=100, blank=True)
    ended_on = models.DateField(_("no longer exercised since"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["territory_path", "body", "name_key"]
        verbose_name = _("power")
        verbose_name_plural = _("powers")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "name_key"], condition=Q(ended_on__isnull=True), name="uniq_powers_power_name"
            ),
            models.CheckConstraint(
                condition=Q(staff_hours__isnull=True) | Q(staff_hours__gte=0),
                name="powers_staff_hours_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        from django.utils.translation import get_language

        preferred = self.name_ru if (get_language() or "kk")[:2] == "ru" else self.name_kk
        return preferred or self.name_kk or self.name_ru


class Review(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    DUPLICATE = "duplicate", _("Duplicate")
    NOT_DUPLICATE = "not_duplicate", _("Not a duplicate")
    TO_TRANSFER = "to_transfer", _("To transfer")


class Match(models.TextChoices):
    LEGAL_BASIS = "legal_basis", _("Same legal basis")
    NAME = "name", _("Similar name")
    BOTH = "both", _("Same legal basis and similar name")


class DuplicateCandidate(TimeStampedModel):
    """Two powers of different bodies for overlapping territories that look like the same function.

    ``first`` is the power of the higher body (or the older one on the same level); ``territory_path`` is
    the lower one's, the territory where both apply."""

    first = models.ForeignKey(Power, on_delete=models.PROTECT, related_name="+", verbose_name=_("function"))
    second = models.ForeignKey(Power, on_delete=models.PROTECT, related_name="+", verbose_name=_("function"))
    territory_path = models.CharField(max_length=200, db_index=True, editable=False, blank=True)
    upper_path = models.CharField(max_length=200, db_index=True, editable=False, blank=True)
    match = models.CharField(_("found by"), max_length=20, choices=Match.choices)
    score = models.PositiveSmallIntegerField(_("name similarity, %"))
    decision = models.CharField(
        _("decision"), max_length=20, choices=Review.choices, default=Review.PENDING, db_index=True
    )
    note = models.CharField(_("reviewer's note"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-score", "pk"]
        verbose_name = _("possible duplication")
        verbose_name_plural = _("possible duplications")
        constraints = [models.UniqueConstraint(fields=["first", "second"], name="uniq_powers_candidate_pair")]

    def __str__(self) -> str:
        return f"{self.first_id} ~ {self.second_id}"


class TransferStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("transfer status", "Proposed")
    UNDER_REVIEW = "under_review", _("Under review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


# The path of a proposal: from each status, where it may go next.
NEXT_STATUSES = {
    TransferStatus.PROPOSED: (TransferStatus.UNDER_REVIEW, TransferStatus.REJECTED),
    TransferStatus.UNDER_REVIEW: (TransferStatus.APPROVED, TransferStatus.REJECTED),
    TransferStatus.APPROVED: (),
    TransferStatus.REJECTED: (),
}


class TransferProposal(TimeStampedModel):
    """A proposal to hand a function from a higher body to a lower one, with its financing."""

    title_kk = models.CharField(_("function (Kazakh)"), max_length=300, blank=True)
    title_ru = models.CharField(_("function (Russian)"), max_length=300, blank=True)
    power = models.ForeignKey(
        Power,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transfers",
        verbose_name=_("function transferred"),
    )
    from_body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+", verbose_name=_("from"))
    to_body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+", verbose_name=_("to"))
    to_territory_path = models.CharField(max_length=200, db_index=True, editable=False)
    from_territory_path = models.CharField(max_length=200, db_index=True, editable=False, blank=True)
    financing = models.DecimalField(_("financing, tenge a year"), **AMOUNT, default=0)
    programme_code = models.CharField(_("budget programme"), max_length=40, blank=True)
    financing_note = models.CharField(_("financing: source and terms"), max_length=500, blank=True)
    rationale = models.TextField(_("rationale"), blank=True)
    source = models.CharField(_("source"), max_length=100, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=TransferStatus.choices,
        default=TransferStatus.PROPOSED,
        db_index=True,
    )
    proposed_on = models.DateField(_("proposed"))
    decided_on = models.DateField(_("decided"), null=True, blank=True)
    decision_number = models.CharField(_("number of the decision"), max_length=50, blank=True)
    decision_note = models.CharField(_("decision"), max_length=1000, blank=True)
    created_power = models.ForeignKey(
        Power,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("function at the receiving body"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-proposed_on", "pk"]
        verbose_name = _("transfer proposal")
        verbose_name_plural = _("transfer proposals")
        constraints = [
            models.CheckConstraint(
                condition=Q(financing__gte=0), name="powers_transfer_financing_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        from django.utils.translation import get_language

        preferred = self.title_ru if (get_language() or "kk")[:2] == "ru" else self.title_kk
        return preferred or self.title_kk or self.title_ru

    @property
    def next_statuses(self) -> tuple:
        return NEXT_STATUSES[TransferStatus(self.status)]


class TransferStep(models.Model):
    """One dated step of a proposal's path (append-only)."""

    proposal = models.ForeignKey(TransferProposal, on_delete=models.PROTECT, related_name="steps")
    status = models.CharField(_("status"), max_length=20, choices=TransferStatus.choices)
    on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=1000, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["proposal", "on", "pk"]
        verbose_name = _("transfer step")
        verbose_name_plural = _("transfer steps")

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.status} {self.on}"
