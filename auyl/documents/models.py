"""The document channel Centre → district → village (``003:515-523``).

"All instructions of the Centre, normative legal acts, plans, programmes, reports, statistical data etc. can
be passed to the district akimats, for delivery to the villages and towns of the republic, by ICT"
(``003:515-523``). A higher unit sends a typed :class:`Document` to lower units (:class:`Recipient`); its
content lives only in append-only :class:`DocumentVersion` rows (a correction is a new version, never an
edit); each recipient unit acknowledges each version (:class:`Acknowledgement`) and, when a report is asked
for, answers with :class:`Report` replies. Files of versions and reports are :class:`DocumentFile` rows.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from auyl.territory.models import Level


class Kind(models.TextChoices):
    """The kinds the source names (``003:519-521``)."""

    INSTRUCTION = "instruction", _("Instruction")
    LEGAL_ACT = "legal_act", _("Normative legal act")
    PLAN = "plan", _("Plan")
    PROGRAMME = "programme", _("Programme")
    REPORT_REQUEST = "report_request", _("Report request")
    STATISTICS = "statistics", _("Statistics")


# Units that have staff to receive a document (settlements have none: their rural district receives).
RECIPIENT_LEVELS = (Level.DISTRICT, Level.CITY, Level.RURAL_DISTRICT, Level.TOWN)


class Document(models.Model):
    """One document sent by a unit. Its text is in its versions; nothing here changes except the
    number of the latest version (``version_count``), raised by a correction."""

    sender = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        related_name="sent_documents",
        verbose_name=_("sending unit"),
    )
    sender_path = models.CharField(max_length=200, db_index=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("sent by")
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    version_count = models.PositiveSmallIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return f"№ {self.pk} ({self.get_kind_display()})"

    @property
    def reference(self) -> str:
        return f"{self.sender.code}-{self.pk}"


class DocumentVersion(models.Model):
    """The content of a document as sent (version 1) or corrected (2, 3, …). Never updated."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    report_due = models.DateField(_("report due"), null=True, blank=True)
    is_public = models.BooleanField(_("public"), default=False)
    correction_note = models.TextField(_("what was corrected"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="documents_version_unique")
        ]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"


class Recipient(models.Model):
    """A unit the document was addressed to."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="recipients")
    territory = models.ForeignKey(
        "territory.Territory",
        on_delete=models.PROTECT,
        related_name="received_documents",
        verbose_name=_("receiving unit"),
    )
    territory_path = models.CharField(max_length=200, db_index=True, editable=False)

    class Meta:
        ordering = ["document", "territory_path"]
        constraints = [
            models.UniqueConstraint(fields=["document", "territory"], name="documents_recipient_unique")
        ]
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")

    def __str__(self) -> str:
        return f"{self.document_id} → {self.territory.code}"


class Acknowledgement(models.Model):
    """A recipient unit confirmed receiving one version: who and when."""

    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="acknowledgements")
    version = models.PositiveSmallIntegerField(_("version"))
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("acknowledged by"),
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"))

    class Meta:
        ordering = ["recipient", "version"]
        constraints = [models.UniqueConstraint(fields=["recipient", "version"], name="documents_ack_unique")]

    def __str__(self) -> str:
        return f"{self.recipient} v{self.version}"


class Report(models.Model):
    """A reply of a recipient unit with its report. Several replies may follow one another; none is edited.
    A report after the due date is accepted and marked late."""

    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="reports")
    version = models.PositiveSmallIntegerField(_("version answered"))
    text = models.TextField(_("report"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("submitted by")
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    is_late = models.BooleanField(_("late"), default=False)

    class Meta:
        ordering = ["recipient", "submitted_at", "pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return f"{self.recipient} report {self.pk}"


class DocumentFile(models.Model):
    """A file of a document version or of a report (exactly one of the two). An image is stored cleaned of
    its metadata (GPS, device, text); ``size`` and ``sha256`` describe the stored bytes (:mod:`.files`)."""

    version = models.ForeignKey(
        DocumentVersion, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="documents/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(version__isnull=False, report__isnull=True)
                | Q(version__isnull=True, report__isnull=False),
                name="documents_file_owner",
            )
        ]

    def __str__(self) -> str:
        return self.original_name
