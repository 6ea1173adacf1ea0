"""Civic projects (participatory budgeting): campaigns, proposals, the turnout roll and secret ballots,
results, and the implementation of the winners.

A :class:`Campaign` runs in a rural district (or one settlement) through six phases fixed by its dates
(:mod:`.phases`). Residents propose projects (:class:`Proposal`); staff review them; adult residents
vote. Who voted is a :class:`Turnout` row; what they chose is a :class:`Ballot` row with no link to the
person that staff can read (see :mod:`.voting` for the design and its limits). :class:`Result` keeps the
outcome and its explanation; :class:`Implementation` follows each winner until it is built.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from auyl.core.models import TimeStampedModel


class FundingSource(models.TextChoices):
    OWN_BUDGET = "own_budget", _("Own budget of the rural district")
    DISTRICT_SUBSIDY = "district_subsidy", _("Subsidy from the district budget")
    REGION_SUBSIDY = "region_subsidy", _("Subsidy from the regional budget")


class BallotType(models.TextChoices):
    APPROVAL = "approval", _("Approval: choose up to a number of projects")
    KNAPSACK = "knapsack", _("Knapsack: choose projects whose costs fit within the amount")


class OutcomeRule(models.TextChoices):
    GREEDY = "greedy", _("Most votes first, within the amount")
    MES = "mes", _("Method of Equal Shares")


class Campaign(TimeStampedModel):
    """One competition of civic projects in one territory, with its money, its rules and its calendar.

    Each date is the last day of its phase; the next phase starts the day after (:mod:`.phases`).
    ``version`` grows whenever the set of accepted projects or their reviewed costs change, so the
    voting path may keep them in memory between requests (:func:`.voting.accepted_costs`).
    """

    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        related_name="pb_campaigns",
        verbose_name=_("territory"),
    )
    territory_path = models.CharField(max_length=200, db_index=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    year = models.PositiveSmallIntegerField(_("budget year"))
    amount = models.PositiveBigIntegerField(_("amount, tenge"))
    funding_source = models.CharField(_("funding source"), max_length=20, choices=FundingSource.choices)
    ballot_type = models.CharField(
        _("ballot type"), max_length=10, choices=BallotType.choices, default=BallotType.APPROVAL
    )
    max_choices = models.PositiveSmallIntegerField(
        _("projects a voter may choose"), null=True, blank=True, help_text=_("For approval ballots.")
    )
    rule = models.CharField(
        _("outcome rule"), max_length=10, choices=OutcomeRule.choices, default=OutcomeRule.GREEDY
    )
    allow_ballot_changes = models.BooleanField(
        _("a voter may change the ballot until voting closes"), default=True
    )
    min_age = models.PositiveSmallIntegerField(_("minimum age of voters"), default=18)
    eligibility_criteria = models.TextField(_("criteria of the technical review"), blank=True)
    proposals_from = models.DateField(_("proposals from"))
    proposals_until = models.DateField(_("proposals until"))
    review_until = models.DateField(_("technical review until"))
    discussion_until = models.DateField(_("discussion until"))
    voting_until = models.DateField(_("voting until"))
    results_until = models.DateField(_("results published until"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    is_imported = models.BooleanField(_("imported from a .pb file"), default=False, editable=False)
    source_meta = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["-proposals_from", "-pk"]
        verbose_name = _("civic projects campaign")
        verbose_name_plural = _("civic projects campaigns")
        constraints = [
            models.CheckConstraint(
                condition=Q(proposals_from__lte=models.F("proposals_until"))
                & Q(proposals_until__lt=models.F("review_until"))
                & Q(review_until__lt=models.F("discussion_until"))
                & Q(discussion_until__lt=models.F("voting_until"))
                & Q(voting_until__lt=models.F("results_until")),
                name="pb_campaign_phases_in_order",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="pb_campaign_amount_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def unit_code(self) -> str:
        """The code of the rural district (or town) the campaign belongs to, from the path alone."""
        codes = [code for code in self.territory_path.split("/") if code]
        return codes[-2] if self.territory.level == "settlement" and len(codes) > 1 else codes[-1]


class Category(models.TextChoices):
    """What the sources name for civic projects (004:105): greening, building, repairing and lighting of
    parks, squares, sports and play grounds."""

    GREENING = "greening", _("Greening")
    BUILDING = "building", _("Building")
    REPAIR = "repair", _("Repair")
    LIGHTING = "lighting", _("Lighting")
    PARK = "park", _("Parks")
    SQUARE = "square", _("Squares")
    SPORTS = "sports", _("Sports grounds")
    PLAYGROUND = "playground", _("Play grounds")
    OTHER = "other", _("Other")


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Under technical review")
    ACCEPTED = "accepted", _("Accepted for the vote")
    REJECTED = "rejected", _("Rejected at the technical review")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    STAFF = "staff", _("Entered by staff")
    POLLING_POINT = "polling_point", _("At a polling point")
    IMPORTED = "imported", _("Imported")


class RejectionReason(models.TextChoices):
    OUTSIDE_TERRITORY = "outside_territory", _("Not in the territory of the campaign")
    NOT_COMMUNAL = "not_communal", _("Not on communal land or property")
    OVER_AMOUNT = "over_amount", _("Costs more than the campaign's amount")
    NOT_IN_POWERS = "not_in_powers", _("Not within the powers of the akim of the rural district")
    ALREADY_PLANNED = "already_planned", _("Already planned or funded from the budget")
    DUPLICATE = "duplicate", _("Repeats another proposal")
    NOT_FEASIBLE = "not_feasible", _("Technically not feasible")
    OTHER = "other", _("Other reason (see the note)")


class Proposal(models.Model):
    """A project proposed by a resident (online, or entered by staff for a resident without internet)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="proposals")
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    place = models.CharField(_("place"), max_length=300)
    settlement = models.ForeignKey(
        "territory.Territory",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("settlement"),
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    estimated_cost = models.PositiveBigIntegerField(_("estimated cost, tenge"))
    author = models.ForeignKey(
        "territory.Resident",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pb_proposals",
        verbose_name=_("author"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.SUBMITTED,
        db_index=True,
    )
    reviewed_cost = models.PositiveBigIntegerField(_("reviewed cost, tenge"), null=True, blank=True)
    rejection_reasons = models.JSONField(_("reasons"), default=list, blank=True)
    review_note = models.TextField(_("note of the review"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["campaign", "number"]
        verbose_name = _("project proposal")
        verbose_name_plural = _("project proposals")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="uniq_pb_proposal_number"),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(reviewed_cost__gt=0), name="pb_accepted_has_cost"
            ),
        ]

    def __str__(self) -> str:
        return f"№{self.number} {self.title}"

    @property
    def cost(self) -> int:
        """What the project costs for the vote: the reviewed cost once accepted, else the estimate."""
        return self.reviewed_cost if self.reviewed_cost is not None else self.estimated_cost

    def rejection_labels(self) -> list[str]:
        labels = dict(RejectionReason.choices)
        return [str(labels.get(code, code)) for code in self.rejection_reasons or []]


class PhotoStage(models.TextChoices):
    PROPOSAL = "proposal", _("Photo of the place")
    IMPLEMENTATION = "implementation", _("Photo of the work")


class Photo(models.Model):
    """A photo of a proposal's place or of the work on a winner; checked by its bytes (:mod:`.photos`)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="photos")
    stage = models.CharField(max_length=20, choices=PhotoStage.choices, default=PhotoStage.PROPOSAL)
    file = models.FileField(upload_to="initiatives/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class Turnout(models.Model):
    """The turnout roll: this resident voted in this campaign, when, how and where. Never what for."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="turnout")
    resident = models.ForeignKey("territory.Resident", on_delete=models.PROTECT, related_name="pb_turnout")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    polling_point = models.CharField(_("polling point"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    voted_at = models.DateTimeField()
    changed_at = models.DateTimeField(null=True, blank=True)
    change_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["voted_at", "pk"]
        verbose_name = _("turnout entry")
        verbose_name_plural = _("turnout roll")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "resident"], name="uniq_pb_one_ballot_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.resident_id}"


class Ballot(models.Model):
    """The choices of one voter, keyed by a random token: no person, no time, no sequence number.

    ``link`` is HMAC(server key, campaign and resident), stored only when the campaign lets voters change
    their ballot, so that the voter's own later request can find it; it is NULL otherwise. ``choices`` are
    the primary keys of the accepted proposals chosen. See :mod:`.voting` for the design and its limits.
    """

    token = models.CharField(primary_key=True, max_length=32, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="ballots")
    link = models.CharField(max_length=64, null=True, blank=True, editable=False)  # noqa: DJ001 (NULL: no link)
    choices = models.JSONField(default=list)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "link"], name="uniq_pb_ballot_link")]

    def __str__(self) -> str:
        return f"ballot {self.token[:6]}…"


class Result(models.Model):
    """The outcome of a campaign's vote, computed once after voting closed, with its explanation
    (``steps``: the rule's :class:`~auyl.initiatives.outcomes.Step` records as dicts, in its order)."""

    campaign = models.OneToOneField(Campaign, on_delete=models.PROTECT, related_name="result")
    rule = models.CharField(max_length=10, choices=OutcomeRule.choices)
    budget = models.PositiveBigIntegerField()
    winners = models.JSONField(default=list)  # proposal numbers, as strings (the pabulib project ids)
    spent = models.PositiveBigIntegerField()
    steps = models.JSONField(default=list)
    voters = models.PositiveIntegerField()
    ballots = models.PositiveIntegerField()
    computed_at = models.DateTimeField()
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")

    def __str__(self) -> str:
        return f"result of {self.campaign_id}"


class ImplementationStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CONTRACTING = "contracting", _("Procurement and contract")
    IN_PROGRESS = "in_progress", _("Work in progress")
    COMPLETED = "completed", _("Completed")
    SUSPENDED = "suspended", _("Suspended")


class Implementation(models.Model):
    """Where the building of one winning project stands; every change is also a :class:`ProgressUpdate`."""

    proposal = models.OneToOneField(Proposal, on_delete=models.PROTECT, related_name="implementation")
    status = models.CharField(
        _("status"), max_length=20, choices=ImplementationStatus.choices, default=ImplementationStatus.PLANNED
    )
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(progress__lte=100), name="pb_progress_at_most_100")]

    def __str__(self) -> str:
        return f"{self.proposal} {self.status} {self.progress}%"


class ProgressUpdate(models.Model):
    """One public line of a winner's implementation history (append-only)."""

    implementation = models.ForeignKey(Implementation, on_delete=models.PROTECT, related_name="updates")
    status = models.CharField(max_length=20, choices=ImplementationStatus.choices)
    progress = models.PositiveSmallIntegerField()
    note = models.TextField(blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.implementation_id} {self.status} {self.progress}%"


class Spending(models.Model):
    """Money paid for a winner, charged to a line of the rural district's budget.

    The budget line is referenced by its stable key (``"<KATO code>:<year>:<section>:<code>"``) with its
    label copied at the time (the budget app owns the lines: :mod:`.budget_link` is the only place that
    asks it), so the record reads the same after the plan is amended.
    """

    implementation = models.ForeignKey(Implementation, on_delete=models.PROTECT, related_name="spending")
    amount = models.PositiveBigIntegerField(_("amount, tenge"))
    spent_on = models.DateField(_("date"))
    budget_line_key = models.CharField(max_length=100, blank=True)
    budget_line_label = models.CharField(_("budget line"), max_length=300, blank=True)
    note = models.CharField(_("what was paid for"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["spent_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="pb_spending_positive")]

    def __str__(self) -> str:
        return f"{self.spent_on} {self.amount}"
