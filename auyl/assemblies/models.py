"""Gatherings, community meetings and council sessions: one meeting-and-voting engine.

A :class:`Meeting` is convened (draft), its notice published, opened on the day (the roll size and
the quorum it needs are fixed then), its :class:`AgendaItem` s voted and closed, and it is closed.
Who may attend and vote comes from :mod:`auyl.assemblies.rolls`. Everything a protocol needs is
stored here; the protocol itself is a :class:`MinutesVersion` (signed, corrections are new versions).
Decisions addressed to the akim are followed up as :class:`Decision` s (``000:942``), whether a
meeting adopted them or another body did (a binding local referendum, a recall initiative: see
``followup.record_external_decision``); residents' priority needs decided at gatherings are kept as :class:`PriorityNeed` s (``000:934-936``).
No workflow lives here: see ``services.py``.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from auyl.core.models import TimeStampedModel


class MeetingKind(models.TextChoices):
    GATHERING = "gathering", _("Gathering of residents")
    COMMUNITY_MEETING = "community_meeting", _("Community meeting")
    COUNCIL_SESSION = "council_session", _("Council session")


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONVENED = "convened", _("Convened (notice published)")
    OPEN = "open", _("In progress")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class ItemKind(models.TextChoices):
    """Agenda item types; all are local questions (``000:922``), the powers of ``000:422``, ``002:183-185``."""

    LOCAL_QUESTION = "local_question", _("General local question")
    BUDGET_AGREEMENT = "budget_agreement", _("Agreement of the rural-district budget")
    AKIM_REPORT = "akim_report", _("The akim's report")
    DEVELOPMENT_PROGRAMME = "development_programme", _("Approval of the community development programme")
    AKIM_CANDIDACY = "akim_candidacy", _("Agreement of akim candidacies")
    AKIM_DISMISSAL = "akim_dismissal", _("Initiative to dismiss the akim")
    COMMISSION_ELECTION = "commission_election", _("Election of self-government commission members")
    OTHER = "other", _("Other local question")


class ItemStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("agenda item status", "Open")
    CLOSED = "closed", _("Closed")


class Meeting(TimeStampedModel):
    territory = models.ForeignKey(
        "territory.Territory", on_delete=models.PROTECT, related_name="meetings", verbose_name=_("territory")
    )
    territory_path = models.CharField(max_length=200, db_index=True, editable=False)
    kind = models.CharField(_("kind"), max_length=30, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=300)
    starts_at = models.DateTimeField(_("date and time"))
    venue = models.CharField(_("venue"), max_length=300)
    convened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("convened by"),
    )
    convener_label = models.CharField(_("convened by (as in the minutes)"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT, db_index=True
    )
    notice_published_at = models.DateTimeField(_("notice published"), null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)
    chair_name = models.CharField(_("chair"), max_length=300, blank=True)
    secretary_name = models.CharField(_("secretary"), max_length=300, blank=True)
    # Fixed when the meeting opens: who may vote (the quorum base) and how many must be present.
    roll_size = models.PositiveIntegerField(_("registered participants"), null=True, blank=True)
    quorum_required = models.PositiveIntegerField(_("quorum required"), null=True, blank=True)
    quorum_rule = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["territory_path", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title} ({self.starts_at:%d.%m.%Y})"

    @property
    def is_public(self) -> bool:
        """Shown on the public pages: the notice has been published (also when later cancelled)."""
        return self.notice_published_at is not None


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(
        _("type"), max_length=30, choices=ItemKind.choices, default=ItemKind.LOCAL_QUESTION
    )
    title = models.CharField(_("question"), max_length=500)
    decision_text = models.TextField(_("decision"), blank=True)
    discussion = models.TextField(_("speakers and discussion"), blank=True)
    addressed_to_akim = models.BooleanField(_("addressed to the akim"), default=False)
    is_task = models.BooleanField(_("a task to carry out"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="uniq_assemblies_item_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class MemberCategory(models.TextChoices):
    """Who is delegated to a community meeting (``000:940``)."""

    VETERANS = "veterans", _("Veterans")
    ELDERS = "elders", _("Elders")
    FAMILY_COMMITTEE = "family_committee", _("Committee of family")
    WOMEN_COMMITTEE = "women_committee", _("Committee of women")
    YOUTH_COMMITTEE = "youth_committee", _("Committee of youth")
    OTHER = "other", _("Other")


class Member(TimeStampedModel):
    """A resident delegated to the community meeting of a rural district (or town) for a term."""

    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        related_name="community_members",
        verbose_name=_("rural district"),
    )
    territory_path = models.CharField(max_length=200, db_index=True, editable=False)
    resident = models.ForeignKey(
        "territory.Resident",
        on_delete=models.PROTECT,
        related_name="community_memberships",
        verbose_name=_("resident"),
    )
    category = models.CharField(_("category"), max_length=30, choices=MemberCategory.choices)
    term_start = models.DateField(_("term from"))
    term_end = models.DateField(_("term until"))
    delegated_by = models.CharField(_("delegated by"), max_length=300, blank=True)
    ended_on = models.DateField(_("membership ended early on"), null=True, blank=True)
    end_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["territory", "resident__last_name", "resident__first_name"]
        verbose_name = _("community meeting member")
        verbose_name_plural = _("community meeting members")
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__gt=F("term_start")), name="assemblies_member_term_order"
            ),
        ]
        indexes = [models.Index(fields=["territory", "term_start", "term_end"])]

    def __str__(self) -> str:
        return f"{self.resident} ({self.get_category_display()})"


class AttendeeKind(models.TextChoices):
    PARTICIPANT = "participant", _("Participant (counts for the quorum)")
    GUEST = "guest", _("Guest")
    OFFICIAL = "official", _("Official")


class Attendance(models.Model):
    """One person present. Participants are on the meeting's roll and count once; guests and
    officials are recorded separately and never count for the quorum or vote."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    kind = models.CharField(
        _("as"), max_length=20, choices=AttendeeKind.choices, default=AttendeeKind.PARTICIPANT
    )
    resident = models.ForeignKey(
        "territory.Resident",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_attendance",
        verbose_name=_("resident"),
    )
    name = models.CharField(_("name"), max_length=300)
    position = models.CharField(_("position or organisation"), max_length=300, blank=True)
    checked_in_at = models.DateTimeField(auto_now_add=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "kind", "name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "resident"],
                condition=Q(resident__isnull=False),
                name="uniq_assemblies_attendance_person",
            ),
            models.CheckConstraint(
                condition=~Q(kind="participant") | Q(resident__isnull=False),
                name="assemblies_participant_is_resident",
            ),
        ]
        indexes = [models.Index(fields=["meeting", "kind"])]

    def __str__(self) -> str:
        return self.name


class VoteMethod(models.TextChoices):
    COUNTS = "counts", _("Open vote, counted")
    BY_NAME = "by_name", _("By name")


class Vote(models.Model):
    """The result of the open vote on one agenda item. The counts are entered (or derived from the
    ballots by name); whether the decision is adopted is computed from the region's majority rule
    and the attendance at the moment of the vote, which are stored with it."""

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="vote")
    method = models.CharField(
        _("method"), max_length=10, choices=VoteMethod.choices, default=VoteMethod.COUNTS
    )
    votes_for = models.PositiveIntegerField(_("for"))
    votes_against = models.PositiveIntegerField(_("against"))
    abstained = models.PositiveIntegerField(_("abstained"))
    present = models.PositiveIntegerField(_("present at the vote"))
    quorum_required = models.PositiveIntegerField(_("quorum required"))
    majority_rule = models.CharField(max_length=40)
    votes_needed = models.PositiveIntegerField(_("votes needed to adopt"))
    adopted = models.BooleanField(_("adopted"))
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.CheckConstraint(
                condition=Q(present__gte=F("votes_for") + F("votes_against") + F("abstained")),
                name="assemblies_vote_within_present",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.votes_for}/{self.votes_against}/{self.abstained}"

    @property
    def did_not_vote(self) -> int:
        return self.present - self.votes_for - self.votes_against - self.abstained


class Choice(models.TextChoices):
    FOR = "for", _("For")
    AGAINST = "against", _("Against")
    ABSTAIN = "abstain", _("Abstained")


class Ballot(models.Model):
    """One member's open vote by name (community meetings and council sessions)."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    resident = models.ForeignKey("territory.Resident", on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(_("vote"), max_length=10, choices=Choice.choices)

    class Meta:
        ordering = ["vote", "resident__last_name"]
        constraints = [models.UniqueConstraint(fields=["vote", "resident"], name="uniq_assemblies_ballot")]

    def __str__(self) -> str:
        return f"{self.resident_id}: {self.choice}"


class MinutesVersion(models.Model):
    """One signed version of the minutes. Version 1 is signed when the minutes are finalised; a
    correction is a new version with its reason; every version is kept. ``data`` is the whole
    protocol as signed (see ``minutes.py``), so a later change of the record never alters it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="minutes_versions")
    number = models.PositiveSmallIntegerField(_("version"))
    is_final = models.BooleanField(_("final (signed)"), default=True)
    reason = models.TextField(_("reason for the correction"), blank=True)
    data = models.JSONField(default=dict)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField()

    class Meta:
        ordering = ["meeting", "-number"]
        verbose_name = _("minutes version")
        verbose_name_plural = _("minutes versions")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="uniq_assemblies_minutes_version"),
            models.CheckConstraint(
                condition=Q(number=1) | ~Q(reason=""), name="assemblies_correction_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} v{self.number}"


class Response(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PARTLY_ACCEPTED = "partly_accepted", _("Partly accepted")
    REJECTED = "rejected", _("Rejected")


class DecisionStatus(models.TextChoices):
    AWAITING_RESPONSE = "awaiting_response", _("Awaiting the akim's response")
    IN_PROGRESS = "in_progress", _("Being carried out")
    DONE = "done", _("Done")
    REJECTED = "rejected", _("Rejected by the akim")
    NO_ACTION = "no_action", _("No follow-up needed")


class Escalation(models.TextChoices):
    REJECTED = "rejected", _("The akim rejected the decision")
    OVERDUE = "overdue", _("The akim did not respond in time")
    TASK_OVERDUE = "task_overdue", _("The task was not done by its due date")


class Addressee(models.TextChoices):
    AKIM = "akim", _("The akim of the territory")
    DISTRICT_AKIM = "district_akim", _("The district akim")


class Decision(TimeStampedModel):
    """An adopted decision and its follow-up: the akim's response within a deadline (accepted with a
    plan and due date, partly accepted, rejected with reasons); a rejection or a missed deadline goes
    to the next level up (``000:942``); a decision that is a task is tracked until done.

    Most decisions come from a meeting's agenda item (``item``/``meeting``). A decision taken outside a
    meeting (the binding result of a local referendum, a recall initiative) has neither: it names its
    ``source`` object and ``title`` instead, and may be addressed to the district akim rather than the
    territory's own akim (a rural akim does not answer the initiative to dismiss them)."""

    item = models.OneToOneField(
        AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="decision"
    )
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    territory = models.ForeignKey(
        "territory.Territory", on_delete=models.PROTECT, related_name="+", verbose_name=_("territory")
    )
    territory_path = models.CharField(max_length=200, db_index=True, editable=False)
    title = models.CharField(_("taken by"), max_length=300, blank=True)
    source_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    addressee = models.CharField(
        _("addressed to"), max_length=20, choices=Addressee.choices, default=Addressee.AKIM
    )
    text = models.TextField(_("decision"))
    addressed_to_akim = models.BooleanField(_("addressed to the akim"), default=False)
    is_task = models.BooleanField(_("a task to carry out"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=DecisionStatus.choices, db_index=True)
    response_due = models.DateField(_("response due"), null=True, blank=True)
    response = models.CharField(_("response"), max_length=20, choices=Response.choices, blank=True)
    response_text = models.TextField(_("plan or reasons"), blank=True)
    plan_due = models.DateField(_("to be done by"), null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    escalation = models.CharField(
        _("escalated because"), max_length=20, choices=Escalation.choices, blank=True
    )
    escalated_at = models.DateTimeField(_("escalated to the level above"), null=True, blank=True)
    completed_at = models.DateTimeField(_("done"), null=True, blank=True)
    completion_note = models.TextField(_("what was done"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        indexes = [models.Index(fields=["status", "response_due"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(meeting__isnull=False, item__isnull=False)
                | Q(
                    meeting__isnull=True,
                    item__isnull=True,
                    source_type__isnull=False,
                    source_id__isnull=False,
                ),
                name="assemblies_decision_from_meeting_or_source",
            ),
            models.UniqueConstraint(
                fields=["source_type", "source_id"],
                condition=Q(source_type__isnull=False),
                name="assemblies_decision_one_per_source",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def taken_by(self) -> str:
        """Who took the decision: the meeting's title; for an outside decision, what its source calls
        itself in the reader's language (``decision_origin``), else the stored title."""
        if self.meeting_id:
            return self.meeting.title
        source = self.source if self.source_id else None
        return str(getattr(source, "decision_origin", "") or self.title)


class NeedStatus(models.TextChoices):
    RECORDED = "recorded", _("Recorded")
    IN_PLAN = "in_plan", _("Included in a development plan")
    DONE = "done", _("Done")


class PriorityNeed(TimeStampedModel):
    """A priority need of the residents decided at a gathering; the development plans capability
    reads these (``selectors.priority_needs``) to fill the residents' section of a plan (``000:934-936``)."""

    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        related_name="priority_needs",
        verbose_name=_("territory"),
    )
    territory_path = models.CharField(max_length=200, db_index=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="priority_needs")
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="priority_needs")
    rank = models.PositiveSmallIntegerField(_("priority"))
    title = models.CharField(_("need"), max_length=300)
    description = models.TextField(_("details"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=NeedStatus.choices, default=NeedStatus.RECORDED
    )
    plan_reference = models.CharField(_("development plan reference"), max_length=300, blank=True)

    class Meta:
        ordering = ["territory_path", "rank"]
        verbose_name = _("priority need")
        verbose_name_plural = _("priority needs")
        constraints = [models.UniqueConstraint(fields=["item", "rank"], name="uniq_assemblies_need_rank")]

    def __str__(self) -> str:
        return f"{self.rank}. {self.title}"


class MeetingAppeal(models.Model):
    """A question raised at a meeting, registered as an appeal (channel "gathering")."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="appeal_links")
    appeal = models.OneToOneField("appeals.Appeal", on_delete=models.PROTECT, related_name="meeting_link")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.meeting_id} -> {self.appeal_id}"
