"""Small shared pieces of the assemblies services: permission checks, locking, clean text, messages."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from auyl.core import notifications
from auyl.core.permissions import require_perm
from auyl.territory.models import PRIMARY_LEVELS, Level, Territory

from .models import Meeting

MAX_TITLE = 300
MAX_TEXT = 10_000
MAX_NAME = 300


def refuse(message: str) -> ValidationError:
    """An error about the state of things rather than one field (shown above a form)."""
    return ValidationError({NON_FIELD_ERRORS: [message]})


def text(value, field: str, *, required: str = "", max_length: int = MAX_TITLE) -> str:
    """A stripped text of bounded length; ``required`` is the message when it must not be empty."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError({field: [_("Enter text.")]})
    value = value.strip()
    if required and not value:
        raise ValidationError({field: [required]})
    if len(value) > max_length:
        raise ValidationError(
            {field: [_("The text is too long (at most %(n)s characters).") % {"n": max_length}]}
        )
    return value


def user_or_none(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def lock(meeting: Meeting) -> Meeting:
    """Reload ``meeting`` with its row locked until the transaction ends (two clicks never interleave)."""
    return Meeting.objects.select_for_update(of=("self",)).select_related("territory").get(pk=meeting.pk)


def require(actor, action: str, meeting: Meeting) -> None:
    require_perm(actor, action, meeting.territory)


def primary_unit(territory: Territory) -> Territory | None:
    """The rural district (or town) ``territory`` belongs to (itself when it is one)."""
    if territory.level in PRIMARY_LEVELS:
        return territory
    codes = territory.ancestor_codes()
    return Territory.objects.filter(code__in=codes, level__in=PRIMARY_LEVELS).order_by("-depth").first()


def district_of(territory: Territory) -> Territory | None:
    """The district (or city) above a rural district: where the district akim sits."""
    codes = territory.ancestor_codes()
    return (
        Territory.objects.filter(code__in=codes, level__in=[Level.DISTRICT, Level.CITY])
        .order_by("-depth")
        .first()
    )


def local_date(moment):
    return timezone.localdate(moment)


def notify_person(person, body: str, *, dedupe_key: str, obj, territory, subject: str = "") -> bool:
    """SMS to a resident's or user's phone, else e-mail; False when they have neither."""
    phone, email = getattr(person, "phone", "") or "", getattr(person, "email", "") or ""
    if phone:
        return (
            notifications.queue(
                channel="sms", recipient=phone, body=body, obj=obj, territory=territory, dedupe_key=dedupe_key
            )
            is not None
        )
    if email:
        return (
            notifications.queue(
                channel="email",
                recipient=email,
                body=body,
                subject=subject or body[:100],
                obj=obj,
                territory=territory,
                dedupe_key=dedupe_key,
            )
            is not None
        )
    return False


def notify_user(user, body, *, dedupe_key: str, obj, territory, subject="") -> bool:
    """A message to a staff member in their language (``body``/``subject`` may be callables)."""
    with translation.override(getattr(user, "preferred_language", None) or translation.get_language()):
        message = body() if callable(body) else body
        title = subject() if callable(subject) else subject
    if user.email:  # staff read e-mail first, as for appeals
        return (
            notifications.queue(
                channel="email",
                recipient=user.email,
                body=message,
                subject=title or message[:100],
                obj=obj,
                territory=territory,
                dedupe_key=dedupe_key,
            )
            is not None
        )
    return notify_person(user, message, dedupe_key=dedupe_key, obj=obj, territory=territory, subject=title)
