"""What every domain shares: the audit log, the business calendar, per-territory settings."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One append-only entry of the audit log.

    Entries form a hash chain: ``entry_hash`` covers the entry's own content and ``prev_hash``,
    so removing, reordering or editing any entry breaks every hash after it
    (``manage.py verify_audit`` finds the first broken one).
    """

    seq = models.PositiveBigIntegerField(unique=True, editable=False)
    created_at = models.DateTimeField(editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=100, db_index=True)
    object_type = models.CharField(max_length=100, db_index=True)
    object_id = models.CharField(max_length=64, db_index=True)
    object_label = models.CharField(max_length=300, blank=True)
    territory_code = models.CharField(max_length=12, blank=True, db_index=True)
    territory_path = models.CharField(max_length=200, blank=True, db_index=True)
    changes = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64, editable=False)
    entry_hash = models.CharField(max_length=64, editable=False, unique=True)

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    def change_items(self) -> list[tuple[str, object, object, bool]]:
        """``(field, old, new, is_diff)`` rows for display; diffs are stored as ``[old, new]``."""
        rows = []
        for key, value in (self.changes or {}).items():
            if isinstance(value, list) and len(value) == 2:
                rows.append((key, value[0], value[1], True))
            else:
                rows.append((key, value, None, False))
        return rows


class CalendarDay(models.Model):
    """An exception to the ordinary Monday-to-Friday week.

    Public holidays and transferred days off are non-working; a transferred working day is a
    Saturday or Sunday that is worked. Administrators edit this table (Django admin).
    """

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Public holiday")
        DAY_OFF = "day_off", _("Transferred day off")
        WORKING_DAY = "working_day", _("Transferred working day")

    date = models.DateField(unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=200, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("business calendar")

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"

    @property
    def is_working(self) -> bool:
        return self.kind == self.Kind.WORKING_DAY


class TerritorySetting(models.Model):
    """A rule that differs by region (quorum, deadlines, terms), set on a territorial unit.

    The value applies to the unit and all its descendants unless a descendant sets its own.
    Keys and their documented defaults are registered in ``auyl.core.rules``.
    """

    territory = models.ForeignKey("territory.Territory", on_delete=models.CASCADE, related_name="settings")
    key = models.CharField(max_length=100)
    value = models.JSONField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["territory", "key"], name="uniq_territory_setting")]
        verbose_name = _("territory setting")
        verbose_name_plural = _("territory settings")

    def __str__(self) -> str:
        return f"{self.territory_id}:{self.key}={self.value!r}"


class Notification(models.Model):
    """One message in the outbox (SMS or e-mail).

    Services queue messages inside their transaction, so a message exists exactly when the change
    committed; ``manage.py tick`` (or the on-commit attempt) delivers them and retries failures.
    ``dedupe_key`` makes a reminder idempotent: queuing the same key twice stores one message.
    """

    class Channel(models.TextChoices):
        SMS = "sms", _("SMS")
        EMAIL = "email", _("E-mail")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    channel = models.CharField(max_length=10, choices=Channel.choices)
    recipient = models.CharField(max_length=254)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    territory_path = models.CharField(max_length=200, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("outbox")

    def __str__(self) -> str:
        return f"{self.channel} to {self.recipient}: {self.status}"
