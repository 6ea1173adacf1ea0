"""Entering a campaign's published figures as printed (000:451-459, tables of 000:483-528).

Values are checked for type and range only (no negative counts, no share above 100 %). Whether a row's
parts add up to its total is deliberately *not* enforced: a published table is entered as it was
printed, and :mod:`.reports` lists where its arithmetic does not hold.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from auyl.core import audit
from auyl.core.permissions import paths_for, require_perm

from .models import Campaign, Party, RegionReturn

COLUMNS = ["akims", *Party.values, "self", "district_akim"]
MAX_COUNT = 1_000_000
CAMPAIGN_COUNTS = [
    "districts",
    "nominated",
    "registered",
    "registered_self",
    "registered_party",
    "registered_men",
    "registered_women",
]


def _require_national(actor) -> None:
    if "" not in paths_for(actor, "elections.campaign"):
        raise PermissionDenied(_("Only a national administrator enters the figures of a whole campaign."))


def _count(value, name: str, errors: dict, *, required: bool = False) -> int | None:
    if value is None or value == "":
        if required:
            errors[name] = [_("This figure is required.")]
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_COUNT:
        errors[name] = [_("Give a whole number from 0.")]
        return None
    return value


def _decimal(value, name: str, errors: dict, low: int, high: int) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        errors[name] = [_("Give a number.")]
        return None
    if not number.is_finite() or not low <= number <= high:
        errors[name] = [_("Give a number from %(low)s to %(high)s.") % {"low": low, "high": high}]
        return None
    return number


def _columns(values: dict | None, errors: dict, name: str, *, shares: bool) -> dict:
    clean = {}
    for key, value in (values or {}).items():
        if key not in COLUMNS:
            errors[name] = [_("Unknown column: %(key)s.") % {"key": key}]
            continue
        if shares:
            number = _decimal(value, name, errors, 0, 100)
            if number is not None:
                clean[key] = str(value).replace(",", ".")
        else:
            number = _count(value, name, errors)
            if number is not None:
                clean[key] = number
    return clean


@transaction.atomic
def create_campaign(
    *,
    actor,
    year: int,
    title: str,
    source: str = "",
    stated_totals: dict | None = None,
    stated_shares: dict | None = None,
    registered_percent=None,
    **counts,
) -> Campaign:
    """Record a campaign with its printed totals and shares (re-entering a year corrects it)."""
    _require_national(actor)
    errors: dict[str, list[str]] = {}
    if not isinstance(year, int) or not 2021 <= year <= 2100:
        errors["year"] = [_("Akim elections are held from 2021 (000:434): give a year from 2021.")]
    title = " ".join((title or "").split())
    if not title or len(title) > 300:
        errors["title"] = [_("Give a title (at most 300 characters).")]
    fields = {name: _count(counts.get(name), name, errors) for name in CAMPAIGN_COUNTS}
    unknown = set(counts) - set(CAMPAIGN_COUNTS)
    if unknown:
        errors["__all__"] = [_("Unknown figure: %(names)s.") % {"names": ", ".join(sorted(unknown))}]
    fields["registered_percent"] = _decimal(registered_percent, "registered_percent", errors, 0, 100)
    fields["stated_totals"] = _columns(stated_totals, errors, "stated_totals", shares=False)
    fields["stated_shares"] = _columns(stated_shares, errors, "stated_shares", shares=True)
    if errors:
        raise ValidationError(errors)
    fields.update(title=title, source=(source or "").strip()[:300])
    campaign, created = Campaign.objects.update_or_create(year=year, defaults=fields)
    audit.record(
        actor=actor,
        action="elections.campaign_entered" if created else "elections.campaign_corrected",
        obj=campaign,
        changes={k: v for k, v in fields.items()},
    )
    return campaign


@transaction.atomic
def enter_region_return(
    *,
    actor,
    campaign: Campaign,
    region_name: str,
    akims: int,
    by_party: dict | None = None,
    self_nominated: int = 0,
    region=None,
    sort: int = 0,
    re_elected=None,
    women=None,
    average_age=None,
    kazakh_percent=None,
    living_in_district=None,
) -> RegionReturn:
    """Enter (or correct) one region's row of both tables; None means "-" (not published)."""
    if region is not None:
        require_perm(actor, "elections.campaign", region)
    else:
        _require_national(actor)
    errors: dict[str, list[str]] = {}
    region_name = " ".join((region_name or "").split())
    if not region_name or len(region_name) > 200:
        errors["region_name"] = [_("Give the region's name.")]
    fields = {
        "akims": _count(akims, "akims", errors, required=True),
        "self_nominated": _count(self_nominated, "self_nominated", errors) or 0,
        "re_elected": _count(re_elected, "re_elected", errors),
        "women": _count(women, "women", errors),
        "living_in_district": _count(living_in_district, "living_in_district", errors),
        "average_age": _decimal(average_age, "average_age", errors, 18, 100),
        "kazakh_percent": _decimal(kazakh_percent, "kazakh_percent", errors, 0, 100),
        "region": region,
        "sort": sort if isinstance(sort, int) else 0,
    }
    parties = _columns(by_party, errors, "by_party", shares=False)
    if any(key not in Party.values for key in parties):
        errors["by_party"] = [_("Winners by party are given per party; self-nominated separately.")]
    if errors:
        raise ValidationError(errors)
    fields["by_party"] = parties
    row, created = RegionReturn.objects.update_or_create(
        campaign=campaign, region_name=region_name, defaults=fields
    )
    audit.record(
        actor=actor,
        action="elections.region_entered" if created else "elections.region_corrected",
        obj=row,
        territory=region,
        changes={k: (str(v) if hasattr(v, "as_tuple") else v) for k, v in fields.items() if k != "region"},
    )
    return row
