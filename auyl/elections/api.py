"""Akim elections as open data (read-only, no sign-in): exactly what the public pages show.

An election's list and detail mirror ``/elections/d/<code>/<id>/``: the registered candidates (name, who
nominated them, occupation) and, once the results are final, the tally, "against all", the turnout, the
winner and the per-station protocols. Cancelled elections, candidates not registered (nominated, refused,
withdrawn), the candidates' birth dates, signatures and declared ethnicity, and stations recorded before
the count is final never appear. The report by region and party mirrors ``/elections/reports/``.

Thin on purpose: every read is a selector (:mod:`.selectors`) or the report (:mod:`.reports`); bad input
becomes a 4xx JSON answer through the root API's handlers (Http404 404, ValidationError 400, schema 422).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from auyl.territory import selectors as territory_selectors
from auyl.territory.models import Level
from auyl.territory.schemas import ERRORS, KATO, UnitOut

from . import exports, reports, selectors
from .models import CandidateStatus, Election

elections_router = Router(tags=["elections"])

YEARS = {"ge": 1990, "le": 2100}


class ElectionRowOut(Schema):
    id: int
    election_date: dt.date
    territory: UnitOut
    status: str
    status_label: str
    outcome: str | None = None
    outcome_label: str | None = None
    winner: str | None = None
    url: str


class ElectionPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ElectionRowOut]


class CandidateOut(Schema):
    id: int
    full_name: str
    nomination: str
    party: str | None = None
    nominated_by: str
    occupation: str
    status: str
    status_label: str


class CandidateResultOut(Schema):
    candidate_id: int
    full_name: str
    nominated_by: str
    votes: int
    percent: float | None = None
    is_winner: bool


class StationVoteOut(Schema):
    candidate_id: int
    votes: int


class StationOut(Schema):
    number: int
    name: str
    voters: int
    ballots_issued: int
    against_all: int
    invalid: int
    votes: list[StationVoteOut]


class ResultsOut(Schema):
    voters: int
    ballots_issued: int
    turnout_percent: float | None = None
    against_all: int
    against_all_percent: float | None = None
    invalid: int
    stations_count: int
    candidates: list[CandidateResultOut]
    stations: list[StationOut]
    downloads: dict[str, str]


class ElectionOut(ElectionRowOut):
    voters: int
    commission: str
    candidates: list[CandidateOut]
    results: ResultsOut | None = None


class ColumnOut(Schema):
    key: str
    label: str


class RegionRowOut(Schema):
    name: str
    code: str
    source: str
    akims: int
    parts_sum: int
    winners: dict[str, int]
    re_elected: int | None = None
    women: int | None = None
    average_age: float | None = None
    kazakh_percent: float | None = None
    living_in_district: int | None = None


class IssueOut(Schema):
    table: str
    where: str
    message: str


class ReportOut(Schema):
    year: int
    title: str
    source: str
    columns: list[ColumnOut]
    rows: list[RegionRowOut]
    totals: dict[str, int]
    shares: dict[str, float | None]
    printed_totals: dict[str, int | None]
    printed_shares: dict[str, str]
    quality_totals: dict[str, float | int | None]
    issues: list[IssueOut]
    downloads: dict[str, str]


class YearsOut(Schema):
    years: list[int]


def _number(value: Decimal | float | None) -> float | None:
    return None if value is None else float(value)


def _unit(territory) -> dict:
    return {"code": territory.code, "name": territory.name}


def _within(code: str | None, levels: tuple[str, ...], field: str):
    """The unit a filter names: 404 for an unknown code, 400 for a unit of another level."""
    if code is None:
        return None
    unit = territory_selectors.territory_by_code(code)
    if unit.level not in levels:
        raise ValidationError({field: [_("%(code)s is not a unit of this level.") % {"code": code}]})
    return unit


def _row(election: Election) -> dict:
    final = election.is_final
    return {
        "id": election.pk,
        "election_date": election.election_date,
        "territory": _unit(election.territory),
        "status": election.status,
        "status_label": selectors.status_label(election),
        "outcome": (election.outcome or None) if final else None,
        "outcome_label": (election.get_outcome_display() or None) if final else None,
        "winner": election.winner.full_name if final and election.winner_id else None,
        "url": reverse("elections:public_election", args=[election.territory.code, election.pk]),
    }


def _candidate(candidate) -> dict:
    return {
        "id": candidate.pk,
        "full_name": candidate.full_name,
        "nomination": candidate.nomination,
        "party": candidate.party or None,
        "nominated_by": str(candidate.nominated_by_label),
        "occupation": candidate.occupation,
        "status": candidate.status,
        "status_label": candidate.get_status_display(),
    }


def _results(view: selectors.ElectionView) -> dict | None:
    election, tally = view.election, view.tally
    if tally is None:  # not final yet: the public page shows no figures either
        return None
    order = [t.candidate.pk for t in tally.candidates]
    code = election.territory.code
    return {
        "voters": tally.voters,
        "ballots_issued": tally.ballots_issued,
        "turnout_percent": _number(tally.turnout_percent),
        "against_all": tally.against_all,
        "against_all_percent": _number(tally.against_all_percent),
        "invalid": tally.invalid,
        "stations_count": tally.stations,
        "candidates": [
            {
                "candidate_id": t.candidate.pk,
                "full_name": t.candidate.full_name,
                "nominated_by": str(t.candidate.nominated_by_label),
                "votes": t.votes,
                "percent": _number(t.percent),
                "is_winner": t.candidate.pk == election.winner_id,
            }
            for t in tally.candidates
        ],
        "stations": [
            {
                "number": s.number,
                "name": s.name,
                "voters": s.voters,
                "ballots_issued": s.ballots_issued,
                "against_all": s.against_all,
                "invalid": s.invalid,
                "votes": [{"candidate_id": pk, "votes": s.by_candidate.get(pk, 0)} for pk in order],
            }
            for s in view.stations
        ],
        "downloads": {
            fmt: reverse("elections:election_export", args=[code, election.pk, fmt])
            for fmt in exports.FORMATS
        },
    }


@elections_router.get("/", response={200: ElectionPage, **ERRORS})
def list_elections(
    request,
    year: int | None = Query(None, **YEARS),
    region: str | None = Query(None, pattern=KATO, description="KATO code of a region"),
    district: str | None = Query(None, pattern=KATO, description="KATO code of a district or city"),
    territory: str | None = Query(None, pattern=KATO, description="KATO code of a rural district or town"),
    limit: int = Query(50, ge=1, le=200),
    offset: int = Query(0, ge=0),
):
    """Akim elections (all but cancelled), newest first, optionally of one year and within one unit."""
    units = [
        _within(region, (Level.REGION, Level.CITY), "region"),
        _within(district, (Level.DISTRICT, Level.CITY), "district"),
        _within(territory, (Level.RURAL_DISTRICT, Level.TOWN), "territory"),
    ]
    queryset = selectors.public_election_list(within=[u for u in units if u is not None], year=year)
    total = queryset.count()
    items = [_row(e) for e in queryset[offset : offset + limit]]
    return {"count": total, "limit": limit, "offset": offset, "items": items}


@elections_router.get("/reports", response={200: YearsOut, **ERRORS})
def report_years(request):
    """Years for which the report by region and party has data (published returns or final results)."""
    return {"years": reports.years_with_data()}


@elections_router.get("/reports/{year}", response={200: ReportOut, **ERRORS})
def report(request, year: int):
    """Winners by region and party and their composition, in the form of the source (000:483-528), with the
    printed figures that do not add up listed, never corrected."""
    if year not in reports.years_with_data():
        raise Http404(_("No election results for this year."))
    data = reports.election_report(year)
    campaign = data.campaign
    return {
        "year": year,
        "title": campaign.title if campaign else "",
        "source": campaign.source if campaign else "",
        "columns": [{"key": c.key, "label": str(c.label)} for c in data.columns],
        "rows": [
            {
                "name": r.name,
                "code": r.code,
                "source": r.source,
                "akims": r.akims,
                "parts_sum": r.parts_sum,
                "winners": {c.key: r.cells.get(c.key, 0) for c in data.columns},
                "re_elected": r.re_elected,
                "women": r.women,
                "average_age": _number(r.average_age),
                "kazakh_percent": _number(r.kazakh_percent),
                "living_in_district": r.living_in_district,
            }
            for r in data.rows
        ],
        "totals": data.totals,
        "shares": {k: _number(v) for k, v in data.shares.items()},
        "printed_totals": data.stated_totals,
        "printed_shares": data.stated_shares,
        "quality_totals": {
            k: _number(v) if isinstance(v, Decimal) else v for k, v in data.quality_totals.items()
        },
        "issues": [{"table": i.table, "where": str(i.where), "message": str(i.message)} for i in data.issues],
        "downloads": {fmt: reverse("elections:report_export", args=[year, fmt]) for fmt in exports.FORMATS},
    }


@elections_router.get("/{election_id}", response={200: ElectionOut, **ERRORS})
def election_detail(request, election_id: int):
    """One election: the registered candidates; once final, the results by candidate and by station."""
    view = selectors.public_election_by_id(election_id)
    registered = [c for c in view.candidates if c.status == CandidateStatus.REGISTERED]
    return {
        **_row(view.election),
        "voters": view.election.voters,
        "commission": view.election.district.commission,
        "candidates": [_candidate(c) for c in registered],
        "results": _results(view),
    }
