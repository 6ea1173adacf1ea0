"""Casting ballots — online by a signed-in resident, or entered by staff at a polling point — and keeping
them secret from staff.

Design
------
* **The turnout roll** (:class:`~.models.Turnout`): one row per voter and campaign — who, when, online or at
  which polling point, entered by whom. A unique constraint on (campaign, resident) is what makes "one
  ballot per person" true under any concurrency: the row is inserted with ``INSERT … ON CONFLICT DO
  NOTHING``, so of two simultaneous requests for one person exactly one inserts it.
* **The ballots** (:class:`~.models.Ballot`): the choices, keyed by a random 128-bit token. The row holds
  no resident, no user, no time and no sequence number; the app reads ballots only as a whole (to count
  them), never one by one next to a name.
* **The link**, needed only so that a voter can change their own ballot: ``HMAC-SHA256(key, campaign,
  resident)`` with a server key (``settings.BALLOT_LINK_KEY``, or one derived from ``SECRET_KEY`` with its
  own label). The app computes it for the signed-in voter and finds their ballot with it; no page, export
  or API shows it. A campaign that does not allow changes stores no link at all.
* Roll and ballot are written in one transaction, so they always count the same; both writes are in the
  audit log as "voted"/"changed" events without the choices.

Limits (what this does not protect against)
-------------------------------------------
* Whoever holds both the server key and read access to the database can compute every voter's link and
  read their ballot while changes are allowed. Without the key the link is a meaningless hash.
* The physical order of rows, the write-ahead log, statement logs or backups taken during the vote can
  correlate the time a turnout row and a ballot row were written; that is a database administrator's
  access, not a staff page's. Shuffling ballots in batches would close it and is not done.
* Staff at a polling point see the choices they type in (or that the voter marks on their device).
* Results are public counts: with very few voters they reveal how those voters voted.
* A voter signed in on a shared phone shows their ballot to whoever holds that phone.

The casting path is lean on purpose (it is measured by ``bench/pb_ballots.py``): the accepted projects
are kept in memory per campaign version, eligibility and uniqueness are one ``INSERT … SELECT``, and the
ballot is one more ``INSERT``; the slower checks that explain a refusal run only when it is refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from auyl.core import audit
from auyl.core.permissions import require_perm
from auyl.territory.models import Resident

from . import phases
from .models import Ballot, BallotType, Campaign, Channel, Proposal, ProposalStatus, Turnout

MAX_POLLING_POINT = 200
_ACCEPTED: dict[int, tuple[tuple, dict[int, int]]] = {}


@lru_cache(maxsize=4)
def _link_key(configured: str, secret: str) -> bytes:
    return (
        configured.encode() if configured else hashlib.sha256(f"auyl:ballot-link:{secret}".encode()).digest()
    )


def ballot_link(campaign_id: int, resident_id: int) -> str:
    """The keyed hash that lets a voter find their own ballot (and nobody without the server key)."""
    key = _link_key(getattr(settings, "BALLOT_LINK_KEY", ""), settings.SECRET_KEY)
    return hmac.new(key, f"{campaign_id}:{resident_id}".encode(), hashlib.sha256).hexdigest()


def accepted_costs(campaign: Campaign) -> dict[int, int]:
    """``{proposal pk: reviewed cost}`` of the projects on the ballot, kept in memory until the campaign's
    version changes (a review bumps it; during voting nothing may change them)."""
    key = (campaign.version, campaign.created_at)
    cached = _ACCEPTED.get(campaign.pk)
    if cached is not None and cached[0] == key:
        return cached[1]
    costs = dict(
        Proposal.objects.filter(campaign_id=campaign.pk, status=ProposalStatus.ACCEPTED).values_list(
            "pk", "reviewed_cost"
        )
    )
    _ACCEPTED[campaign.pk] = (key, costs)
    return costs


def _tenge(amount: int) -> str:
    return f"{amount:,}".replace(",", "\u00a0")


def clean_choices(campaign: Campaign, choices) -> list[int]:
    """The chosen proposals as sorted primary keys, or a ValidationError a voter understands."""
    costs = accepted_costs(campaign)
    chosen: set[int] = set()
    for value in choices or ():
        try:
            pk = int(value)
        except (TypeError, ValueError):
            pk = None
        if pk not in costs:
            raise ValidationError({"choices": [_("One of the chosen projects is not on this ballot.")]})
        chosen.add(pk)
    if not chosen:
        raise ValidationError({"choices": [_("Choose at least one project.")]})
    if campaign.ballot_type == BallotType.APPROVAL and len(chosen) > (campaign.max_choices or 0):
        raise ValidationError(
            {"choices": [_("Choose at most %(n)s projects.") % {"n": campaign.max_choices}]}
        )
    if campaign.ballot_type == BallotType.KNAPSACK:
        total = sum(costs[pk] for pk in chosen)
        if total > campaign.amount:
            raise ValidationError(
                {
                    "choices": [
                        _(
                            "The chosen projects cost %(total)s tenge together, more than the %(amount)s tenge available: "
                            "leave some out."
                        )
                        % {"total": _tenge(total), "amount": _tenge(campaign.amount)}
                    ]
                }
            )
    return sorted(chosen)


def age_cutoff(day: dt.date, years: int) -> dt.date:
    """The latest birth date of a person who is ``years`` old on ``day`` (29 February counts as 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def eligibility_error(
    campaign: Campaign, resident: Resident | None, *, for_staff: bool = False
) -> str | None:
    """Why ``resident`` may not vote in ``campaign`` (registered in its territory, of age), or None."""
    if resident is None or not resident.is_active or resident.merged_into_id is not None:
        return (
            _("This resident's registry record is not active.")
            if for_staff
            else _("Your record in the residents registry is not active: please contact the akim's office.")
        )
    if not resident.territory_path.startswith(campaign.territory_path):
        place = campaign.territory.name
        return (
            _("This resident is not registered in %(place)s.") % {"place": place}
            if for_staff
            else _("This vote is for residents registered in %(place)s.") % {"place": place}
        )
    if resident.birth_date is None:
        return (
            _("This resident's date of birth is missing from the registry: add it first.")
            if for_staff
            else _(
                "Your date of birth is missing from the residents registry: ask the akim's office to add it."
            )
        )
    if resident.birth_date > age_cutoff(phases.today(), campaign.min_age):
        return (
            _("This resident is younger than %(age)s: voting is open from that age.")
            if for_staff
            else _("Voting is open to residents aged %(age)s and over.")
        ) % {"age": campaign.min_age}
    return None


def already_voted(turnout: Turnout, *, for_staff: bool) -> str:
    """When and where the person voted — never what for."""
    local = timezone.localtime(turnout.voted_at)
    when = {"date": date_format(local.date(), "d.m.Y"), "time": local.strftime("%H:%M")}
    if turnout.channel == Channel.POLLING_POINT:
        where = _("at the polling point «%(point)s»") % {"point": turnout.polling_point}
    else:
        where = _("online")
    if for_staff:
        return _(
            "This resident already voted on %(date)s at %(time)s, %(where)s. A second ballot is not accepted."
        ) % (when | {"where": where})
    return _(
        "You already voted on %(date)s at %(time)s, %(where)s; in this campaign a ballot cannot be changed."
    ) % (when | {"where": where})


def _insert_turnout(
    campaign: Campaign,
    resident_id: int,
    *,
    channel: str,
    polling_point: str = "",
    recorded_by_id: int | None = None,
    now: dt.datetime,
) -> int | None:
    """Put the resident on the roll if they are eligible and not on it yet, in one statement; the new
    row's id, or None (already voted, or not eligible: the caller finds out which)."""
    ops = connection.ops
    turnout, resident = Turnout._meta.db_table, Resident._meta.db_table
    sql = (
        f"INSERT INTO {ops.quote_name(turnout)} (campaign_id, resident_id, channel, polling_point, "
        "recorded_by_id, voted_at, change_count) "
        "SELECT %s, r.id, %s, %s, %s, %s, 0 "
        f"FROM {ops.quote_name(resident)} r WHERE r.id = %s AND r.is_active = %s AND r.merged_into_id IS NULL "
        "AND r.territory_path LIKE %s AND r.birth_date <= %s "
        "ON CONFLICT (campaign_id, resident_id) DO NOTHING RETURNING id"
    )
    cutoff = age_cutoff(timezone.localdate(now), campaign.min_age)
    params = [
        campaign.pk,
        channel,
        polling_point,
        recorded_by_id,
        ops.adapt_datetimefield_value(now),
        resident_id,
        True,
        campaign.territory_path + "%",
        ops.adapt_datefield_value(cutoff),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return row[0] if row else None


def _store_ballot(campaign: Campaign, resident_id: int, chosen: list[int]) -> None:
    link = ballot_link(campaign.pk, resident_id) if campaign.allow_ballot_changes else None
    Ballot.objects.create(token=secrets.token_hex(16), campaign_id=campaign.pk, link=link, choices=chosen)


@dataclass(frozen=True)
class _Place:
    """What the audit log keeps of a territory (its code and path), read from the campaign's path alone:
    the casting path never loads the territory row."""

    code: str
    path: str


def _record(actor, action: str, campaign: Campaign, turnout_id: int, channel: str) -> None:
    place = _Place(campaign.territory_path.rstrip("/").rsplit("/", 1)[-1], campaign.territory_path)
    audit.record(
        actor=actor,
        action=action,
        object_type="initiatives.turnout",
        object_id=str(turnout_id),
        object_label=f"{campaign.pk}: {campaign.title}"[:300],
        territory=place,
        changes={"campaign": campaign.pk, "channel": channel},
    )


def _open(campaign: Campaign) -> None:
    if campaign.published_at is None:
        raise ValidationError(_("This campaign is not announced yet."))
    phases.require_voting_open(campaign)


@dataclass(frozen=True)
class Vote:
    turnout_id: int
    changed: bool


def cast_ballot(*, actor, campaign: Campaign, choices) -> Vote:
    """A signed-in resident votes, or changes their ballot while voting is open and the campaign allows it."""
    resident_id = getattr(actor, "resident_id", None) if getattr(actor, "is_authenticated", False) else None
    if resident_id is None:
        raise PermissionDenied(_("Sign in with your phone number to vote."))
    _open(campaign)
    chosen = clean_choices(campaign, choices)
    now = timezone.now()
    with transaction.atomic():
        turnout_id = _insert_turnout(campaign, resident_id, channel=Channel.ONLINE, now=now)
        if turnout_id is not None:
            _store_ballot(campaign, resident_id, chosen)
            _record(actor, "initiatives.ballot_cast", campaign, turnout_id, Channel.ONLINE)
            return Vote(turnout_id, changed=False)
    return _change(actor, campaign, resident_id, chosen, now)


@transaction.atomic
def _change(actor, campaign: Campaign, resident_id: int, chosen: list[int], now: dt.datetime) -> Vote:
    """The slow path: the voter is on the roll already (change the ballot, or say when they voted), or may
    not vote here (say why)."""
    turnout = (
        Turnout.objects.select_for_update().filter(campaign_id=campaign.pk, resident_id=resident_id).first()
    )
    if turnout is None:
        resident = Resident.objects.filter(pk=resident_id).first()
        raise ValidationError(eligibility_error(campaign, resident) or _("You cannot vote in this campaign."))
    if not campaign.allow_ballot_changes:
        raise ValidationError(already_voted(turnout, for_staff=False))
    link = ballot_link(campaign.pk, resident_id)
    if Ballot.objects.filter(campaign_id=campaign.pk, link=link).update(choices=chosen) != 1:
        raise ValidationError(_("Your ballot was entered without the means to change it and stays as it is."))
    turnout.changed_at, turnout.change_count = now, turnout.change_count + 1
    turnout.save(update_fields=["changed_at", "change_count"])
    _record(actor, "initiatives.ballot_changed", campaign, turnout.pk, turnout.channel)
    return Vote(turnout.pk, changed=True)


def record_polling_ballot(
    *, actor, campaign: Campaign, resident: Resident, choices, polling_point: str
) -> Turnout:
    """Staff at a polling point enter the paper ballot of a resident they identified. A resident already on
    the roll is refused with when and where they voted (double-entry protection); nobody enters their own."""
    require_perm(actor, "initiative.enter", campaign.territory)
    _open(campaign)
    polling_point = (polling_point or "").strip()
    if not polling_point or len(polling_point) > MAX_POLLING_POINT:
        raise ValidationError(
            {
                "polling_point": [
                    _("Name the polling point (at most %(n)s characters).") % {"n": MAX_POLLING_POINT}
                ]
            }
        )
    if not isinstance(resident, Resident):
        raise ValidationError({"resident": [_("Find the resident in the registry first.")]})
    if getattr(actor, "resident_id", None) == resident.pk:
        raise ValidationError(
            {"resident": [_("Your own ballot must be entered by another member of staff.")]}
        )
    error = eligibility_error(campaign, resident, for_staff=True)
    if error:
        raise ValidationError({"resident": [error]})
    chosen = clean_choices(campaign, choices)
    with transaction.atomic():
        turnout_id = _insert_turnout(
            campaign,
            resident.pk,
            channel=Channel.POLLING_POINT,
            polling_point=polling_point,
            recorded_by_id=actor.pk,
            now=timezone.now(),
        )
        if turnout_id is not None:
            _store_ballot(campaign, resident.pk, chosen)
            _record(actor, "initiatives.ballot_cast", campaign, turnout_id, Channel.POLLING_POINT)
            return Turnout.objects.get(pk=turnout_id)
    existing = Turnout.objects.filter(campaign_id=campaign.pk, resident=resident).first()
    raise ValidationError(
        {
            "resident": [
                already_voted(existing, for_staff=True)
                if existing
                else _("This resident cannot vote in this campaign.")
            ]
        }
    )


def own_choices(campaign: Campaign, resident_id: int) -> list[int] | None:
    """The voter's own ballot (to show it back and change it), found through the link; None without one."""
    if not campaign.allow_ballot_changes:
        return None
    row = (
        Ballot.objects.filter(campaign_id=campaign.pk, link=ballot_link(campaign.pk, resident_id))
        .values_list("choices", flat=True)
        .first()
    )
    return list(row) if row is not None else None
