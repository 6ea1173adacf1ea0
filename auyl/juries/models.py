"""Citizen juries (``002:144``): 15-25 residents drawn at random, stratified, to study one question,
hear experts and give a recommendation that the authority must answer.

The draw itself is in :mod:`.draw`; workflow in :mod:`.services`. A jury moves
draft -> announced (pool frozen, seed source published) -> drawn (seed published, invitations sent)
-> recommended (recommendation handed over, answer due) -> answered.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from auyl.territory.models import Resident, Territory

MIN_SIZE, MAX_SIZE = 15, 25  # 002:144 ("15-25 граждан")


class JuryStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ANNOUNCED = "announced", _("Draw announced")
    DRAWN = "drawn", _("Drawn, inviting")
    RECOMMENDED = "recommended", _("Recommendation given")
    ANSWERED = "answered", _("Answered by the authority")


class AnswerOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PARTLY = "partly", _("Partly accepted")
    REJECTED = "rejected", _("Rejected with reasons")


class Jury(models.Model):
    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, related_name="juries", verbose_name=_("territory")
    )
    title = models.CharField(_("title"), max_length=200)
    question = models.TextField(_("question for the jury"), max_length=4000)
    size = models.PositiveSmallIntegerField(_("number of jurors"))
    status = models.CharField(
        _("status"), max_length=20, choices=JuryStatus.choices, default=JuryStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The draw: everything published, so anyone can repeat it (see draw.ALGORITHM).
    algorithm = models.CharField(max_length=40, blank=True)
    seed_source = models.CharField(_("source of the public value"), max_length=300, blank=True)
    age_bands = models.JSONField(default=list, blank=True)
    pool = models.JSONField(default=list, blank=True)  # [[token, stratum], ...] sorted by token
    pool_hash = models.CharField(max_length=64, blank=True)
    pool_residents = models.JSONField(default=list, blank=True)  # resident ids in pool order: never published
    excluded_count = models.PositiveIntegerField(default=0)  # residents without birth date or sex
    announced_at = models.DateTimeField(null=True, blank=True)
    public_value = models.CharField(_("public value"), max_length=200, blank=True)
    seed = models.CharField(max_length=64, blank=True)
    drawn_at = models.DateTimeField(null=True, blank=True)
    # Outcome and the authority's answer.
    recommendation = models.TextField(_("recommendation"), max_length=8000, blank=True)
    recommended_at = models.DateTimeField(null=True, blank=True)
    answer_due = models.DateField(_("answer due"), null=True, blank=True)
    answer_outcome = models.CharField(_("answer"), max_length=20, choices=AnswerOutcome.choices, blank=True)
    answer_text = models.TextField(_("answer of the authority"), max_length=8000, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("citizen jury")
        verbose_name_plural = _("citizen juries")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(size__gte=MIN_SIZE, size__lte=MAX_SIZE), name="jury_size_15_25"
            )
        ]

    def __str__(self) -> str:
        return self.title


class MemberStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Member(models.Model):
    """A resident drawn for a jury: first draw (``replaces`` empty) or a replacement."""

    jury = models.ForeignKey(Jury, on_delete=models.CASCADE, related_name="members")
    resident = models.ForeignKey(
        Resident, on_delete=models.PROTECT, related_name="+", verbose_name=_("resident")
    )
    token = models.CharField(max_length=16)
    stratum = models.CharField(max_length=60)
    status = models.CharField(
        _("status"), max_length=20, choices=MemberStatus.choices, default=MemberStatus.INVITED
    )
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["stratum", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["jury", "resident"], name="jury_member_once"),
            models.UniqueConstraint(fields=["jury", "token"], name="jury_token_once"),
        ]

    def __str__(self) -> str:
        return f"{self.jury_id}:{self.token}"


class Session(models.Model):
    jury = models.ForeignKey(Jury, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=300)
    experts = models.CharField(_("experts heard"), max_length=500, blank=True)
    present = models.PositiveSmallIntegerField(_("jurors present"), null=True, blank=True)

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.date} {self.topic}"
