"""The six phases of a campaign, from its dates: proposals → technical review → discussion → voting →
results → implementation (004:105: announced, discussed, residents vote, the winners are funded).

Each date of a :class:`~auyl.initiatives.models.Campaign` is the last day of its phase, in the local
time of the deployment (``TIME_ZONE``); the next phase starts the day after. Nothing is stored about
the current phase: it is always computed from today's date, so voting closes at midnight by itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Phase(models.TextChoices):
    ANNOUNCED = "announced", gettext_lazy("Announced")
    PROPOSALS = "proposals", gettext_lazy("Proposals")
    REVIEW = "review", gettext_lazy("Technical review")
    DISCUSSION = "discussion", gettext_lazy("Discussion")
    VOTING = "voting", gettext_lazy("Voting")
    RESULTS = "results", gettext_lazy("Results")
    IMPLEMENTATION = "implementation", gettext_lazy("Implementation")


ORDER = list(Phase)
DATE_FIELDS = ("proposals_until", "review_until", "discussion_until", "voting_until", "results_until")


def today() -> dt.date:
    return timezone.localdate()


def phase_on(campaign, day: dt.date | None = None) -> Phase:
    day = day or today()
    if day < campaign.proposals_from:
        return Phase.ANNOUNCED
    for phase, field in zip(ORDER[1:-1], DATE_FIELDS, strict=True):
        if day <= getattr(campaign, field):
            return phase
    return Phase.IMPLEMENTATION


def voting_opens(campaign) -> dt.date:
    return campaign.discussion_until + dt.timedelta(days=1)


@dataclass(frozen=True)
class Span:
    phase: Phase
    start: dt.date
    end: dt.date | None  # None: open-ended (implementation)
    state: str  # "done", "current", "next"


def timeline(campaign, day: dt.date | None = None) -> list[Span]:
    """The phases with their first and last days, marked done / current / next, for the public page."""
    day = day or today()
    current = ORDER.index(phase_on(campaign, day))
    starts = [campaign.proposals_from] + [getattr(campaign, f) + dt.timedelta(days=1) for f in DATE_FIELDS]
    ends: list[dt.date | None] = [getattr(campaign, f) for f in DATE_FIELDS] + [None]
    spans = []
    for index, phase in enumerate(ORDER[1:], start=1):
        state = "done" if index < current else ("current" if index == current else "next")
        spans.append(Span(phase, starts[index - 1], ends[index - 1], state))
    return spans


def _date(day: dt.date) -> str:
    return date_format(day, "d.m.Y")


def require_proposals_open(campaign, day: dt.date | None = None) -> None:
    phase = phase_on(campaign, day)
    if phase == Phase.ANNOUNCED:
        raise ValidationError(
            _("Proposals are accepted from %(date)s.") % {"date": _date(campaign.proposals_from)},
            code="phase",
        )
    if phase != Phase.PROPOSALS:
        raise ValidationError(
            _("Proposals were accepted until %(date)s; this phase is closed.")
            % {"date": _date(campaign.proposals_until)},
            code="phase",
        )


def require_review_open(campaign, day: dt.date | None = None) -> None:
    if phase_on(campaign, day) not in (Phase.PROPOSALS, Phase.REVIEW):
        raise ValidationError(
            _("The technical review ended on %(date)s: decisions can no longer change.")
            % {"date": _date(campaign.review_until)},
            code="phase",
        )


def require_voting_open(campaign, day: dt.date | None = None) -> None:
    phase = phase_on(campaign, day)
    if ORDER.index(phase) < ORDER.index(Phase.VOTING):
        raise ValidationError(
            _("Voting opens on %(date)s.") % {"date": _date(voting_opens(campaign))}, code="phase"
        )
    if phase != Phase.VOTING:
        raise ValidationError(
            _("Voting closed on %(date)s: ballots are no longer accepted.")
            % {"date": _date(campaign.voting_until)},
            code="phase",
        )


def require_voting_closed(campaign, day: dt.date | None = None) -> None:
    if ORDER.index(phase_on(campaign, day)) <= ORDER.index(Phase.VOTING):
        raise ValidationError(
            _("The results are counted after voting closes on %(date)s.")
            % {"date": _date(campaign.voting_until)},
            code="phase",
        )


def check_dates(dates: dict) -> None:
    """Every phase lasts at least a day and follows the one before (proposals may last one day)."""
    names = ("proposals_from", *DATE_FIELDS)
    missing = [name for name in names if not isinstance(dates.get(name), dt.date)]
    if missing:
        raise ValidationError({name: [_("Give the date.")] for name in missing})
    if dates["proposals_until"] < dates["proposals_from"]:
        raise ValidationError({"proposals_until": [_("Proposals cannot end before they start.")]})
    for before, after in zip(DATE_FIELDS, DATE_FIELDS[1:], strict=False):
        if dates[after] <= dates[before]:
            raise ValidationError({after: [_("Each phase must end after the one before it.")]})
