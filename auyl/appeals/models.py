"""Residents' appeals: registration, assignment, answer, execution, rating; the topic taxonomy."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from auyl.core.models import TimeStampedModel
from auyl.territory.models import LocalizedNameMixin


class Channel(models.TextChoices):
    PAPER = "paper", _("Paper (written)")
    PORTAL = "portal", _("Online portal")
    RECEPTION = "reception", _("Personal reception")
    REPORTING_MEETING = "reporting_meeting", _("Akim's reporting meeting")
    GATHERING = "gathering", _("Gathering or meeting")
    SOCIAL = "social", _("Social network, blog or e-mail")
    PHONE = "phone", _("Phone")


class ApplicantKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    LEGAL = "legal", _("Legal entity")


class Status(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    IN_PROGRESS = "in_progress", _("Under consideration")
    ANSWERED = "answered", _("Answered, being carried out")
    REDIRECTED = "redirected", _("Redirected to another body")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (Status.REGISTERED, Status.IN_PROGRESS)


class Outcome(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    REFUSED = "refused", _("Refused")
    EXPLAINED = "explained", _("Explained")
    TERMINATED = "terminated", _("Terminated")
    REDIRECTED = "redirected", _("Redirected")
    RE_EXAMINED = "re_examined", _("Re-examined")


class Topic(LocalizedNameMixin, models.Model):
    """One fine-grained topic; each rolls up into exactly one row of every official form."""

    code = models.SlugField(max_length=60, unique=True)
    form_826 = models.PositiveSmallIntegerField(help_text="Row 1-12 of the Decree No. 826 form (002:529-604)")
    sector_7 = models.CharField(max_length=30, help_text="Sector of 001:744-755")
    topic_10 = models.CharField(max_length=30, help_text="Topic of 002:472-487")
    reception_16 = models.CharField(max_length=30, help_text="Reception category of 002:511-518")
    is_emergency = models.BooleanField(default=False, help_text="Heating, water, emergencies: a risk factor")
    is_official_complaint = models.BooleanField(default=False, help_text="Complaint about an official")
    sort = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["sort", "code"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name


class AppealCounter(models.Model):
    """Gap-free registration numbers per local community per year (row locked while numbering)."""

    territory = models.ForeignKey("territory.Territory", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["territory", "year"], name="uniq_appeal_counter")]

    def __str__(self) -> str:
        return f"{self.territory_id}/{self.year}: {self.last_number}"


class Appeal(TimeStampedModel):
    # Identity and place
    territory = models.ForeignKey("territory.Territory", on_delete=models.PROTECT, related_name="appeals",
                                  verbose_name=_("rural district"))
    territory_path = models.CharField(max_length=200, db_index=True, editable=False)
    settlement = models.ForeignKey("territory.Territory", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("settlement"))
    year = models.PositiveSmallIntegerField(editable=False)
    seq = models.PositiveIntegerField(editable=False)
    number = models.CharField(_("number"), max_length=40, unique=True, editable=False)
    tracking_code_hash = models.CharField(max_length=64, editable=False)
    idempotency_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    # Receipt and registration
    channel = models.CharField(_("channel"), max_length=30, choices=Channel.choices)
    received_on = models.DateField(_("received on"))
    registered_at = models.DateTimeField(_("registered at"))
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")
    registration_due = models.DateField(editable=False)
    source_type = models.CharField(max_length=60, blank=True, help_text="e.g. assemblies.question")
    source_id = models.CharField(max_length=64, blank=True)

    # Applicant (personal data: visible only to those who handle the appeal)
    applicant_kind = models.CharField(_("applicant"), max_length=20, choices=ApplicantKind.choices,
                                      default=ApplicantKind.INDIVIDUAL)
    resident = models.ForeignKey("territory.Resident", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="appeals")
    applicant_name = models.CharField(_("applicant's name"), max_length=300)
    organization_name = models.CharField(_("organisation"), max_length=300, blank=True)
    applicant_phone = models.CharField(_("phone"), max_length=16, blank=True, db_index=True)  # repeat detection
    applicant_email = models.EmailField(_("e-mail"), blank=True)
    applicant_address = models.CharField(_("postal address"), max_length=300, blank=True)
    is_collective = models.BooleanField(_("collective appeal"), default=False)
    is_public = models.BooleanField(_("the applicant agrees to publish the appeal without personal data"),
                                    default=False)

    # Matter
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="appeals", verbose_name=_("topic"))
    subject = models.CharField(_("subject"), max_length=200)
    text = models.TextField(_("text"))
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)

    # Consideration
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED,
                              db_index=True)
    executor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="appeals_to_execute", verbose_name=_("executor"))
    assigned_at = models.DateTimeField(null=True, blank=True)
    deadline = models.DateField(_("deadline"), db_index=True)
    original_deadline = models.DateField(editable=False)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    extended_at = models.DateTimeField(null=True, blank=True)
    redirected_to = models.CharField(_("redirected to"), max_length=300, blank=True)
    redirected_at = models.DateTimeField(null=True, blank=True)

    # Answer and execution
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    answer_text = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    promised_action = models.TextField(_("what will be done"), blank=True)
    promised_by = models.DateField(_("to be done by"), null=True, blank=True)
    executed_at = models.DateTimeField(_("carried out at"), null=True, blank=True)
    execution_note = models.TextField(_("how it was carried out"), blank=True)
    reexamination_count = models.PositiveSmallIntegerField(default=0)

    # Feedback and quality signals
    rating = models.PositiveSmallIntegerField(_("applicant's rating"), null=True, blank=True)
    rating_comment = models.TextField(blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    repeat_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="repeats")
    repeat_confirmed = models.BooleanField(null=True, blank=True, help_text="None: suggested, not yet confirmed")
    group = models.ForeignKey("AppealGroup", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="appeals")
    risk_points = models.PositiveSmallIntegerField(default=0, db_index=True)
    risk_factors = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-registered_at"]
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        constraints = [models.UniqueConstraint(fields=["territory", "year", "seq"], name="uniq_appeal_seq")]
        indexes = [
            models.Index(fields=["territory_path", "registered_at"]),
            models.Index(fields=["executor", "status", "deadline"]),
            # Reports filter by receipt date within a rural district, or by receipt date over a region.
            models.Index(fields=["territory", "received_on"]),
            models.Index(fields=["received_on", "territory_path"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.subject}"


class CoSigner(models.Model):
    """A co-signer of a collective appeal."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="cosigners")
    resident = models.ForeignKey("territory.Resident", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    name = models.CharField(_("name"), max_length=300)

    def __str__(self) -> str:
        return self.name


class AppealGroup(models.Model):
    """Similar appeals of different applicants handled together."""

    territory = models.ForeignKey("territory.Territory", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.title


class AppealStep(models.Model):
    """The visible history of an appeal (the audit log keeps the full record)."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="steps")
    at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=40)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    note = models.TextField(blank=True)
    is_public = models.BooleanField(default=True, help_text="Shown to the applicant")

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.appeal_id} {self.kind}"


class Attachment(models.Model):
    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="appeals/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name


class ApiClient(models.Model):
    """An application allowed to file appeals through Open311 (``api_key``: only its keyed hash is kept)."""

    name = models.CharField(max_length=200)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    territory = models.ForeignKey("territory.Territory", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", help_text="Limits the client to this unit (empty: anywhere)")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class TrackingFailure(models.Model):
    """One wrong number + code pair typed to follow an appeal (the public tracking page or API).

    Counted over a sliding window per appeal number (stored as a keyed hash) and per IP address, in the
    database so that every worker process shares the counts; see :mod:`auyl.appeals.tracking`.
    """

    number_hash = models.CharField(max_length=64, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.ip_address or '-'}"
