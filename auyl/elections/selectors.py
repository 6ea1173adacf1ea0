"""Reads of akim elections.

Public reads (:func:`public_elections`, :func:`public_for`, :func:`public_election`) show registered
candidates and final results only; staff reads are scoped to the user's grants for ``elections.view``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from auyl.core.permissions import has_perm, require_perm, scoped

from .models import Candidate, CandidateStatus, Election, ElectionStatus
from .results import Tally, tally
from .services import signature_threshold


@dataclass
class ElectionView:
    election: Election
    candidates: list[Candidate]
    tally: Tally | None  # None until the results are final (public) / until a station is recorded (staff)
    stations: list
    signature_threshold: int


def _public_queryset() -> QuerySet[Election]:
    return Election.objects.exclude(status=ElectionStatus.CANCELLED).select_related(
        "district__territory", "winner"
    )


def public_elections(territory) -> list[Election]:
    """Elections of a rural district, newest first (the public page)."""
    return list(_public_queryset().filter(district__territory=territory))


def status_label(election: Election) -> str:
    if election.status != ElectionStatus.FINAL:
        return _("Scheduled")
    if election.winner_id:
        return _("Elected: %(name)s") % {"name": election.winner.full_name}
    return election.get_outcome_display()


def public_for(territory) -> list[dict]:
    """What the rural district's public site shows from this app: its elections (title, date, url, status)."""
    return [
        {
            "title": _("Election of the akim of %(unit)s") % {"unit": territory.name},
            "date": e.election_date,
            "url": reverse("elections:public_election", args=[territory.code, e.pk]),
            "status": status_label(e),
        }
        for e in public_elections(territory)
    ]


def _view(election: Election, *, staff: bool) -> ElectionView:
    candidates = (
        election.candidates.all() if staff else election.candidates.filter(status=CandidateStatus.REGISTERED)
    )
    show_results = election.is_final or (staff and election.stations.exists())
    stations = list(election.stations.prefetch_related("votes")) if show_results else []
    for station in stations:
        station.by_candidate = {v.candidate_id: v.votes for v in station.votes.all()}
        station.turnout = (station.ballots_issued * 100 / station.voters) if station.voters else None
    result = tally(election) if show_results else None
    for station in stations:
        station.cells = [station.by_candidate.get(t.candidate.pk, 0) for t in result.candidates]
    return ElectionView(
        election,
        list(candidates.order_by("status", "full_name")),
        result,
        stations,
        signature_threshold(election),
    )


def public_election(territory, pk) -> ElectionView:
    try:
        election = _public_queryset().get(pk=int(pk), district__territory=territory)
    except (Election.DoesNotExist, ValueError, TypeError):
        raise Http404("election not found") from None
    return _view(election, staff=False)


def elections_visible_to(user) -> QuerySet[Election]:
    queryset = Election.objects.select_related("district__territory", "winner").annotate(
        nominated=Count("candidates", filter=Q(candidates__status=CandidateStatus.NOMINATED), distinct=True),
        registered=Count(
            "candidates", filter=Q(candidates__status=CandidateStatus.REGISTERED), distinct=True
        ),
        stations_count=Count("stations", distinct=True),
    )
    return scoped(queryset, user, "elections.view", "territory_path")


def election_for(user, pk) -> Election:
    try:
        return elections_visible_to(user).get(pk=int(pk))
    except (Election.DoesNotExist, ValueError, TypeError):
        raise Http404("election not found") from None


def staff_election(user, pk) -> ElectionView:
    election = election_for(user, pk)
    require_perm(user, "elections.view", election.territory)
    return _view(election, staff=True)


def candidate_for(user, election: Election, pk) -> Candidate:
    require_perm(user, "elections.view", election.territory)
    try:
        return election.candidates.get(pk=int(pk))
    except (Candidate.DoesNotExist, ValueError, TypeError):
        raise Http404("candidate not found") from None


def can_manage(user, election: Election) -> bool:
    return has_perm(user, "elections.manage", election.territory)


def public_election_list(*, within=(), year: int | None = None) -> QuerySet[Election]:
    """Elections the public pages show (all but cancelled), newest first, for the open-data API: all of
    them, or those lying within every unit of ``within`` (a region, a district…), or of one ``year``."""
    queryset = _public_queryset().order_by("-election_date", "pk")
    for unit in within:
        queryset = queryset.filter(territory_path__startswith=unit.path)
    if year is not None:
        queryset = queryset.filter(election_date__year=year)
    return queryset


def public_election_by_id(pk) -> ElectionView:
    """One election as its public page shows it (registered candidates, results once final), by id."""
    try:
        election = _public_queryset().get(pk=int(pk))
    except (Election.DoesNotExist, ValueError, TypeError):
        raise Http404("election not found") from None
    return _view(election, staff=False)
