"""Reads of the council: who sits on it on a day, the apportionment of a new term, the staff and
public pages.

Population for the apportionment (decided here, shown on the preview): the settlement's recorded
population figure (``Territory.population``, the statistics figure the portal publishes) when it is
entered; otherwise the number of active residents of that settlement in the residents registry. The
registry of a rural district is usually incomplete (the demo has 200 people of Krasny Yar's 12,361),
so it is only the fallback, and each seat row keeps which figure it was computed from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from auyl.core.calendar import add_days
from auyl.core.permissions import scoped
from auyl.core.rules import get_rule
from auyl.territory import selectors as territory_selectors
from auyl.territory.models import PRIMARY_LEVELS, Level, Resident, Territory

from .apportionment import Apportionment, ApportionmentError, Claim, apportion
from .models import Commission, Council, Member, PopulationSource, Recommendation, Seat

# ---------------------------------------------------------------- composition of a new term

MAX_SEATS = 500  # a mistyped rule, not a rural council (seats are stored as small integers)


@dataclass(frozen=True)
class PlanRow:
    settlement: Territory
    population: int
    source: str  # PopulationSource
    seats: int
    quota: object  # Fraction of the seats left after the guaranteed ones
    tie: bool

    @property
    def source_label(self) -> str:
        return PopulationSource(self.source).label


@dataclass(frozen=True)
class CouncilPlan:
    """What forming a council for a term would create: dates, seats per settlement and why."""

    territory: Territory
    term_start: dt.date
    term_end: dt.date
    term_years: int
    apportionment: Apportionment
    rows: list[PlanRow]

    @property
    def total_seats(self) -> int:
        return self.apportionment.seats

    @property
    def signature(self) -> str:
        """The plan in one string: a confirmation is refused when the figures changed since the preview."""
        seats = ",".join(f"{row.settlement.code}:{row.population}:{row.seats}" for row in self.rows)
        return f"{self.term_start.isoformat()}|{self.total_seats}|{seats}"


def settlements_of(territory: Territory) -> list[Territory]:
    """The settlements (villages) of a rural district; a town without settlements stands for itself."""
    settlements = list(territory_selectors.descendants(territory, level=Level.SETTLEMENT).order_by("code"))
    if not settlements and territory.level == Level.TOWN:
        return [territory]
    return settlements


def _registry_counts(settlements: list[Territory]) -> dict[int, int]:
    rows = (
        Resident.objects.filter(settlement__in=settlements, is_active=True, merged_into__isnull=True)
        .values("settlement")
        .annotate(n=Count("id"))
    )
    return {row["settlement"]: row["n"] for row in rows}


def population_claims(territory: Territory) -> list[tuple[Territory, int, str]]:
    """``(settlement, population, source)`` for every settlement of ``territory`` (see module docstring)."""
    settlements = settlements_of(territory)
    counts = _registry_counts(settlements)
    claims = []
    for settlement in settlements:
        if settlement.population is not None:
            claims.append((settlement, settlement.population, PopulationSource.RECORDED))
        else:
            claims.append((settlement, counts.get(settlement.pk, 0), PopulationSource.REGISTRY))
    return claims


def term_end_for(term_start: dt.date, years: int) -> dt.date:
    """The last day of a term of ``years`` starting on ``term_start`` (29 February starts end on 28 February)."""
    try:
        anniversary = term_start.replace(year=term_start.year + years)
    except ValueError:
        anniversary = term_start.replace(year=term_start.year + years, day=28)
    return anniversary - dt.timedelta(days=1)


def council_plan(territory: Territory, term_start: dt.date, years: int) -> CouncilPlan:
    """Apportion the region's number of seats for a term of ``years`` starting on ``term_start``
    (the caller checked both against the region's rules).

    Raises a translated ValidationError when the seats cannot be apportioned.
    """
    seats = get_rule(territory, "council.seats")
    if isinstance(seats, bool) or not isinstance(seats, int) or seats > MAX_SEATS:
        raise ValidationError(
            _(
                "The number of seats set for this region (rule council.seats = %(seats)s) is not a "
                "council size: ask the administrator to correct it."
            )
            % {"seats": seats}
        )
    claims = population_claims(territory)
    by_code = {settlement.code: (settlement, population, source) for settlement, population, source in claims}
    try:
        result = apportion(
            [Claim(code, code, population) for code, (_s, population, _src) in by_code.items()], seats
        )
    except ApportionmentError as exc:
        raise ValidationError(_apportionment_message(exc)) from None
    rows = [
        PlanRow(
            by_code[share.key][0],
            share.population,
            by_code[share.key][2],
            share.seats,
            share.quota,
            share.tie,
        )
        for share in result.shares
    ]
    return CouncilPlan(territory, term_start, term_end_for(term_start, years), years, result, rows)


def _apportionment_message(exc: ApportionmentError) -> str:
    if exc.code == "too_few_seats":
        return _(
            "The council has %(seats)s seats but %(settlements)s settlements must each have one. Ask the "
            "administrator to raise the number of seats (rule council.seats) for this region."
        ) % {"seats": exc.seats, "settlements": exc.settlements}
    return _(
        "No settlement of this rural district has a population figure or registered residents: enter the "
        "population of its settlements first."
    )


# ---------------------------------------------------------------- who sits on the council


def council_on(territory: Territory, day: dt.date) -> Council | None:
    return Council.objects.filter(territory=territory, term_start__lte=day, term_end__gte=day).first()


def current_or_latest(territory: Territory) -> Council | None:
    """The council in office today, else the next one to start, else the last one."""
    today = timezone.localdate()
    return (
        council_on(territory, today)
        or Council.objects.filter(territory=territory, term_start__gt=today).order_by("term_start").first()
        or Council.objects.filter(territory=territory).order_by("-term_start").first()
    )


def serving_q(day: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}start_date__lte": day}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": day})
    )


def members_on(council: Council, day: dt.date) -> QuerySet[Member]:
    if not council.covers(day):
        return Member.objects.none()
    return (
        council.members.filter(serving_q(day))
        .select_related("resident", "settlement")
        .order_by("-is_chair", "settlement__code", "resident__last_name", "resident__first_name")
    )


def session_roll(meeting) -> QuerySet[Resident]:
    """The roll of a council session: residents who are members of the council of ``meeting.territory``
    on the day of the meeting (the local date of ``starts_at``). The quorum base of the assemblies engine."""
    day = (
        timezone.localtime(meeting.starts_at).date()
        if timezone.is_aware(meeting.starts_at)
        else meeting.starts_at.date()
    )
    members = Member.objects.filter(
        serving_q(day),
        council__territory_id=meeting.territory_id,
        council__term_start__lte=day,
        council__term_end__gte=day,
    )
    return Resident.objects.filter(pk__in=members.values("resident_id"))


def is_member_on(council_pk, resident, day: dt.date) -> bool:
    """Whether ``resident`` sits on the council with primary key ``council_pk`` on ``day`` (False for an
    unknown or malformed key): for other apps (surveys' audiences) that hold a council's id."""
    try:
        council = Council.objects.get(pk=int(council_pk))
    except (Council.DoesNotExist, ValueError, TypeError, OverflowError):
        return False
    return members_on(council, day).filter(resident=resident).exists()


def chair_of(council: Council, day: dt.date | None = None) -> Member | None:
    """The chair, when they still serve on ``day`` (default today)."""
    day = day or timezone.localdate()
    return (
        council.members.filter(serving_q(day), is_chair=True).select_related("resident", "settlement").first()
    )


# ---------------------------------------------------------------- scoped lookups for staff pages


def units_for(user) -> QuerySet[Territory]:
    """Rural districts and towns whose council ``user`` may see on the staff side."""
    units = Territory.objects.filter(level__in=PRIMARY_LEVELS, is_active=True)
    return scoped(units, user, "council.view", path_field="path").order_by("path")


def council_for(user, territory: Territory, pk, action: str = "council.view") -> Council:
    queryset = scoped(Council.objects.filter(territory=territory), user, action)
    try:
        return queryset.select_related("territory").get(pk=pk)
    except (Council.DoesNotExist, ValueError, TypeError):
        raise Http404("council not found") from None


def _scoped_get(model, user, territory, pk, action):
    queryset = scoped(
        model.objects.filter(council__territory=territory), user, action, "council__territory__path"
    )
    try:
        return queryset.select_related("council", "council__territory").get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404("not found") from None


def member_for(user, territory, pk, action: str = "council.manage") -> Member:
    return _scoped_get(Member, user, territory, pk, action)


def commission_for(user, territory, pk, action: str = "council.commission") -> Commission:
    return _scoped_get(Commission, user, territory, pk, action)


def recommendation_for(user, territory, pk, action: str = "council.recommend") -> Recommendation:
    return _scoped_get(Recommendation, user, territory, pk, action)


def overdue_recommendations(user) -> QuerySet[Recommendation]:
    """Unanswered recommendations past their deadline, within the user's territories."""
    queryset = Recommendation.objects.filter(status="sent", answer_due__lt=timezone.localdate())
    return scoped(queryset, user, "council.view", "council__territory__path").select_related(
        "council__territory"
    )


def candidates(user, council: Council, query: str, limit: int = 10) -> list[Resident]:
    """Registry entries of the council's settlements matching ``query``, within the user's scope."""
    if not (query or "").strip():
        return []
    found = territory_selectors.search_residents(user, query, limit=50)
    return [r for r in found if r.territory_path.startswith(council.territory.path)][:limit]


def commission_candidates(council: Council) -> QuerySet[Member]:
    """Members who may sit on a new commission: those serving on the page's day or joining later."""
    return (
        council.members.exclude(end_date__lt=page_day(council))
        .select_related("resident", "settlement")
        .order_by("resident__last_name", "resident__first_name")
    )


def recommendation_defaults(territory: Territory) -> dict:
    """What the recommendation form offers first: the village akim's name as the office publishes it,
    today's date, and the akim of the unit above as the addressee."""
    office = getattr(territory, "office", None)  # the territory app's published office, if any
    parent = territory.parent if territory.parent_id else None
    return {
        "akim_name": getattr(office, "akim_name", ""),
        "sent_on": timezone.localdate(),
        "addressee": _("Akim of %(unit)s") % {"unit": parent.name} if parent else "",
    }


def recommendation_deadline(territory: Territory, sent_on: dt.date) -> dt.date:
    return add_days(
        sent_on,
        get_rule(territory, "council.recommendation_answer_days"),
        get_rule(territory, "calendar.deadline_mode"),
    )


# ---------------------------------------------------------------- page data


@dataclass(frozen=True)
class SeatRow:
    seat: Seat
    members: list[Member]

    @property
    def vacant(self) -> int:
        return max(self.seat.seats - len(self.members), 0)

    @property
    def vacant_range(self) -> range:
        return range(self.vacant)


def seat_rows(council: Council, day: dt.date) -> list[SeatRow]:
    serving = list(members_on(council, day))
    return [
        SeatRow(seat, [m for m in serving if m.settlement_id == seat.settlement_id])
        for seat in council.seats.select_related("settlement").order_by("settlement__code")
    ]


def commissions_of(council: Council) -> QuerySet[Commission]:
    members = Member.objects.select_related("resident").order_by("resident__last_name")
    return council.commissions.prefetch_related(Prefetch("members", queryset=members))


def page_day(council: Council) -> dt.date:
    """The day whose composition a page shows: today, or the nearest day of the term."""
    return min(max(timezone.localdate(), council.term_start), council.term_end)


def council_page(council: Council) -> dict:
    """What the staff page of one council's term shows (the caller checked ``council.view``)."""
    day = page_day(council)
    return {
        "council": council,
        "day": day,
        "seat_rows": seat_rows(council, day),
        "chair": chair_of(council, day),
        "former_members": list(
            council.members.filter(end_date__lt=day)
            .select_related("resident", "settlement")
            .order_by("-end_date")
        ),
        "future_members": list(
            council.members.filter(start_date__gt=day).select_related("resident", "settlement")
        ),
        "commissions": list(commissions_of(council)),
        "recommendations": list(council.recommendations.all()),
        "terms": list(Council.objects.filter(territory=council.territory).order_by("-term_start")),
    }


def public_council(territory: Territory) -> dict:
    """The public page of a rural district's council: members by settlement, chair, commissions with
    published findings, recommendations and answers. No personal data beyond members' names."""
    if not territory.is_primary:
        raise Http404("not a rural district")
    council = current_or_latest(territory)
    context = {
        "territory": territory,
        "ancestors": territory_selectors.ancestors(territory),
        "council": council,
    }
    if council is None:
        return context
    context.update(council_page(council))
    context.pop("terms")
    context["future_members"] = []
    return context
