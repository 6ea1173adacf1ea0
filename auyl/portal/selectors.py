"""Reads for the public site: searching and browsing the KATO tree, the page of a rural district.

Everything here is public information (names, codes, populations, the akim's office); nothing reads
the residents registry. Lookups by code go through ``auyl.territory.selectors`` so that an invalid
or unknown code is a 404 everywhere in the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from auyl.assemblies.selectors import public_calendar
from auyl.budget.selectors import public_budgets
from auyl.documents.selectors import public_for as public_documents
from auyl.elections.selectors import public_for as public_elections
from auyl.initiatives.phases import phase_on
from auyl.initiatives.selectors import campaigns_of
from auyl.juries.selectors import public_for as public_juries
from auyl.referendums.selectors import public_for as public_referendums
from auyl.surveys.selectors import open_surveys
from auyl.territory import selectors as territory_selectors
from auyl.territory.models import PRIMARY_LEVELS, Level, Office, Territory

SEARCH_LIMIT = 50
# Units that have a browsable /t/ page: they contain primary units.
BROWSABLE_LEVELS = (Level.REGION, Level.DISTRICT, Level.CITY)

# Collation of the Kazakh Cyrillic alphabet, which contains the Russian one in the Russian order, so a
# single key sorts names correctly in both languages (plain code-point order puts Қ, Ө, Ү… after Я).
KAZAKH_ALPHABET = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
_LETTER_RANK = {letter: index for index, letter in enumerate(KAZAKH_ALPHABET)}


def alphabetical_key(name: str) -> tuple:
    """Sort key for a place name in Kazakh, Russian or English (Latin before Cyrillic)."""
    key = []
    for char in name.casefold():
        rank = _LETTER_RANK.get(char)
        key.append((1, rank, "") if rank is not None else (0, 0, char))
    return tuple(key)


def by_name(units):
    return sorted(units, key=lambda unit: alphabetical_key(unit.name))


@dataclass
class SearchHit:
    """A primary unit found by the home-page search, with where it lies and why it matched."""

    territory: Territory
    ancestors: list[Territory]
    settlements: list[Territory] = field(default_factory=list)


@dataclass
class SearchResult:
    query: str
    hits: list[SearchHit]
    truncated: bool


def clean_query(query: str | None) -> str:
    return " ".join((query or "").split())[: territory_selectors.MAX_QUERY]


def search_primary_units(query: str | None, *, limit: int = SEARCH_LIMIT) -> SearchResult:
    """Rural districts and towns whose name or KATO code matches ``query``, and those containing a
    settlement that matches (residents know their village better than their rural district)."""
    query = clean_query(query)
    if not query:
        return SearchResult(query="", hits=[], truncated=False)
    direct = list(territory_selectors.search_territories(query, primary_only=True, limit=limit + 1))
    settlements, found = [], []
    # A code prefix already finds the unit itself; only a full settlement code leads to its unit.
    if not query.isdigit() or len(query) == 9:
        found = list(territory_selectors.search_territories(query, level=Level.SETTLEMENT, limit=limit + 1))
        parents = Territory.objects.filter(
            pk__in={s.parent_id for s in found}, level__in=PRIMARY_LEVELS, is_active=True
        ).in_bulk()
        for settlement in found:
            if settlement.parent_id in parents:
                settlement.parent = parents[settlement.parent_id]
                settlements.append(settlement)
    hits: dict[int, SearchHit] = {}
    for unit in direct:
        hits[unit.pk] = SearchHit(territory=unit, ancestors=[])
    for settlement in settlements:
        unit = settlement.parent
        hits.setdefault(unit.pk, SearchHit(territory=unit, ancestors=[])).settlements.append(settlement)
    ordered = list(hits.values())
    truncated = len(ordered) > limit or len(direct) > limit or len(found) > limit
    ordered = ordered[:limit]
    _attach_ancestors(ordered)
    return SearchResult(query=query, hits=ordered, truncated=truncated)


def _attach_ancestors(hits: list[SearchHit]) -> None:
    """Fill ``hit.ancestors`` (region first) for all hits with one query."""
    codes = {code for hit in hits for code in hit.territory.ancestor_codes()}
    by_code = {unit.code: unit for unit in Territory.objects.filter(code__in=codes)}
    for hit in hits:
        hit.ancestors = [by_code[code] for code in hit.territory.ancestor_codes() if code in by_code]


def regions() -> list[Territory]:
    """Top-level units (regions and cities of republican significance), alphabetically."""
    return by_name(Territory.objects.filter(parent__isnull=True, is_active=True))


def unit_by_code(code: str) -> Territory:
    """An active unit by its 9-digit KATO code; 404 for anything else."""
    return territory_selectors.territory_by_code(code)


def has_unit_page(territory: Territory) -> bool:
    return territory.level in BROWSABLE_LEVELS


@dataclass
class ChildRow:
    territory: Territory
    primary_units: int | None = None
    settlements: int | None = None
    population: int | None = None


def browse_page(territory: Territory) -> dict:
    """A region, district or city with its children: sub-units with the number of primary units
    under them, primary units with their settlements and population, stand-alone settlements."""
    if not has_unit_page(territory):
        raise Http404("no browsable page for this unit")
    children = list(Territory.objects.filter(parent=territory, is_active=True))
    primary_paths = list(
        Territory.objects.filter(path__startswith=territory.path, level__in=PRIMARY_LEVELS, is_active=True)
        .exclude(parent=territory)
        .values_list("path", flat=True)
    )
    settlement_stats = {
        row["parent"]: row
        for row in Territory.objects.filter(
            parent__in=[c for c in children if c.is_primary], level=Level.SETTLEMENT, is_active=True
        )
        .values("parent")
        .annotate(n=Count("id"), population=Sum("population"))
    }
    subunits, primary, standalone = [], [], []
    for child in by_name(children):
        if child.is_primary:
            stats = settlement_stats.get(child.pk, {})
            primary.append(
                ChildRow(
                    child,
                    settlements=stats.get("n", 0),
                    population=stats.get("population") or child.population,
                )
            )
        elif child.level == Level.SETTLEMENT:
            standalone.append(ChildRow(child, population=child.population))
        else:
            count = sum(1 for path in primary_paths if path.startswith(child.path))
            subunits.append(ChildRow(child, primary_units=count))
    return {
        **activity(territory),
        "territory": territory,
        "ancestors": territory_selectors.ancestors(territory),
        "subunits": subunits,
        "primary_units": primary,
        "standalone_settlements": standalone,
    }


@dataclass
class Totals:
    population: int | None
    adult_population: int | None
    complete: bool


def _total(values: list[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def rural_district_page(territory: Territory) -> dict:
    """Everything the public page of a primary unit shows."""
    if not territory.is_primary:
        raise Http404("not a rural district")
    settlements = by_name(
        Territory.objects.filter(parent=territory, level=Level.SETTLEMENT, is_active=True).only(
            "code", "name_kk", "name_ru", "name_en", "population", "adult_population", "path"
        )
    )
    populations = [s.population for s in settlements]
    adults = [s.adult_population for s in settlements]
    totals = Totals(
        population=_total(populations),
        adult_population=_total(adults),
        complete=all(v is not None for v in populations + adults),
    )
    return {
        **activity(territory),
        "territory": territory,
        "ancestors": territory_selectors.ancestors(territory),
        "office": Office.objects.filter(territory=territory).first(),
        "settlements": settlements,
        "totals": totals,
    }


UPCOMING_SHOWN = 3


def _meeting_url(row: dict, code: str) -> str:
    if row.get("url"):
        return row["url"]
    if row.get("source") == "assemblies" and row.get("object") is not None:
        return reverse("assemblies:public_detail", args=[code, row["object"].pk])
    return ""


def activity(territory: Territory) -> dict:
    """What is happening in a rural district, gathered from each capability's public selectors: the next
    meetings (gatherings, sessions, the akim's reporting meetings), surveys open now, civic-project
    campaigns and their phase, the years of budget published, public documents from the units above,
    referendums and recall initiatives, citizen juries, akim elections."""
    now = timezone.now()
    coming = sorted((row for row in public_calendar(territory) if row["starts_at"] >= now),
                    key=lambda row: row["starts_at"])[:UPCOMING_SHOWN]
    for row in coming:
        row["link"] = _meeting_url(row, territory.code)
    campaigns = [(campaign, phase_on(campaign)) for campaign in campaigns_of(territory)[:3]]
    return {
        "coming_meetings": coming,
        "open_surveys": open_surveys(territory)[:3],
        "campaigns": campaigns,
        "budget_years": [budget.year for budget in public_budgets(territory)][:3],
        "public_documents": public_documents(territory)[:5],
        "referendums": public_referendums(territory)[:5],
        "juries": public_juries(territory)[:5],
        "elections": public_elections(territory)[:3],
    }
