"""Small shared pieces of the assemblies services: permission checks, locking, clean text, territories."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

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
