"""Small validations shared by the jury services."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Jury


def text(value, field: str, limit: int, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: [_("This field is required.")]})
    if len(value) > limit:
        raise ValidationError({field: [_("At most %(limit)s characters.") % {"limit": limit}]})
    return value


def locked(jury: Jury) -> Jury:
    """The jury re-read under a row lock (concurrent draws and responses are serialised)."""
    return Jury.objects.select_for_update().select_related("territory").get(pk=jury.pk)
