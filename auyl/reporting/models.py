"""Akims' reporting meetings with the population (Decree No. 826 of 03.03.2022, ``002:529-678``).

A :class:`ReportingMeeting` is planned by an akim's office, then held (its figures recorded) or
cancelled. What residents raise at it is a :class:`Question` (each one registered as an appeal with
an executor and a deadline, ``002:716``); what the akim explicitly promises is a :class:`Promise`
tracked to delivery ("promised vs done", ``000:774``). The quarterly form is computed from these rows
(:mod:`auyl.reporting.report`); nothing here stores a total.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from auyl.core.models import TimeStampedModel

# Words the assemblies app uses of its gatherings ("Held", "Planned", "Done") mean a reporting meeting
# (кездесу / встреча) here, whose Kazakh and Russian forms differ: they carry this context.
CONTEXT = "reporting meeting"


class AkimLevel(models.TextChoices):
    """The six akim levels of the form's sub-rows (``002:536-541``), in the form's order."""

    REGION = "region", _("Akims of regions, cities of republican significance and the capital")
    CITY_DISTRICT_REPUBLICAN = (
        "city_district_republican",
        _("Akims of districts of cities of republican significance and the capital"),
    )
    CITY_REGIONAL = "city_regional", _("Akims of cities of regional significance")
    CITY_DISTRICT_REGIONAL = (
        "city_district_regional",
        _("Akims of districts of cities of regional significance"),
    )
    DISTRICT = "district", _("Akims of districts")
    RURAL = "rural", _("Akims of rural districts, villages and towns of district significance")


class Status(models.TextChoices):
    PLANNED = "planned", pgettext_lazy(CONTEXT, "Planned")
    HELD = "held", pgettext_lazy(CONTEXT, "Held")
    CANCELLED = "cancelled", pgettext_lazy(CONTEXT, "Cancelled")


class BroadcastChannel(models.TextChoices):
    """Online broadcast channels of rows 3 and 4 of the form (``002:548-562``)."""

    INSTAGRAM = "instagram", _("Instagram")
    FACEBOOK = "facebook", _("Facebook")
    VIDEO_CONFERENCE = "video_conference", _("Video conference")
    TV = "tv", _("Television")


class QuestionKind(models.TextChoices):
    QUESTION = "question", _("Question")
    PROPOSAL = "proposal", _("Proposal")


class PromiseStatus(models.TextChoices):
    OPEN = "open", _("Promised")
    DONE = "done", pgettext_lazy(CONTEXT, "Done")


class ReportingMeeting(TimeStampedModel):
    """One meeting of an akim with the population.

    ``akim_unit`` is the unit whose akim holds the meeting (its level gives the akim level, the form's
    sub-row); ``territory`` is where it is held and whose residents it serves: the akim's own unit or a
    unit below it (the akim of a rural district meets the village of Kyzyl Zhuldyz, ``002:530``).
    Reports for a territory count the meetings held in it and below it.
    """

    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        related_name="reporting_meetings",
        verbose_name=_("held in"),
    )
    territory_path = models.CharField(max_length=200, db_index=True, editable=False)
    akim_unit = models.ForeignKey(
        "territory.Territory", on_delete=models.PROTECT, related_name="+", verbose_name=_("akim of")
    )
    akim_level = models.CharField(_("akim level"), max_length=30, choices=AkimLevel.choices)
    akim_name = models.CharField(_("akim"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("date and time"))
    venue = models.CharField(_("venue"), max_length=300)
    planned_channels = models.JSONField(_("online broadcast planned on"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)

    # Figures of a held meeting (rows 4, 9 and 10 of the form; speakers from the form of 002:497-508).
    offline_participants = models.PositiveIntegerField(_("participants present in person"), default=0)
    speakers = models.PositiveIntegerField(_("residents who spoke"), default=0)
    media_national = models.PositiveIntegerField(_("national media reports"), default=0)
    media_local = models.PositiveIntegerField(_("local media reports"), default=0)
    media_social = models.PositiveIntegerField(_("social network posts"), default=0)
    officials_government = models.PositiveIntegerField(
        _("representatives of the Presidential Administration or the Government"), default=0
    )
    officials_parliament = models.PositiveIntegerField(_("representatives of Parliament"), default=0)
    officials_central = models.PositiveIntegerField(_("representatives of central state bodies"), default=0)
    officials_local = models.PositiveIntegerField(_("representatives of local executive bodies"), default=0)
    summary = models.TextField(_("what the akim reported"), blank=True)
    held_recorded_at = models.DateTimeField(null=True, blank=True, editable=False)
    held_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("reporting meeting")
        verbose_name_plural = _("reporting meetings")
        indexes = [
            models.Index(fields=["territory_path", "starts_at"]),
            models.Index(fields=["starts_at", "territory_path"]),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%d.%m.%Y} {self.venue}"

    @property
    def online_participants(self) -> int:
        return sum(b.participants for b in self.broadcasts.all())

    @property
    def participants(self) -> int:
        return self.offline_participants + self.online_participants

    @property
    def media_total(self) -> int:
        return self.media_national + self.media_local + self.media_social

    @property
    def officials_total(self) -> int:
        return (
            self.officials_government
            + self.officials_parliament
            + self.officials_central
            + self.officials_local
        )

    def planned_channel_labels(self) -> list[str]:
        return [str(BroadcastChannel(c).label) for c in self.planned_channels if c in BroadcastChannel.values]


class Broadcast(models.Model):
    """How a held meeting went out online on one channel: how many broadcasts, how many watched.

    A count, not a yes/no: the Krasnoyarsky rural district's one meeting of Q1 2022 was on Instagram
    once and on television twice (``002:615-620``)."""

    meeting = models.ForeignKey(ReportingMeeting, on_delete=models.CASCADE, related_name="broadcasts")
    channel = models.CharField(_("channel"), max_length=20, choices=BroadcastChannel.choices)
    broadcasts = models.PositiveSmallIntegerField(_("broadcasts"), default=1)
    participants = models.PositiveIntegerField(_("participants online"), default=0)

    class Meta:
        ordering = ["meeting", "channel"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "channel"], name="uniq_reporting_broadcast")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} {self.channel}: {self.broadcasts}/{self.participants}"


class Question(TimeStampedModel):
    """A question or proposal raised at a meeting; registered as an appeal (``002:716``)."""

    meeting = models.ForeignKey(ReportingMeeting, on_delete=models.PROTECT, related_name="questions")
    number = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(
        _("kind"), max_length=20, choices=QuestionKind.choices, default=QuestionKind.QUESTION
    )
    topic = models.ForeignKey(
        "appeals.Topic", on_delete=models.PROTECT, related_name="+", verbose_name=_("topic")
    )
    is_repeat = models.BooleanField(_("raised before (repeat)"), default=False)
    is_critical = models.BooleanField(_("critical remark"), default=False)
    critical_addressee_level = models.CharField(
        _("critical remark addressed to"), max_length=30, choices=AkimLevel.choices, blank=True
    )
    resident = models.ForeignKey(
        "territory.Resident",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("resident"),
    )
    author_name = models.CharField(_("raised by"), max_length=300, blank=True)
    place = models.ForeignKey(
        "territory.Territory", on_delete=models.PROTECT, related_name="+", verbose_name=_("settlement")
    )
    text = models.TextField(_("text"))
    is_public = models.BooleanField(_("publish on the public page"), default=True)
    appeal = models.OneToOneField(
        "appeals.Appeal", null=True, blank=True, on_delete=models.PROTECT, related_name="reporting_question"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("question or proposal")
        verbose_name_plural = _("questions and proposals")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="uniq_reporting_question_number"),
            models.CheckConstraint(
                condition=Q(is_critical=True) & ~Q(critical_addressee_level="")
                | Q(is_critical=False, critical_addressee_level=""),
                name="reporting_critical_has_addressee",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}/{self.number} {self.text[:60]}"


class Promise(TimeStampedModel):
    """An explicit promise the akim made at a meeting, with the date it is due and whether it was kept."""

    meeting = models.ForeignKey(ReportingMeeting, on_delete=models.PROTECT, related_name="promises")
    question = models.ForeignKey(
        Question,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="promises",
        verbose_name=_("in answer to question"),
    )
    text = models.TextField(_("what was promised"))
    due_on = models.DateField(_("due by"), db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PromiseStatus.choices, default=PromiseStatus.OPEN, db_index=True
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_note = models.TextField(_("what was done"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    done_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("promise")
        verbose_name_plural = _("promises")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", done_on__isnull=True) | Q(status="done", done_on__isnull=False),
                name="reporting_promise_done_has_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.due_on:%d.%m.%Y} {self.text[:60]}"

    def is_overdue(self, today) -> bool:
        return self.status == PromiseStatus.OPEN and self.due_on < today

    def was_late(self) -> bool:
        return self.status == PromiseStatus.DONE and self.done_on > self.due_on
