"""Write use cases of the council: one function per action, each atomic, permission-checked and audited.

Forming a council for a term apportions the region's number of seats to the settlements (see
:mod:`auyl.council.apportionment`); members are residents holding a seat of the settlement they live in;
one of them is the chair. Monitoring commissions and recommendations to the superior akim are in
:mod:`auyl.council.oversight` and re-exported here.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.core import audit
from auyl.core.permissions import require_perm
from auyl.core.rules import get_rule
from auyl.territory.models import ADULT_AGE, Territory

from . import selectors
from .apportionment import METHOD
from .models import Council, Member, Seat
from .oversight import create_commission, publish_findings, record_answer, send_recommendation  # noqa: F401

MAX_REASON = 500
MAX_TERM_YEARS = 10
EARLIEST_TERM = dt.date(2000, 1, 1)


def _date(value, field: str) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValidationError({field: [_("Enter a valid date.")]})
    return value


def _term_years(territory) -> int:
    """The region's term length, refused when a mistyped rule would give a term that ends before it
    starts or centuries later (the database would reject the first, the calendar the second)."""
    years = get_rule(territory, "council.term_years")
    if isinstance(years, bool) or not isinstance(years, int) or not 1 <= years <= MAX_TERM_YEARS:
        raise ValidationError(
            _(
                "The term of office set for this region (rule council.term_years = %(years)s) must be "
                "from 1 to %(max)s years: ask the administrator to correct it."
            )
            % {"years": years, "max": MAX_TERM_YEARS}
        )
    return years


def _check_term_start(territory, term_start: dt.date, years: int) -> None:
    today = timezone.localdate()
    if term_start < EARLIEST_TERM:
        raise ValidationError({"term_start": [_("Enter a real date of the start of the term.")]})
    # The upper bound first: the end of a term starting in the year 9999 is not a date at all.
    if term_start > today + dt.timedelta(days=366):
        raise ValidationError({"term_start": [_("A term can be formed at most a year before it starts.")]})
    if selectors.term_end_for(term_start, years) < today:
        raise ValidationError({"term_start": [_("A term starting on this date has already ended.")]})


def _refuse_overlap(territory, start: dt.date, end: dt.date) -> None:
    other = Council.objects.filter(territory=territory, term_start__lte=end, term_end__gte=start).first()
    if other is not None:
        raise ValidationError(
            {
                "term_start": [
                    _(
                        "The council of the term %(start)s – %(end)s is in office then: a new term can start from %(next)s."
                    )
                    % {
                        "start": f"{other.term_start:%d.%m.%Y}",
                        "end": f"{other.term_end:%d.%m.%Y}",
                        "next": f"{other.term_end + dt.timedelta(days=1):%d.%m.%Y}",
                    }
                ]
            }
        )


def preview_council(*, actor, territory, term_start: dt.date) -> selectors.CouncilPlan:
    """Everything :func:`form_council` would check and create, without creating it (the preview page)."""
    require_perm(actor, "council.manage", territory)
    if not territory.is_primary:
        raise ValidationError(_("A council is formed for a rural district or a town."))
    term_start = _date(term_start, "term_start")
    years = _term_years(territory)
    _check_term_start(territory, term_start, years)
    _refuse_overlap(territory, term_start, selectors.term_end_for(term_start, years))
    return selectors.council_plan(territory, term_start, years)


def _lock_territory(territory) -> None:
    """Serialise the forming of councils of one rural district (a row lock, nothing is written)."""
    list(Territory.objects.select_for_update().filter(pk=territory.pk).values_list("pk", flat=True))


def _create_seats(council: Council, plan: selectors.CouncilPlan) -> None:
    Seat.objects.bulk_create(
        [
            Seat(
                council=council,
                settlement=row.settlement,
                population=row.population,
                population_source=row.source,
                seats=row.seats,
            )
            for row in plan.rows
        ]
    )


@transaction.atomic
def form_council(*, actor, territory, term_start: dt.date, signature: str | None = None) -> Council:
    """Create the council of ``territory`` for the term starting ``term_start`` with its seats.

    ``signature`` is the :attr:`CouncilPlan.signature` the user confirmed on the preview: when the
    population figures or the rules changed in between, nothing is created and the user is asked to
    look at the new figures. The rural district's row is locked first, so two confirmations sent at
    once (a double click, two registrars) cannot both pass the overlap check and form two councils.
    """
    require_perm(actor, "council.manage", territory)
    _lock_territory(territory)
    plan = preview_council(actor=actor, territory=territory, term_start=term_start)
    if signature is not None and signature != plan.signature:
        raise ValidationError(
            _(
                "The population figures or the rules changed after the preview: check the new "
                "apportionment and confirm again."
            )
        )
    council = Council.objects.create(
        territory=territory,
        territory_path=territory.path,
        term_start=plan.term_start,
        term_end=plan.term_end,
        total_seats=plan.total_seats,
        method=METHOD,
        formed_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _create_seats(council, plan)
    audit.record(
        actor=actor,
        action="council.formed",
        obj=council,
        territory=territory,
        changes={
            "term_start": plan.term_start,
            "term_end": plan.term_end,
            "seats": plan.total_seats,
            "method": METHOD,
            "apportionment": {
                row.settlement.code: [row.population, row.source, row.seats] for row in plan.rows
            },
        },
    )
    return council


def _locked(council: Council) -> Council:
    return Council.objects.select_for_update().select_related("territory").get(pk=council.pk)


def _max_concurrent(intervals: list[tuple[dt.date, dt.date]]) -> int:
    """Most intervals (inclusive) that share one day."""
    events = sorted([(start, 0) for start, _end in intervals] + [(end, 1) for _start, end in intervals])
    best = current = 0
    for _day, kind in events:  # starts sort before ends of the same day: both count on that day
        current += 1 if kind == 0 else -1
        best = max(best, current)
    return best


def _check_candidate(council: Council, resident, settlement, start: dt.date) -> Seat:
    if not resident.is_active or resident.merged_into_id is not None:
        raise ValidationError({"resident": [_("This registry entry is no longer active.")]})
    if settlement is not None and settlement.pk != resident.settlement_id:
        raise ValidationError(
            {
                "resident": [
                    _(
                        "%(name)s lives in %(home)s, not in %(seat)s: a member holds the seat of the settlement they live in."
                    )
                    % {"name": resident.full_name, "home": resident.settlement.name, "seat": settlement.name}
                ]
            }
        )
    seat = council.seats.filter(settlement_id=resident.settlement_id).select_related("settlement").first()
    if seat is None or seat.seats == 0:
        raise ValidationError(
            {
                "resident": [
                    _("%(name)s lives in %(home)s, which has no seat on this council.")
                    % {"name": resident.full_name, "home": resident.settlement.name}
                ]
            }
        )
    age = resident.age_on(start)
    if age is not None and age < ADULT_AGE:
        raise ValidationError(
            {"resident": [_("A council member must be an adult (%(age)s or older).") % {"age": ADULT_AGE}]}
        )
    return seat


def _check_free(council: Council, resident, seat: Seat, start: dt.date) -> None:
    overlapping = council.members.exclude(end_date__lt=start)
    if overlapping.filter(resident=resident).exists():
        raise ValidationError(
            {"resident": [_("%(name)s is already a member of this council.") % {"name": resident.full_name}]}
        )
    held = [
        (m.start_date, m.end_date or council.term_end) for m in overlapping.filter(settlement=seat.settlement)
    ]
    if _max_concurrent([*held, (start, council.term_end)]) > seat.seats:
        raise ValidationError(
            {
                "resident": [
                    _(
                        "All %(n)s seats of %(settlement)s are taken: record that a member left before adding another."
                    )
                    % {"n": seat.seats, "settlement": seat.settlement.name}
                ]
            }
        )


@transaction.atomic
def add_member(
    *,
    actor,
    council: Council,
    resident,
    start_date: dt.date | None = None,
    settlement=None,
    is_chair: bool = False,
) -> Member:
    """Seat ``resident`` on the council for the settlement they live in, from ``start_date`` (default:
    today, or the start of the term) to the end of the term."""
    council = _locked(council)
    require_perm(actor, "council.manage", council.territory)
    start = (
        _date(start_date, "start_date")
        if start_date is not None
        else max(timezone.localdate(), council.term_start)
    )
    if not council.covers(start):
        raise ValidationError(
            {
                "start_date": [
                    _("The date must fall within the term %(start)s – %(end)s.")
                    % {"start": f"{council.term_start:%d.%m.%Y}", "end": f"{council.term_end:%d.%m.%Y}"}
                ]
            }
        )
    seat = _check_candidate(council, resident, settlement, start)
    _check_free(council, resident, seat, start)
    member = Member.objects.create(
        council=council,
        resident=resident,
        settlement=seat.settlement,
        start_date=start,
        added_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record(
        actor=actor,
        action="council.member_added",
        obj=member,
        territory=council.territory,
        changes={"resident_id": resident.pk, "settlement": seat.settlement.code, "start_date": start},
    )
    if is_chair:
        member = _make_chair(actor, council, member, start)
    return member


@transaction.atomic
def end_membership(*, actor, member: Member, end_date: dt.date, reason: str) -> Member:
    """Record that ``member`` leaves the council early; ``end_date`` is their last day. The seat is
    free for a successor from the next day. A chair who leaves stays recorded as chair until another
    member is appointed."""
    council = _locked(member.council)
    require_perm(actor, "council.manage", council.territory)
    member = Member.objects.select_for_update().get(pk=member.pk)
    end_date = _date(end_date, "end_date")
    reason = (reason or "").strip()
    if member.end_date is not None:
        raise ValidationError(
            _("This member already left the council on %(date)s.") % {"date": f"{member.end_date:%d.%m.%Y}"}
        )
    if end_date < member.start_date or end_date > council.term_end:
        raise ValidationError(
            {
                "end_date": [
                    _("The last day must fall between %(start)s and the end of the term, %(end)s.")
                    % {"start": f"{member.start_date:%d.%m.%Y}", "end": f"{council.term_end:%d.%m.%Y}"}
                ]
            }
        )
    if not reason:
        raise ValidationError({"reason": [_("Give the reason (resignation, moved away, recall…).")]})
    if len(reason) > MAX_REASON:
        raise ValidationError(
            {"reason": [_("The reason is too long (at most %(n)s characters).") % {"n": MAX_REASON}]}
        )
    member.end_date, member.left_reason = end_date, reason
    member.save(update_fields=["end_date", "left_reason", "updated_at"])
    audit.record(
        actor=actor,
        action="council.member_left",
        obj=member,
        territory=council.territory,
        changes={"end_date": end_date, "reason": reason, "was_chair": member.is_chair},
    )
    return member


def _make_chair(actor, council: Council, member: Member, since: dt.date) -> Member:
    previous = council.members.filter(is_chair=True).exclude(pk=member.pk).first()
    if previous is not None:
        previous.is_chair = False
        previous.save(update_fields=["is_chair", "updated_at"])
    member.is_chair, member.chair_since = True, since
    member.save(update_fields=["is_chair", "chair_since", "updated_at"])
    audit.record(
        actor=actor,
        action="council.chair_appointed",
        obj=member,
        territory=council.territory,
        changes={"since": since, "previous_chair_id": getattr(previous, "pk", None)},
    )
    return member


@transaction.atomic
def appoint_chair(*, actor, member: Member, since: dt.date | None = None) -> Member:
    """Make ``member`` the chair (a paid, full-time post, ``001:423``) from ``since``; the previous
    chair remains a member."""
    council = _locked(member.council)
    require_perm(actor, "council.manage", council.territory)
    member = Member.objects.select_for_update().select_related("resident").get(pk=member.pk)
    since = (
        _date(since, "since")
        if since is not None
        else min(max(timezone.localdate(), member.start_date), council.term_end)
    )
    if member.is_chair:
        raise ValidationError(_("%(name)s is already the chair.") % {"name": member.resident.full_name})
    if not (council.covers(since) and member.serves_on(since)):
        raise ValidationError(
            {
                "since": [
                    _("%(name)s is not a member of the council on %(date)s.")
                    % {"name": member.resident.full_name, "date": f"{since:%d.%m.%Y}"}
                ]
            }
        )
    return _make_chair(actor, council, member, since)
