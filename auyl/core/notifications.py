"""The outbox: every SMS and e-mail the system sends goes through here.

``queue()`` stores a message inside the caller's transaction and, once that commits, tries to
deliver it at once (``NOTIFY_SEND_ON_COMMIT``); whatever is still queued or failed is retried by
``deliver_pending()``, which the periodic job ``manage.py tick`` runs (up to ``MAX_ATTEMPTS`` tries).

``notify_person()`` and ``notify_user()`` pick the channel for a person (a resident or a user) and for
a staff member (in their own language) and queue the message.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation

from . import sms
from .models import Notification

MAX_ATTEMPTS = 5


def queue(
    *,
    channel: str,
    recipient: str,
    body: str,
    subject: str = "",
    dedupe_key: str | None = None,
    obj: models.Model | None = None,
    territory=None,
) -> Notification | None:
    """Store a message for delivery; None when ``dedupe_key`` was already queued (idempotent)."""
    if not recipient:
        return None
    channel = Notification.Channel(channel)
    fields = dict(
        channel=channel,
        recipient=recipient,
        subject=subject[:200],
        body=body,
        dedupe_key=dedupe_key,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        territory_path=getattr(territory, "path", "") or "",
    )
    if not dedupe_key:  # nothing to collide with: no look-up, no savepoint
        message = Notification.objects.create(**fields)
    else:
        if Notification.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        try:
            with transaction.atomic():
                message = Notification.objects.create(**fields)
        except IntegrityError:  # the same dedupe_key queued concurrently
            return None
    if getattr(settings, "NOTIFY_SEND_ON_COMMIT", True):
        transaction.on_commit(lambda: deliver(message.pk))
    return message


def notify_person(person, body: str, *, dedupe_key: str, obj, territory, subject: str = "") -> bool:
    """SMS to a resident's or user's phone, else e-mail; False when they have neither."""
    phone, email = getattr(person, "phone", "") or "", getattr(person, "email", "") or ""
    if phone:
        return (
            queue(
                channel="sms", recipient=phone, body=body, obj=obj, territory=territory, dedupe_key=dedupe_key
            )
            is not None
        )
    if email:
        return _email(email, body, subject, dedupe_key=dedupe_key, obj=obj, territory=territory)
    return False


def notify_user(user, body, *, dedupe_key: str, obj, territory, subject="") -> bool:
    """A message to a staff member in their language (``body``/``subject`` may be callables)."""
    with translation.override(getattr(user, "preferred_language", None) or translation.get_language()):
        message = body() if callable(body) else body
        title = subject() if callable(subject) else subject
    if user.email:  # staff read e-mail first, as for appeals
        return _email(user.email, message, title, dedupe_key=dedupe_key, obj=obj, territory=territory)
    return notify_person(user, message, dedupe_key=dedupe_key, obj=obj, territory=territory, subject=title)


def _email(recipient: str, body: str, subject: str, **where) -> bool:
    """Queue an e-mail; without a subject, the start of the body serves as one."""
    return (
        queue(channel="email", recipient=recipient, body=body, subject=subject or body[:100], **where)
        is not None
    )


def deliver(pk: int) -> bool:
    """Try to deliver one queued message; record the outcome. True when sent."""
    with transaction.atomic():
        message = Notification.objects.select_for_update().filter(pk=pk).first()
        if message is None or message.status == Notification.Status.SENT or message.attempts >= MAX_ATTEMPTS:
            return False
        message.attempts += 1
        try:
            if message.channel == Notification.Channel.SMS:
                sms.send_sms(message.recipient, message.body)
            else:
                send_mail(message.subject or str(settings.SITE_NAME), message.body, None, [message.recipient])
        except Exception as exc:  # a gateway failure must not lose the message: it stays for a retry
            message.status = Notification.Status.FAILED
            message.last_error = f"{type(exc).__name__}: {exc}"[:500]
            message.save(update_fields=["attempts", "status", "last_error"])
            return False
        message.status = Notification.Status.SENT
        message.sent_at = timezone.now()
        message.last_error = ""
        message.save(update_fields=["attempts", "status", "sent_at", "last_error"])
        return True


def deliver_pending(limit: int = 500) -> dict[str, int]:
    pending = (
        Notification.objects.filter(
            status__in=[Notification.Status.QUEUED, Notification.Status.FAILED], attempts__lt=MAX_ATTEMPTS
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    sent = failed = 0
    for pk in list(pending):
        if deliver(pk):
            sent += 1
        else:
            failed += 1
    return {"sent": sent, "failed": failed}
