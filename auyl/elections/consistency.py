"""The arithmetic of a printed campaign, checked (000:451-459, 000:483-528).

Every check compares two figures the source prints (or one printed and one that follows from printed
ones) and, when they differ, says both; a share is compared at the precision it was printed with, so
"77" for 563 of 730 (77.12 %) holds while "4,3" for 32 of 730 (4.38 %) does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

TABLE_1, TABLE_2, TEXT = "1", "2", "text"


@dataclass
class Issue:
    table: str  # TABLE_1, TABLE_2 or TEXT
    where: str
    message: str


def _fmt(value) -> str:
    return str(value).replace(".", ",") if isinstance(value, Decimal) else str(value)


def _round_like(value: Decimal, printed: str) -> Decimal:
    exponent = Decimal(printed).as_tuple().exponent
    return value.quantize(Decimal(1).scaleb(min(exponent, 0)), rounding=ROUND_HALF_UP)


def _rows(report) -> list[Issue]:
    issues = []
    for row in report.rows:
        if row.source == "published" and row.parts_sum != row.akims:
            issues.append(
                Issue(
                    TABLE_1,
                    row.name,
                    _(
                        "The winners by party and self-nominated add up to %(sum)s, "
                        "the row says %(stated)s akims."
                    )
                    % {"sum": row.parts_sum, "stated": row.akims},
                )
            )
    return issues


def _totals(report) -> list[Issue]:
    issues, stated = [], report.stated_totals
    labels = {c.key: c.label for c in report.columns} | {"akims": _("Number of akims")}
    for key, printed in stated.items():
        if report.totals.get(key, 0) != printed:
            issues.append(
                Issue(
                    TABLE_1,
                    labels.get(key, key),
                    _("The regions add up to %(sum)s, the total row says %(stated)s.")
                    % {"sum": report.totals.get(key, 0), "stated": printed},
                )
            )
    parts = [v for k, v in stated.items() if k != "akims"]
    if "akims" in stated and parts and sum(parts) != stated["akims"]:
        issues.append(
            Issue(
                TABLE_1,
                _("Total"),
                _(
                    "The printed totals by party and self-nominated add up to "
                    "%(sum)s, the printed number of akims is %(stated)s."
                )
                % {"sum": sum(parts), "stated": stated["akims"]},
            )
        )
    return issues


def _shares(report) -> list[Issue]:
    issues, stated = [], report.stated_totals
    whole = stated.get("akims") or report.totals.get("akims")
    labels = {c.key: c.label for c in report.columns}
    for key, printed in report.stated_shares.items():
        part = stated.get(key, report.totals.get(key)) if key != "akims" else whole
        if not whole or part is None:
            continue
        computed = _round_like(Decimal(part) * 100 / Decimal(whole), printed)
        if computed != Decimal(printed):
            issues.append(
                Issue(
                    TABLE_1,
                    labels.get(key, key),
                    _("%(part)s of %(whole)s is %(computed)s %%, the share row says %(printed)s %%.")
                    % {
                        "part": part,
                        "whole": whole,
                        "computed": _fmt(computed),
                        "printed": _fmt(Decimal(printed)),
                    },
                )
            )
    return issues


def _quality(report) -> list[Issue]:
    issues = []
    for row in report.rows:
        for attr, label in (
            ("re_elected", _("Re-elected")),
            ("women", _("Women")),
            ("living_in_district", _("Live in the district")),
        ):
            value = getattr(row, attr)
            if value is not None and value > row.akims:
                issues.append(
                    Issue(
                        TABLE_2,
                        row.name,
                        _("%(label)s: %(value)s, more than the %(akims)s akims elected.")
                        % {"label": label, "value": value, "akims": row.akims},
                    )
                )
    return issues


def _text(campaign) -> list[Issue]:
    if campaign is None:
        return []
    issues = []
    pairs = [
        (campaign.registered_self, campaign.registered_party, _("self-nominated and party nominees")),
        (campaign.registered_men, campaign.registered_women, _("men and women")),
    ]
    for first, second, label in pairs:
        if None not in (first, second, campaign.registered) and first + second != campaign.registered:
            issues.append(
                Issue(
                    TEXT,
                    _("Candidates registered"),
                    _("Registered %(label)s add up to %(sum)s, the text says %(stated)s registered.")
                    % {"label": label, "sum": first + second, "stated": campaign.registered},
                )
            )
    if (
        None not in (campaign.registered, campaign.nominated, campaign.registered_percent)
        and campaign.nominated
    ):
        printed = format(campaign.registered_percent.normalize(), "f")
        computed = _round_like(Decimal(campaign.registered) * 100 / campaign.nominated, printed)
        if computed != Decimal(printed):
            issues.append(
                Issue(
                    TEXT,
                    _("Candidates registered"),
                    _("%(part)s of %(whole)s is %(computed)s %%, the text says %(printed)s %%.")
                    % {
                        "part": campaign.registered,
                        "whole": campaign.nominated,
                        "computed": _fmt(computed),
                        "printed": _fmt(Decimal(printed)),
                    },
                )
            )
    akims = campaign.stated_totals.get("akims")
    if campaign.districts is not None and akims is not None and akims != campaign.districts:
        issues.append(
            Issue(
                TEXT,
                _("Electoral districts"),
                _("%(akims)s akims were elected in %(districts)s districts.")
                % {"akims": akims, "districts": campaign.districts},
            )
        )
    return issues


def _gaps(report) -> list[tuple[str, int]]:
    published = [r for r in report.rows if r.source == "published"]
    columns = (
        ("re_elected", _("Re-elected")),
        ("women", _("Women")),
        ("average_age", _("Average age")),
        ("kazakh_percent", _("Kazakhs, %")),
        ("living_in_district", _("Live in the district")),
    )
    gaps = [(label, sum(getattr(r, attr) is None for r in published)) for attr, label in columns]
    return [(label, n) for label, n in gaps if n]


def check(report) -> tuple[list[Issue], list[tuple[str, int]]]:
    """Inconsistencies of the report's printed figures, and the table-2 columns with unpublished values."""
    issues = _rows(report) + _totals(report) + _shares(report) + _quality(report) + _text(report.campaign)
    return issues, _gaps(report)
