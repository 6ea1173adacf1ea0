"""The council (Кеңес) of a rural district: its term, seats, members, monitoring commissions and
recommendations to the superior akim.

The council is the elected self-government body of the draft law (``004:114-116``): elected by the
residents for a term (the rule ``council.term_years``), members in proportion to population with every
settlement represented (``001:431-433``), a paid chairman (``001:423``); it creates monitoring
commissions and recommends to the superior akim disciplinary action against the village akim
(``004:116``). Its sessions are meetings of the assemblies engine (kind ``council_session``); this app
only says who sits on the council on a given day (:func:`auyl.council.selectors.session_roll`).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from auyl.core.models import TimeStampedModel


class Council(TimeStampedModel):
    """The council of one rural district for one term, with the seats apportioned when it was formed."""

    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        related_name="councils",
        verbose_name=_("rural district"),
    )
    territory_path = models.CharField(max_length=200, db_index=True, editable=False)
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"))
    total_seats = models.PositiveSmallIntegerField(_("seats"))
    method = models.CharField(_("apportionment method"), max_length=40, default="largest_remainder")
    formed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-term_start"]
        verbose_name = _("council")
        verbose_name_plural = _("councils")
        constraints = [
            models.UniqueConstraint(fields=["territory", "term_start"], name="uniq_council_term_start"),
            models.CheckConstraint(
                condition=Q(term_end__gt=F("term_start")), name="council_term_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.territory.code} {self.term_start:%Y}–{self.term_end:%Y}"

    def covers(self, day) -> bool:
        return self.term_start <= day <= self.term_end


class PopulationSource(models.TextChoices):
    RECORDED = "recorded", _("recorded population figure")
    REGISTRY = "registry", _("residents in the registry")


class Seat(models.Model):
    """Seats of one settlement on the council, with the population figure they were computed from."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="seats")
    settlement = models.ForeignKey(
        "territory.Territory", on_delete=models.PROTECT, related_name="+", verbose_name=_("settlement")
    )
    population = models.PositiveIntegerField(_("population"))
    population_source = models.CharField(
        _("population from"), max_length=20, choices=PopulationSource.choices
    )
    seats = models.PositiveSmallIntegerField(_("seats"))

    class Meta:
        ordering = ["settlement__code"]
        verbose_name = _("seats of a settlement")
        verbose_name_plural = _("seats of settlements")
        constraints = [models.UniqueConstraint(fields=["council", "settlement"], name="uniq_council_seat")]

    def __str__(self) -> str:
        return f"{self.council_id} {self.settlement_id}: {self.seats}"


class Member(TimeStampedModel):
    """A resident holding a seat of their settlement. ``end_date`` is the last day of membership
    when the member leaves before the term ends; empty means until the end of the term."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="members")
    resident = models.ForeignKey(
        "territory.Resident",
        on_delete=models.PROTECT,
        related_name="council_memberships",
        verbose_name=_("resident"),
    )
    settlement = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("seat of the settlement"),
    )
    start_date = models.DateField(_("member from"))
    end_date = models.DateField(_("left on"), null=True, blank=True)
    left_reason = models.CharField(_("reason for leaving"), max_length=500, blank=True)
    is_chair = models.BooleanField(_("chair"), default=False)
    chair_since = models.DateField(_("chair since"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["settlement__code", "start_date", "pk"]
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        constraints = [
            # One chair at a time: appointing another chair clears the flag of the previous one.
            models.UniqueConstraint(
                fields=["council"], condition=Q(is_chair=True), name="uniq_council_chair"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="council_member_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["council", "start_date", "end_date"])]

    def __str__(self) -> str:
        return str(self.resident)

    def serves_on(self, day) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)

    @property
    def last_day(self):
        return self.end_date or self.council.term_end


class Commission(TimeStampedModel):
    """A monitoring commission of council members: a subject, a period, and findings published
    when it finishes (``004:116``)."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="commissions")
    subject = models.CharField(_("subject"), max_length=300)
    period_start = models.DateField(_("works from"))
    period_end = models.DateField(_("works until"))
    members = models.ManyToManyField(Member, related_name="commissions", verbose_name=_("members"))
    findings = models.TextField(_("findings"), blank=True)
    findings_published_at = models.DateTimeField(_("findings published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-period_start", "-pk"]
        verbose_name = _("monitoring commission")
        verbose_name_plural = _("monitoring commissions")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="council_commission_period_order"
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_finished(self) -> bool:
        return self.findings_published_at is not None


class Outcome(models.TextChoices):
    SENT = "sent", _("awaiting the answer")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")


class Recommendation(TimeStampedModel):
    """The council's recommendation to the superior (district) akim to bring the village akim to
    disciplinary responsibility (``004:116``), and the superior akim's answer, due by ``answer_due``."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="recommendations")
    akim_name = models.CharField(_("village akim concerned"), max_length=200)
    addressee = models.CharField(_("sent to (superior akim)"), max_length=300)
    text = models.TextField(_("recommendation"))
    grounds = models.TextField(_("grounds"))
    sent_on = models.DateField(_("sent on"))
    answer_due = models.DateField(_("answer due by"))
    status = models.CharField(
        _("status"), max_length=20, choices=Outcome.choices, default=Outcome.SENT, db_index=True
    )
    answer_text = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-sent_on", "-pk"]
        verbose_name = _("recommendation to the superior akim")
        verbose_name_plural = _("recommendations to the superior akim")

    def __str__(self) -> str:
        return f"{self.sent_on:%d.%m.%Y} {self.akim_name}"

    @property
    def is_answered(self) -> bool:
        return self.status != Outcome.SENT

    @property
    def is_overdue(self) -> bool:
        """No answer and the deadline has passed."""
        return not self.is_answered and timezone.localdate() > self.answer_due

    @property
    def answered_late(self) -> bool:
        return self.is_answered and self.answered_on is not None and self.answered_on > self.answer_due
