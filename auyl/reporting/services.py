"""Write use cases of reporting meetings: one function per action, each atomic, permission-checked
(``reporting.manage`` on the akim's unit) and audited.

A meeting is planned (a future date), then held (its figures recorded: participants offline and per
broadcast channel, speakers, media coverage, officials present) or cancelled with a reason. A meeting
that already took place is entered after the fact with ``already_held=True`` and then held. Questions
and promises live in :mod:`.services_questions` and are importable from here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from auyl.core import audit
from auyl.core.permissions import require_perm
from auyl.core.rules import get_rule
from auyl.territory.models import Territory

from .levels import default_level, levels_for
from .models import CONTEXT, Broadcast, BroadcastChannel, ReportingMeeting, Status
from .selectors import published_akim_name
from .services_questions import add_promise, add_question, mark_promise_done

__all__ = [
    "add_promise",
    "add_question",
    "cancel_meeting",
    "hold_meeting",
    "mark_promise_done",
    "plan_meeting",
    "reschedule_meeting",
]

ACTION = "reporting.manage"
EARLIEST_YEAR = 2000
MAX_COUNT = 10_000_000  # more than anyone watches a rural meeting: a typo, not a figure
MAX_BROADCASTS = 100
MAX_VENUE = 300
MAX_TITLE = 200
MAX_NAME = 200
MAX_REASON = 500
MAX_SUMMARY = 20_000
FIGURES = (
    "offline_participants",
    "speakers",
    "media_national",
    "media_local",
    "media_social",
    "officials_government",
    "officials_parliament",
    "officials_central",
    "officials_local",
)
MEETING_FIELDS = [
    "status",
    "starts_at",
    "venue",
    "title",
    "akim_name",
    "akim_level",
    "planned_channels",
    "cancel_reason",
    *FIGURES,
    "summary",
]


def _text(value, field: str, limit: int, *, required_message: str = "") -> str:
    text = value.strip() if isinstance(value, str) else ""
    if required_message and not text:
        raise ValidationError({field: [required_message]})
    if len(text) > limit:
        raise ValidationError({field: [_("This is too long (at most %(n)s characters).") % {"n": limit}]})
    return text


def _aware(value) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    raise ValidationError({"starts_at": [pgettext(CONTEXT, "Give the date and time of the meeting.")]})


def _check_when(territory, starts_at: dt.datetime, *, already_held: bool) -> None:
    """A plan is for today or later (within the horizon); a meeting entered as held is not in the future."""
    day, today = timezone.localtime(starts_at).date(), timezone.localdate()
    if day.year < EARLIEST_YEAR:
        raise ValidationError({"starts_at": [_("Check the year of the meeting.")]})
    if already_held:
        if starts_at > timezone.now():
            raise ValidationError(
                {"starts_at": [_("A meeting that has already taken place cannot be in the future.")]}
            )
        return
    if day < today:
        raise ValidationError(
            {
                "starts_at": [
                    _("This date has passed. If the meeting has already taken place, enter it as held.")
                ]
            }
        )
    horizon = get_rule(territory, "reporting.plan_horizon_days")
    if day > today + dt.timedelta(days=horizon):
        raise ValidationError(
            {"starts_at": [_("A meeting can be planned at most %(n)s days ahead.") % {"n": horizon}]}
        )


def _channels(channels: Iterable[str] | None) -> list[str]:
    chosen = list(dict.fromkeys(channels or []))
    if any(c not in BroadcastChannel.values for c in chosen):
        raise ValidationError({"channels": [_("Unknown broadcast channel.")]})
    return [c for c in BroadcastChannel.values if c in chosen]  # in the form's order


def _place(akim_unit, territory) -> Territory:
    """The unit the meeting is held in: the akim's own unit or one below it."""
    if not isinstance(akim_unit, Territory) or not akim_unit.is_active or not levels_for(akim_unit):
        raise ValidationError({"akim_unit": [_("Choose the unit whose akim holds the meeting.")]})
    territory = territory or akim_unit
    if (
        not isinstance(territory, Territory)
        or not territory.is_active
        or not territory.path.startswith(akim_unit.path)
    ):
        raise ValidationError(
            {"territory": [_("The meeting must be held within the territory of this akim.")]}
        )
    return territory


def _akim(akim_unit, akim_name: str, akim_level: str) -> tuple[str, str]:
    level = akim_level or default_level(akim_unit)
    if level not in levels_for(akim_unit):
        raise ValidationError({"akim_level": [_("This akim level does not fit the chosen unit.")]})
    name = _text(akim_name, "akim_name", MAX_NAME)
    if not name:
        name = published_akim_name(akim_unit)
    if not name:
        raise ValidationError({"akim_name": [_("Give the akim's name.")]})
    return name, level


def _refuse_duplicate(akim_unit, territory, starts_at, exclude_pk=None) -> None:
    same = ReportingMeeting.objects.filter(
        akim_unit=akim_unit, territory=territory, starts_at=starts_at
    ).exclude(status=Status.CANCELLED)
    if exclude_pk:
        same = same.exclude(pk=exclude_pk)
    if same.exists():
        raise ValidationError({"starts_at": [_("This akim already has a meeting there at this time.")]})


@transaction.atomic
def plan_meeting(
    *,
    actor,
    akim_unit: Territory,
    starts_at: dt.datetime,
    venue: str,
    territory: Territory | None = None,
    akim_name: str = "",
    akim_level: str = "",
    title: str = "",
    channels: Iterable[str] | None = None,
    already_held: bool = False,
) -> ReportingMeeting:
    """Plan a meeting of the akim of ``akim_unit`` in ``territory`` (default: the akim's own unit).

    ``already_held`` enters a meeting that took place before it was planned here (its date must not be
    in the future); it is then held with :func:`hold_meeting`. The akim's name defaults to the office's.
    """
    if not isinstance(akim_unit, Territory):
        raise ValidationError({"akim_unit": [_("Choose the unit whose akim holds the meeting.")]})
    require_perm(actor, ACTION, akim_unit)  # before anything about the place is said
    territory = _place(akim_unit, territory)
    starts_at = _aware(starts_at)
    _check_when(territory, starts_at, already_held=already_held)
    name, level = _akim(akim_unit, akim_name, akim_level)
    venue = _text(
        venue, "venue", MAX_VENUE, required_message=pgettext(CONTEXT, "Give the venue of the meeting.")
    )
    title = _text(title, "title", MAX_TITLE)
    _refuse_duplicate(akim_unit, territory, starts_at)
    meeting = ReportingMeeting.objects.create(
        territory=territory,
        territory_path=territory.path,
        akim_unit=akim_unit,
        akim_level=level,
        akim_name=name,
        title=title,
        starts_at=starts_at,
        venue=venue,
        planned_channels=_channels(channels),
        planned_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(
        actor=actor,
        action="reporting.planned",
        obj=meeting,
        territory=territory,
        changes=audit.snapshot(meeting, MEETING_FIELDS) | {"already_held": already_held},
    )
    return meeting


def _locked(meeting: ReportingMeeting) -> ReportingMeeting:
    return (
        ReportingMeeting.objects.select_for_update()
        .select_related("territory", "akim_unit")
        .get(pk=meeting.pk)
    )


@transaction.atomic
def reschedule_meeting(
    *,
    actor,
    meeting: ReportingMeeting,
    starts_at: dt.datetime,
    venue: str,
    title: str = "",
    channels: Iterable[str] | None = None,
) -> ReportingMeeting:
    """Move a planned meeting, or change its venue, title or planned broadcast channels."""
    meeting = _locked(meeting)
    require_perm(actor, ACTION, meeting.akim_unit)
    if meeting.status != Status.PLANNED:
        raise ValidationError(_("Only a planned meeting can be changed."))
    starts_at = _aware(starts_at)
    if starts_at != meeting.starts_at:
        _check_when(meeting.territory, starts_at, already_held=False)
    before = audit.snapshot(meeting, MEETING_FIELDS)
    meeting.starts_at = starts_at
    meeting.venue = _text(
        venue, "venue", MAX_VENUE, required_message=pgettext(CONTEXT, "Give the venue of the meeting.")
    )
    meeting.title = _text(title, "title", MAX_TITLE)
    meeting.planned_channels = _channels(channels)
    _refuse_duplicate(meeting.akim_unit, meeting.territory, starts_at, exclude_pk=meeting.pk)
    meeting.save()
    audit.record(
        actor=actor,
        action="reporting.rescheduled",
        obj=meeting,
        territory=meeting.territory,
        changes=audit.diff(before, audit.snapshot(meeting, MEETING_FIELDS)),
    )
    return meeting


@transaction.atomic
def cancel_meeting(*, actor, meeting: ReportingMeeting, reason: str) -> ReportingMeeting:
    """Cancel a planned meeting, saying why (it stays counted as planned in the report)."""
    meeting = _locked(meeting)
    require_perm(actor, ACTION, meeting.akim_unit)
    if meeting.status == Status.HELD:
        raise ValidationError(_("This meeting has been held and can no longer be cancelled."))
    if meeting.status == Status.CANCELLED:
        return meeting
    reason = _text(reason, "reason", MAX_REASON, required_message=_("Say why the meeting is cancelled."))
    meeting.status, meeting.cancel_reason = Status.CANCELLED, reason
    meeting.save(update_fields=["status", "cancel_reason", "updated_at"])
    audit.record(
        actor=actor,
        action="reporting.cancelled",
        obj=meeting,
        territory=meeting.territory,
        changes={"status": [Status.PLANNED, Status.CANCELLED], "reason": reason},
    )
    return meeting


def _count(value, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError({field: [_("Enter a whole number, zero or more.")]})
    if value > MAX_COUNT:
        raise ValidationError({field: [_("This number is too large: check it.")]})
    return value


def _broadcast_rows(broadcasts: Mapping[str, Mapping[str, int]] | None) -> list[tuple[str, int, int]]:
    """``{channel: {"broadcasts": n, "participants": m}}`` as rows; channels with nothing are left out."""
    rows = []
    for channel, figures in (broadcasts or {}).items():
        if channel not in BroadcastChannel.values or not isinstance(figures, Mapping):
            raise ValidationError({"broadcasts": [_("Unknown broadcast channel.")]})
        count = _count(figures.get("broadcasts", 0), f"{channel}_broadcasts")
        watched = _count(figures.get("participants", 0), f"{channel}_participants")
        if count > MAX_BROADCASTS:
            raise ValidationError({f"{channel}_broadcasts": [_("This number is too large: check it.")]})
        if watched and not count:
            raise ValidationError(
                {
                    f"{channel}_broadcasts": [
                        _("Participants are given for %(channel)s: give the number of broadcasts too.")
                        % {"channel": BroadcastChannel(channel).label}
                    ]
                }
            )
        if count:
            rows.append((channel, count, watched))
    return rows


def _held_values(offline_participants, figures: dict) -> dict[str, int]:
    unknown = set(figures) - set(FIGURES)
    if unknown:  # a programming error, not a user's: no translated message
        raise TypeError(f"unknown figures: {sorted(unknown)}")
    values = {name: _count(figures.get(name, 0), name) for name in FIGURES if name != "offline_participants"}
    values["offline_participants"] = _count(offline_participants, "offline_participants")
    return values


def _check_held_figures(figures: dict[str, int], rows: list[tuple[str, int, int]]) -> None:
    participants = figures["offline_participants"] + sum(watched for _c, _n, watched in rows)
    if figures["speakers"] > participants:
        raise ValidationError(
            {
                "speakers": [
                    _("More residents spoke (%(speakers)s) than took part (%(n)s).")
                    % {"speakers": figures["speakers"], "n": participants}
                ]
            }
        )


@transaction.atomic
def hold_meeting(
    *,
    actor,
    meeting: ReportingMeeting,
    offline_participants: int,
    broadcasts: Mapping[str, Mapping[str, int]] | None = None,
    summary: str = "",
    **figures,
) -> ReportingMeeting:
    """Record that the meeting took place, with its figures; on a held meeting, correct them.

    ``figures``: ``speakers``, ``media_national``, ``media_local``, ``media_social``,
    ``officials_government``, ``officials_parliament``, ``officials_central``, ``officials_local``
    (each a whole number, default 0). ``broadcasts`` maps a channel to its number of broadcasts and of
    participants online; a channel with participants needs at least one broadcast.
    """
    meeting = _locked(meeting)
    require_perm(actor, ACTION, meeting.akim_unit)
    if meeting.status == Status.CANCELLED:
        raise ValidationError(_("This meeting was cancelled."))
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("The meeting has not taken place yet."))
    values = _held_values(offline_participants, figures)
    rows = _broadcast_rows(broadcasts)
    _check_held_figures(values, rows)
    before = audit.snapshot(meeting, MEETING_FIELDS) | {"broadcasts": _broadcasts_of(meeting)}
    was_held = meeting.status == Status.HELD
    for name, value in values.items():
        setattr(meeting, name, value)
    meeting.summary = _text(summary, "summary", MAX_SUMMARY)
    meeting.status = Status.HELD
    meeting.held_recorded_at = timezone.now()
    meeting.held_recorded_by = actor if getattr(actor, "is_authenticated", False) else None
    meeting.save()
    meeting.broadcasts.all().delete()
    Broadcast.objects.bulk_create(
        [Broadcast(meeting=meeting, channel=c, broadcasts=n, participants=p) for c, n, p in rows]
    )
    after = audit.snapshot(meeting, MEETING_FIELDS) | {"broadcasts": _broadcasts_of(meeting)}
    audit.record(
        actor=actor,
        action="reporting.corrected" if was_held else "reporting.held",
        obj=meeting,
        territory=meeting.territory,
        changes=audit.diff(before, after),
    )
    return meeting


def _broadcasts_of(meeting: ReportingMeeting) -> dict[str, list[int]]:
    return {b.channel: [b.broadcasts, b.participants] for b in Broadcast.objects.filter(meeting=meeting)}
