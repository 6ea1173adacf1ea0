"""CSV and XLSX of the election reports and of one election's results, through the house writers
(:mod:`auyl.core.exports`: UTF-8 CSV with BOM for Excel, XLSX with numbers as numbers)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from auyl.core.exports import Document, Table, export  # noqa: F401  (export re-exported for the views)

from .reports import PUBLISHED, Report
from .selectors import ElectionView, status_label

FORMATS = ("csv", "xlsx")


def _source(row) -> str:
    return _("as published") if row.source == PUBLISHED else _("recorded in auyl")


def report_document(report: Report) -> Document:
    columns = report.columns
    header = [_("Region"), _("Number of akims"), *[c.label for c in columns], _("Source")]
    rows = [[r.name, r.akims, *r.values(columns), _source(r)] for r in report.rows]
    rows.append(
        [
            _("Total (sum of the regions)"),
            report.totals["akims"],
            *[report.totals[c.key] for c in columns],
            "",
        ]
    )
    if report.stated_totals:
        rows.append(
            [
                _("Total as printed"),
                report.stated_totals.get("akims"),
                *[report.stated_totals.get(c.key) for c in columns],
                "",
            ]
        )
    rows.append([_("Share, %"), report.shares["akims"], *[report.shares[c.key] for c in columns], ""])
    if report.stated_shares:
        printed = {k: Decimal(v) for k, v in report.stated_shares.items()}
        rows.append(
            [_("Share as printed, %"), printed.get("akims"), *[printed.get(c.key) for c in columns], ""]
        )
    table_1 = Table(_("Winners by region and party"), header, rows)
    quality = Table(
        _("Qualitative composition of the winners"),
        [
            _("Region"),
            _("Number of akims"),
            _("Re-elected"),
            _("Women"),
            _("Average age"),
            _("Kazakhs, %"),
            _("Live in the district"),
        ],
        [
            [r.name, r.akims, r.re_elected, r.women, r.average_age, r.kazakh_percent, r.living_in_district]
            for r in report.rows
        ],
    )
    q = report.quality_totals
    quality.footer = [
        _("Total (published values only)"),
        q["akims"],
        q["re_elected"],
        q["women"],
        q["average_age"],
        q["kazakh_percent"],
        q["living_in_district"],
    ]
    issues = Table(
        _("Inconsistencies in the published figures"),
        [_("Table"), _("Where"), _("What")],
        [[i.table, i.where, i.message] for i in report.issues],
    )
    title = _("Akim elections %(year)s") % {"year": report.year}
    subtitle = report.campaign.source if report.campaign else ""
    return Document(title, subtitle, f"akim-elections-{report.year}", [table_1, quality, issues])


def election_document(view: ElectionView) -> Document:
    election, result = view.election, view.tally
    candidates = [t.candidate for t in result.candidates]
    header = [
        _("Polling station No."),
        _("Place"),
        _("Voters on the list"),
        _("Voters who took part"),
        *[c.full_name for c in candidates],
        _("Against all"),
        _("Invalid ballots"),
    ]
    rows = [
        [
            s.number,
            s.name,
            s.voters,
            s.ballots_issued,
            *[s.by_candidate.get(c.pk, 0) for c in candidates],
            s.against_all,
            s.invalid,
        ]
        for s in view.stations
    ]
    footer = [
        _("Total"),
        "",
        result.voters,
        result.ballots_issued,
        *[t.votes for t in result.candidates],
        result.against_all,
        result.invalid,
    ]
    stations = Table(_("Results by polling station"), header, rows, footer)
    summary = Table(
        _("Results"),
        [_("Candidate"), _("Nominated by"), _("Votes"), "%"],
        [
            [t.candidate.full_name, t.candidate.nominated_by_label, t.votes, t.percent]
            for t in result.candidates
        ]
        + [
            [_("Against all"), "", result.against_all, result.against_all_percent],
            [_("Turnout"), "", result.ballots_issued, result.turnout_percent],
        ],
    )
    title = _("Election of the akim of %(unit)s") % {"unit": election.territory.name}
    subtitle = f"{election.election_date:%d.%m.%Y} · {status_label(election)}"
    return Document(
        title,
        subtitle,
        f"akim-election-{election.territory.code}-{election.election_date:%Y-%m-%d}",
        [summary, stations],
    )
