"""Reports of an election year in the form of 000:483-528: winners by region and party (table 1) and the
qualitative composition of the winners (table 2), with the arithmetic of what was printed checked.

A region's row comes from the campaign's published return when one was entered, otherwise from the
elections recorded in auyl with final results. Nothing is corrected: where a printed table does not add
up, the report shows both figures and lists the inconsistency (:class:`Issue`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from auyl.territory.models import Territory

from .consistency import Issue, check
from .models import Campaign, Election, ElectionStatus, Nomination, Outcome, Party
from .results import percent

SELF, AKIM = "self", "district_akim"
PUBLISHED, RECORDED = "published", "recorded"


@dataclass
class Column:
    key: str
    label: str


@dataclass
class RegionRow:
    name: str
    source: str  # PUBLISHED or RECORDED
    akims: int
    cells: dict[str, int]  # column key -> winners
    re_elected: int | None = None
    women: int | None = None
    average_age: Decimal | None = None
    kazakh_percent: Decimal | None = None
    living_in_district: int | None = None
    code: str = ""
    cells_in_order: list[int] = field(default_factory=list)

    @property
    def parts_sum(self) -> int:
        return sum(self.cells.values())

    def values(self, columns: list[Column]) -> list[int]:
        return [self.cells.get(c.key, 0) for c in columns]


@dataclass
class Report:
    year: int
    campaign: Campaign | None
    columns: list[Column]
    rows: list[RegionRow]
    totals: dict[str, int] = field(default_factory=dict)  # sums of the rows, incl. "akims"
    shares: dict[str, Decimal | None] = field(default_factory=dict)  # of the summed akims
    issues: list[Issue] = field(default_factory=list)
    gaps: list[tuple[str, int]] = field(default_factory=list)  # (quality column label, regions not published)
    quality_totals: dict = field(default_factory=dict)

    @property
    def stated_totals(self) -> dict:
        return self.campaign.stated_totals if self.campaign else {}

    @property
    def stated_shares(self) -> dict:
        return self.campaign.stated_shares if self.campaign else {}

    def total_mismatch(self, key: str) -> bool:
        stated = self.stated_totals.get(key)
        return stated is not None and stated != self.totals.get(key, 0)

    # Cells of the footer rows in column order (for the page).
    @property
    def total_cells(self) -> list[tuple[int, bool]]:
        return [(self.totals[c.key], self.total_mismatch(c.key)) for c in self.columns]

    @property
    def printed_total_cells(self) -> list:
        return [self.stated_totals.get(c.key) for c in self.columns]

    @property
    def share_cells(self) -> list:
        return [self.shares[c.key] for c in self.columns]

    @property
    def printed_share_cells(self) -> list:
        return [self.stated_shares.get(c.key, "").replace(".", ",") or None for c in self.columns]


def _column_label(key: str) -> str:
    if key == SELF:
        return _("Self-nominated")
    if key == AKIM:
        return _("Nominated by the district akim")
    return str(Party(key).label)


def _published_rows(campaign: Campaign) -> list[RegionRow]:
    rows = []
    for r in campaign.regions.select_related("region"):
        cells = {**r.by_party, SELF: r.self_nominated}
        rows.append(
            RegionRow(
                r.region_name,
                PUBLISHED,
                r.akims,
                cells,
                r.re_elected,
                r.women,
                r.average_age,
                r.kazakh_percent,
                r.living_in_district,
                r.region.code if r.region else "",
            )
        )
    return rows


def _recorded_rows(year: int, skip_codes: set[str]) -> list[RegionRow]:
    winners = defaultdict(list)
    elections = Election.objects.filter(
        status=ElectionStatus.FINAL, outcome=Outcome.ELECTED, election_date__year=year
    ).select_related("winner")
    for election in elections:
        code = election.territory_path.split("/")[0]
        if code not in skip_codes:
            winners[code].append((election, election.winner))
    regions = {t.code: t for t in Territory.objects.filter(code__in=winners)}
    rows = []
    for code, pairs in sorted(winners.items()):
        cells: dict[str, int] = defaultdict(int)
        for _e, w in pairs:
            cells[
                w.party
                if w.nomination == Nomination.PARTY
                else (SELF if w.nomination == Nomination.SELF else AKIM)
            ] += 1
        cells.setdefault(SELF, 0)
        people = [w for _e, w in pairs]
        declared = [w for w in people if w.ethnicity]
        ages = [Decimal(w.age_on(e.election_date)) for e, w in pairs]
        rows.append(
            RegionRow(
                regions[code].name if code in regions else code,
                RECORDED,
                len(pairs),
                dict(cells),
                re_elected=sum(w.is_incumbent for w in people),
                women=sum(w.sex == "f" for w in people),
                average_age=(sum(ages) / len(ages)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
                kazakh_percent=(
                    percent(sum(w.ethnicity == "kazakh" for w in declared), len(declared)).quantize(
                        Decimal("0.1")
                    )
                    if declared
                    else None
                ),
                living_in_district=sum(w.lives_in_district for w in people),
                code=code,
            )
        )
    return rows


def _columns(rows: list[RegionRow], campaign: Campaign | None) -> list[Column]:
    used = {k for r in rows for k, v in r.cells.items() if v} | set(
        campaign.stated_totals if campaign else {}
    )
    keys = [p for p in Party.values if p in used] + [SELF] + ([AKIM] if AKIM in used else [])
    return [Column(k, _column_label(k)) for k in keys]


def election_report(year: int) -> Report:
    """Both tables of ``year``: published regional returns first, then regions recorded only in auyl."""
    campaign = Campaign.objects.filter(year=year).first()
    rows = _published_rows(campaign) if campaign else []
    rows += _recorded_rows(year, {r.code for r in rows if r.code})
    report = Report(year, campaign, _columns(rows, campaign), rows)
    for row in rows:
        row.cells_in_order = row.values(report.columns)
    report.totals = {c.key: sum(r.cells.get(c.key, 0) for r in rows) for c in report.columns}
    report.totals["akims"] = sum(r.akims for r in rows)
    report.shares = {k: percent(v, report.totals["akims"]) for k, v in report.totals.items()}
    report.quality_totals = _quality_totals(rows)
    report.issues, report.gaps = check(report)
    return report


def _weighted(rows: list[RegionRow], attr: str) -> Decimal | None:
    known = [r for r in rows if getattr(r, attr) is not None and r.akims]
    weight = sum(r.akims for r in known)
    if not weight:
        return None
    return (sum(getattr(r, attr) * r.akims for r in known) / weight).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def _quality_totals(rows: list[RegionRow]) -> dict:
    def known_sum(attr):
        values = [getattr(r, attr) for r in rows if getattr(r, attr) is not None]
        return sum(values) if values else None

    return {
        "re_elected": known_sum("re_elected"),
        "women": known_sum("women"),
        "average_age": _weighted(rows, "average_age"),
        "kazakh_percent": _weighted(rows, "kazakh_percent"),
        "living_in_district": known_sum("living_in_district"),
        "akims": sum(r.akims for r in rows),
    }


def years_with_data() -> list[int]:
    years = set(Campaign.objects.values_list("year", flat=True))
    years |= {
        d.year
        for d in Election.objects.filter(status=ElectionStatus.FINAL).values_list("election_date", flat=True)
    }
    return sorted(years, reverse=True)
