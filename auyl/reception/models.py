"""The akim's personal reception: bookings of the day's queue and the appeals each visit produced.

A reception day is not stored: its slots follow from the per-region rules and the business
calendar (see :mod:`auyl.reception.schedule`). A :class:`Booking` is one place in the queue of a
primary unit on a date, pre-booked for a slot or added on the day as a walk-in (no slot).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from auyl.core.models import TimeStampedModel


class Status(models.TextChoices):
    BOOKED = "booked", _("Booked")
    ARRIVED = "arrived", _("Arrived")
    SEEN = "seen", _("Seen")
    NO_SHOW = "no_show", _("Did not come")
    CANCELLED = "cancelled", _("Cancelled")


# Still waiting to be received (shown with action buttons in the queue).
WAITING = (Status.BOOKED, Status.ARRIVED)


class Booking(TimeStampedModel):
    territory = models.ForeignKey("territory.Territory", on_delete=models.PROTECT, related_name="reception_bookings",
                                  verbose_name=_("rural district"))
    territory_path = models.CharField(max_length=200, db_index=True, editable=False)
    date = models.DateField(_("date"))
    slot_time = models.TimeField(_("time"), null=True, blank=True, help_text="Empty for a walk-in visitor")
    is_walk_in = models.BooleanField(_("without booking"), default=False)
    queue_number = models.PositiveSmallIntegerField(_("queue number"))
    resident = models.ForeignKey("territory.Resident", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="reception_bookings", verbose_name=_("resident"))
    visitor_name = models.CharField(_("visitor's name"), max_length=300)
    phone = models.CharField(_("phone"), max_length=16, blank=True)
    note = models.CharField(_("what the visit is about"), max_length=300, blank=True)
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.BOOKED,
                              db_index=True)
    arrived_at = models.DateTimeField(null=True, blank=True)
    seen_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["date", "is_walk_in", "queue_number"]
        verbose_name = _("reception booking")
        verbose_name_plural = _("reception bookings")
        constraints = [
            # One visitor per slot; a cancelled booking frees its slot.
            models.UniqueConstraint(fields=["territory", "date", "slot_time"],
                                    condition=Q(slot_time__isnull=False) & ~Q(status="cancelled"),
                                    name="uniq_reception_active_slot"),
            models.UniqueConstraint(fields=["territory", "date", "queue_number"], name="uniq_reception_queue_number"),
            models.CheckConstraint(condition=Q(is_walk_in=True, slot_time__isnull=True)
                                   | Q(is_walk_in=False, slot_time__isnull=False),
                                   name="reception_walk_in_has_no_slot"),
        ]
        indexes = [models.Index(fields=["territory_path", "date"])]

    def __str__(self) -> str:
        when = self.slot_time.strftime("%H:%M") if self.slot_time else "—"
        return f"{self.date:%d.%m.%Y} {when} #{self.queue_number}"

    @property
    def is_waiting(self) -> bool:
        return self.status in WAITING


class BookingAppeal(models.Model):
    """An appeal registered from a visit; an appeal comes from at most one visit."""

    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, related_name="appeal_links")
    appeal = models.OneToOneField("appeals.Appeal", on_delete=models.PROTECT, related_name="reception_link")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.booking_id} -> {self.appeal_id}"
