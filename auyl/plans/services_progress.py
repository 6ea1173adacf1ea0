"""Recording progress: a measured value of an indicator on a day, with a note.

The history is append-only (a wrong figure is corrected by a newer entry for the same day). Each entry
is audited as ``plans.progress_recorded`` with the status before and after, so the log shows an
indicator turning late or done. :func:`record_progress_many` saves a whole table typed from the
keyboard at once, or nothing when one line is wrong.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.core import audit
from auyl.core.permissions import require_perm
from auyl.core.rules import get_rule

from . import validation as check
from .models import Indicator, ProgressUpdate
from .status import assess

PROGRESS = "plans.progress"
MAX_NOTE = 2_000


@dataclass(frozen=True)
class Entry:
    indicator: Indicator
    value: object
    measured_on: object
    note: str = ""


def _status(indicator: Indicator, day: dt.date) -> str:
    history = list(indicator.updates.order_by("pk").values_list("measured_on", "value"))
    return assess(
        baseline=indicator.baseline,
        target=indicator.target,
        starts_on=indicator.starts_on,
        deadline=indicator.deadline,
        history=history,
        day=day,
        gap_points=int(get_rule(indicator.plan.territory, "plans.at_risk_gap")),
    ).status


def _checked(indicator: Indicator, value, measured_on, note) -> tuple:
    value = check.number(value, "value", places=4, limit=check.MAX_VALUE)
    measured_on = check.date(measured_on, "measured_on", required=_("Give the date of the measurement."))
    if measured_on > timezone.localdate():
        raise ValidationError({"measured_on": [_("A progress date cannot be in the future.")]})
    if measured_on < indicator.starts_on:
        raise ValidationError(
            {
                "measured_on": [
                    _("This date is before the indicator's start (%(date)s).")
                    % {"date": f"{indicator.starts_on:%d.%m.%Y}"}
                ]
            }
        )
    note = check.text(note, "note", MAX_NOTE)
    same_day = indicator.updates.filter(measured_on=measured_on).order_by("-pk").first()
    if same_day is not None and same_day.value == value and same_day.note == note:
        raise ValidationError({"value": [_("This value is already recorded for this date.")]})
    return value, measured_on, note


def _write(actor, indicator: Indicator, value, measured_on, note) -> ProgressUpdate:
    today = timezone.localdate()
    status_before = _status(indicator, today)
    update = ProgressUpdate.objects.create(
        indicator=indicator,
        value=value,
        measured_on=measured_on,
        note=note,
        recorded_at=timezone.now(),
        recorded_by=actor,
    )
    latest = indicator.updates.order_by("-measured_on", "-pk").first()
    indicator.latest_value, indicator.latest_on = latest.value, latest.measured_on
    indicator.save(update_fields=["latest_value", "latest_on", "updated_at"])
    audit.record(
        actor=actor,
        action="plans.progress_recorded",
        obj=indicator,
        territory=indicator.plan.territory,
        changes={
            "update_id": update.pk,
            "value": str(value),
            "measured_on": measured_on.isoformat(),
            "note": note,
            "status": [status_before, _status(indicator, today)],
        },
    )
    return update


@transaction.atomic
def record_progress(
    *, actor, indicator: Indicator, value, measured_on: dt.date, note: str = ""
) -> ProgressUpdate:
    """Record ``value`` of ``indicator`` measured on ``measured_on`` (not in the future, not before the
    indicator's start); the same value for the same day twice is refused as a form sent twice."""
    indicator = Indicator.objects.select_for_update().select_related("plan__territory").get(pk=indicator.pk)
    require_perm(actor, PROGRESS, indicator.plan.territory)
    value, measured_on, note = _checked(indicator, value, measured_on, note)
    return _write(actor, indicator, value, measured_on, note)


@transaction.atomic
def record_progress_many(*, actor, entries: list[Entry]) -> list[ProgressUpdate]:
    """Record several entries at once: all of them, or — when any is wrong — none. The errors name the
    line: ``{"<indicator pk>": [messages]}``."""
    checked, errors = [], {}
    for entry in entries:
        indicator = (
            Indicator.objects.select_for_update().select_related("plan__territory").get(pk=entry.indicator.pk)
        )
        require_perm(actor, PROGRESS, indicator.plan.territory)
        try:
            checked.append((indicator, *_checked(indicator, entry.value, entry.measured_on, entry.note)))
        except ValidationError as exc:
            errors[str(indicator.pk)] = exc.messages
    if errors:
        raise ValidationError(errors)
    if not checked:
        raise ValidationError(_("Type at least one value."))
    return [_write(actor, indicator, value, day, note) for indicator, value, day, note in checked]
