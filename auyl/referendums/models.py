"""Local referendums (``000:845``) and initiatives to dismiss an akim (``000:422``, ``001:671``).

One model, :class:`Referendum`, with a ``kind``: a question on a local matter, or the dismissal of the
akim. Either is initiated by the council or the community meeting (a reference to its closed meeting)
or by residents, whose support is collected as :class:`Signature` s (one per resident, a unique
constraint) until the region's threshold is met. Voting keeps the civic-project vote's secrecy design
(see :mod:`auyl.referendums.voting`): a turnout roll (:class:`Turnout`, who voted) apart from anonymous
:class:`Ballot` s (what was voted). No workflow lives here: see ``services.py``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from auyl.core.models import TimeStampedModel


class Kind(models.TextChoices):
    REFERENDUM = "referendum", _("Local referendum")
    RECALL = "recall", _("Initiative to dismiss the akim")


class Initiator(models.TextChoices):
    COUNCIL = "council", _("The council (maslikhat)")
    COMMUNITY_MEETING = "community_meeting", _("The community meeting")
    RESIDENTS = "residents", _("Residents, by signatures")


class Status(models.TextChoices):
    COLLECTING = "collecting", _("Collecting signatures")
    REGISTERED = "registered", _("Registered, voting not yet scheduled")
    SCHEDULED = "scheduled", _("Voting scheduled")
    DECIDED = "decided", _("Result declared")
    FAILED = "failed", _("Not enough signatures")
    CANCELLED = "cancelled", _("Cancelled")


class Majority(models.TextChoices):
    SIMPLE = "simple", _("More than half of the ballots")
    TWO_THIRDS = "two_thirds", _("At least two thirds of the ballots")
    ABSOLUTE = "absolute", _("More than half of all registered voters")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("On paper, entered by staff")


class Choice(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")


class Referendum(TimeStampedModel):
    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        related_name="referendums",
        verbose_name=_("territory"),
    )
    territory_path = models.CharField(max_length=200, db_index=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    initiator = models.CharField(_("initiated by"), max_length=30, choices=Initiator.choices)
    initiating_meeting = models.ForeignKey(
        "assemblies.Meeting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("meeting that initiated it"),
    )
    question = models.CharField(_("question"), max_length=500)
    description = models.TextField(_("explanation"), blank=True)
    binding = models.BooleanField(_("binding result"), default=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, db_index=True)
    # Rules copied from the region when the question is registered, so they never change under a vote.
    signatures_required = models.PositiveIntegerField(_("signatures required"), default=0)
    signatures_until = models.DateField(_("signatures collected until"), null=True, blank=True)
    min_age = models.PositiveSmallIntegerField(_("minimum age"), default=18)
    turnout_percent = models.PositiveSmallIntegerField(_("turnout required, %"), default=50)
    majority = models.CharField(_("majority"), max_length=20, choices=Majority.choices)
    voting_from = models.DateField(_("voting from"), null=True, blank=True)
    voting_until = models.DateField(_("voting until"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The result, computed once after voting closed.
    roll_size = models.PositiveIntegerField(_("registered voters"), null=True, blank=True)
    votes_yes = models.PositiveIntegerField(_("yes"), null=True, blank=True)
    votes_no = models.PositiveIntegerField(_("no"), null=True, blank=True)
    turnout_reached = models.BooleanField(_("turnout reached"), null=True, blank=True)
    adopted = models.BooleanField(_("adopted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("result declared"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("referendum")
        verbose_name_plural = _("referendums")
        indexes = [models.Index(fields=["territory_path", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(initiator="residents") | Q(initiating_meeting__isnull=False),
                name="referendums_meeting_initiative_has_meeting",
            ),
            models.CheckConstraint(
                condition=Q(voting_from__isnull=True) | Q(voting_until__gte=models.F("voting_from")),
                name="referendums_voting_dates_order",
            ),
        ]

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return reverse("referendums:public", args=[self.pk])

    @property
    def decision_origin(self) -> str:
        """How the follow-up of a binding result names where it came from (in the reader's language)."""
        day = f" ({self.decided_at:%d.%m.%Y})" if self.decided_at else ""
        return f"{self.get_kind_display()}{day}"

    @property
    def ballots_cast(self) -> int:
        return (self.votes_yes or 0) + (self.votes_no or 0)


class Signature(models.Model):
    """One resident's support for a residents' initiative; the unique constraint makes it one per person
    under any concurrency. Signatures are open (a petition), but only staff see the names."""

    referendum = models.ForeignKey(Referendum, on_delete=models.PROTECT, related_name="signatures")
    resident = models.ForeignKey("territory.Resident", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField()

    class Meta:
        ordering = ["signed_at", "pk"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(fields=["referendum", "resident"], name="uniq_referendum_signature")
        ]

    def __str__(self) -> str:
        return f"{self.referendum_id}:{self.resident_id}"


class Turnout(models.Model):
    """The turnout roll: this resident voted, when, how. Never what for."""

    referendum = models.ForeignKey(Referendum, on_delete=models.PROTECT, related_name="turnout")
    resident = models.ForeignKey("territory.Resident", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    polling_point = models.CharField(_("polling point"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    voted_at = models.DateTimeField()

    class Meta:
        ordering = ["voted_at", "pk"]
        verbose_name = _("turnout entry")
        verbose_name_plural = _("turnout roll")
        constraints = [
            models.UniqueConstraint(fields=["referendum", "resident"], name="uniq_referendum_turnout")
        ]

    def __str__(self) -> str:
        return f"{self.referendum_id}:{self.resident_id}"


class Ballot(models.Model):
    """One answer, keyed by a random token: no person, no time, no sequence number, no link (a
    referendum ballot is final, so nothing needs to find it again)."""

    token = models.CharField(primary_key=True, max_length=32, editable=False)
    referendum = models.ForeignKey(Referendum, on_delete=models.PROTECT, related_name="ballots")
    choice = models.CharField(max_length=5, choices=Choice.choices)

    def __str__(self) -> str:
        return f"ballot {self.token[:6]}…"
