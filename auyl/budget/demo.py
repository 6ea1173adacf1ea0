"""Demo budgets of the Krasnoyarsky rural district (``manage.py budget_demo``).

ILLUSTRATIVE FIGURES. The sources give no budget of this rural district: they give the national
picture (2020: average rural budget about 107 m tenge, range 2.8 m - 2.5 bn; own revenue 13.4%,
``000:416-418``) and the kinds of revenue and spending (``000:410-414``, ``000:610``). The amounts below are
ours, sized for a suburban district of about 12,400 people (``002``: Krasny Yar, two kindergartens of 150
and 140 places, ``002:333``), so its own-revenue share (about 30%) is higher than the national 13.4%.

* The previous year: the plan drafted, published, agreed by the community meeting and approved by the
  maslikhat in the autumn before; an amendment in June (an extra transfer for roads and lighting);
  executed month by month, every month's actuals recorded; closed in January.
* The current year: approved the December before, executed, actuals recorded up to last month; an
  amendment (savings on the apparatus moved to street lighting) published for discussion.

Everything goes through the services, as the demo staff (``demo-akim`` prepares, executes and records
the community meeting's agreement; ``demo-district`` records the maslikhat's approval). A year whose budget
exists is left alone, so a second run adds nothing. Needs ``manage.py demo`` first (its staff).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from auyl.accounts.models import User
from auyl.territory import demo as territory_demo
from auyl.territory.models import Territory

from . import services
from .execution import ActualEntry
from .models import Budget, PeriodKind, Section

M = Decimal(1_000_000)
REVENUE = {  # previous year's plan, million tenge
    "property_tax": "14.2",
    "land_tax": "6.8",
    "vehicle_tax": "27.5",
    "income_tax": "19.6",
    "sme_corporate_tax": "3.1",
    "other_taxes": "0.45",
    "fees": "1.15",
    "fines": "0.62",
    "voluntary": "0.3",
    "property_income": "2.28",
    "transfers": "176",
}
EXPENDITURE = {
    "apparatus": "61.5",
    "preschool": "98",
    "home-social-assistance": "5.4",
    "street-lighting": "17.8",
    "amenities": "26.3",
    "sanitation": "9.2",
    "roads": "24",
    "water-supply": "7.6",
    "household-records": "2.2",
}
GROWTH = {  # the current year's plan against the previous one
    "property_tax": "15.1",
    "land_tax": "7.1",
    "vehicle_tax": "29.8",
    "income_tax": "21.4",
    "sme_corporate_tax": "3.6",
    "other_taxes": "0.5",
    "fees": "1.2",
    "fines": "0.7",
    "voluntary": "0.3",
    "property_income": "2.4",
    "transfers": "183.7",
    "apparatus": "64.3",
    "preschool": "102.5",
    "home-social-assistance": "5.7",
    "street-lighting": "19.2",
    "amenities": "27.1",
    "sanitation": "9.8",
    "roads": "26",
    "water-supply": "8.9",
    "household-records": "2.3",
}
# How much of the plan came in or was spent over the year (illustrative).
EXECUTION = {
    "property_tax": "1.03",
    "land_tax": "0.97",
    "vehicle_tax": "1.05",
    "income_tax": "1.02",
    "sme_corporate_tax": "0.92",
    "other_taxes": "1.1",
    "fees": "0.95",
    "fines": "1.2",
    "voluntary": "0.8",
    "property_income": "1",
    "transfers": "1",
}
EXPENDITURE_EXECUTION = {
    "apparatus": "0.99",
    "preschool": "0.98",
    "home-social-assistance": "1",
    "street-lighting": "0.95",
    "amenities": "0.9",
    "sanitation": "0.96",
    "roads": "0.86",
    "water-supply": "0.88",
    "household-records": "1",
}
# Monthly profiles (per cent of the year): property taxes of individuals are paid mostly by 1 October.
PROPERTY_PROFILE = [2, 2, 2, 3, 4, 5, 6, 10, 40, 16, 6, 4]
EVEN_PROFILE = [7, 7, 8, 8, 8, 8, 8, 8, 8, 9, 9, 12]
SPENDING_PROFILE = [6, 7, 8, 8, 8, 9, 8, 8, 9, 9, 9, 11]
SUMMER_PROFILE = [
    1,
    1,
    2,
    5,
    12,
    16,
    18,
    17,
    13,
    8,
    4,
    3,
]  # roads and landscaping are done in the warm months
SEASONAL = {"property_tax", "land_tax", "vehicle_tax"}
SUMMER_WORKS = {"roads", "amenities"}

PREVIOUS_AMENDMENT = {"transfers": "194", "roads": "39", "street-lighting": "20.8"}
PREVIOUS_REASON = (
    "Аудан бюджетінен Абай көшесін жөндеуге және көше жарығына қосымша трансферт. / Дополнительный "
    "трансферт из районного бюджета на ремонт улицы Абая и уличное освещение."
)
CURRENT_AMENDMENT = {"apparatus": "62.8", "street-lighting": "20.7"}
CURRENT_REASON = (
    "Аппарат шығыстарынан үнемделген қаражатты мектепке апаратын көшелерді жарықтандыруға беру. / "
    "Экономия на содержании аппарата направляется на освещение улиц к школе."
)


def _tenge(millions: str) -> Decimal:
    return (Decimal(millions) * M).quantize(Decimal("1"))


def _plan(base: dict, overrides: dict | None = None) -> tuple[dict, dict]:
    values = {**base, **(overrides or {})}
    revenue = {code: _tenge(values[code]) for code in REVENUE}
    expenditure = {code: _tenge(values[code]) for code in EXPENDITURE}
    return revenue, expenditure


def _spread(total: Decimal, profile: list[int], months: int) -> list[Decimal]:
    """``total`` split by ``profile`` over the whole year, whole tenge, the last month taking the rest;
    the first ``months`` months returned."""
    parts = [(total * weight / 100).quantize(Decimal("1")) for weight in profile[:11]]
    parts.append(total - sum(parts))
    return parts[:months]


def _entries(revenue: dict, expenditure: dict, months: int) -> list[ActualEntry]:
    entries = []
    for code, plan in revenue.items():
        profile = PROPERTY_PROFILE if code in SEASONAL else EVEN_PROFILE
        year_total = (plan * Decimal(EXECUTION[code])).quantize(Decimal("1"))
        if code == "transfers":
            profile = [8, 8, 8, 8, 8, 8, 8, 8, 9, 9, 9, 9]
        for month, amount in enumerate(_spread(year_total, profile, months), start=1):
            entries.append(ActualEntry(Section.REVENUE, code, month, amount))
    for code, plan in expenditure.items():
        year_total = (plan * Decimal(EXPENDITURE_EXECUTION[code])).quantize(Decimal("1"))
        profile = SUMMER_PROFILE if code in SUMMER_WORKS else SPENDING_PROFILE
        for month, amount in enumerate(_spread(year_total, profile, months), start=1):
            entries.append(ActualEntry(Section.EXPENDITURE, code, month, amount))
    return entries


def _approve(akim, district, version, dates: dict, numbers: tuple[str, str]) -> None:
    services.publish(actor=akim, version=version, published_on=dates["published"])
    services.record_agreement(actor=akim, version=version, agreed_on=dates["agreed"], number=numbers[0])
    services.record_approval(
        actor=district, version=version, approved_on=dates["approved"], number=numbers[1]
    )


def _previous_year(territory, akim, district, year: int, today: dt.date) -> None:
    budget = services.create_budget(
        actor=akim,
        territory=territory,
        year=year,
        period_kind=PeriodKind.MONTH,
        drafted_on=dt.date(year - 1, 10, 15),
    )
    version = budget.versions.get(number=1)
    revenue, expenditure = _plan(REVENUE | EXPENDITURE)
    services.save_plan(actor=akim, version=version, revenue=revenue, expenditure=expenditure)
    _approve(
        akim,
        district,
        version,
        {
            "published": dt.date(year - 1, 11, 15),
            "agreed": dt.date(year - 1, 12, 4),
            "approved": dt.date(year - 1, 12, 24),
        },
        ("7", "41/3"),
    )
    services.start_execution(actor=akim, version=version, started_on=dt.date(year, 1, 1))
    revenue, expenditure = _plan(REVENUE | EXPENDITURE, PREVIOUS_AMENDMENT)
    entries = _entries(revenue, expenditure, 12)  # the year as it turned out, amendment included
    services.record_actuals(
        actor=akim, budget=budget, entries=[e for e in entries if e.period <= 5], source="demo"
    )
    amendment = services.start_amendment(
        actor=akim, budget=budget, reason=PREVIOUS_REASON, drafted_on=dt.date(year, 5, 20)
    )
    services.save_plan(actor=akim, version=amendment, revenue=revenue, expenditure=expenditure)
    _approve(
        akim,
        district,
        amendment,
        {"published": dt.date(year, 5, 26), "agreed": dt.date(year, 6, 10), "approved": dt.date(year, 6, 26)},
        ("9", "46/2"),
    )
    services.record_actuals(
        actor=akim, budget=budget, entries=[e for e in entries if e.period > 5], source="demo"
    )
    services.close(
        actor=akim, version=budget.versions.get(number=2), closed_on=min(dt.date(year + 1, 1, 22), today)
    )


def _current_year(territory, akim, district, year: int, today: dt.date) -> None:
    budget = services.create_budget(
        actor=akim,
        territory=territory,
        year=year,
        period_kind=PeriodKind.MONTH,
        drafted_on=dt.date(year - 1, 10, 14),
    )
    version = budget.versions.get(number=1)
    revenue, expenditure = _plan(GROWTH)
    services.save_plan(actor=akim, version=version, revenue=revenue, expenditure=expenditure)
    _approve(
        akim,
        district,
        version,
        {
            "published": dt.date(year - 1, 11, 14),
            "agreed": dt.date(year - 1, 12, 3),
            "approved": dt.date(year - 1, 12, 23),
        },
        ("12", "52/4"),
    )
    services.start_execution(actor=akim, version=version, started_on=dt.date(year, 1, 1))
    months = today.month - 1
    if months:
        services.record_actuals(
            actor=akim, budget=budget, entries=_entries(revenue, expenditure, months), source="demo"
        )
    if today.month >= 3:
        amendment = services.start_amendment(
            actor=akim, budget=budget, reason=CURRENT_REASON, drafted_on=today - dt.timedelta(days=10)
        )
        revenue, expenditure = _plan(GROWTH, CURRENT_AMENDMENT)
        services.save_plan(actor=akim, version=amendment, revenue=revenue, expenditure=expenditure)
        services.publish(actor=akim, version=amendment, published_on=today - dt.timedelta(days=6))


@transaction.atomic
def load_budget_demo() -> dict[str, int]:
    """Create the demo budgets that are missing; return which years were created."""
    territory = Territory.objects.get(code=territory_demo.KRASNOYAR)
    akim = User.objects.get(username="demo-akim")
    district = User.objects.get(username="demo-district")
    today = timezone.localdate()
    created = {}
    for year, build in ((today.year - 1, _previous_year), (today.year, _current_year)):
        if Budget.objects.filter(territory=territory, year=year).exists():
            created[str(year)] = 0
            continue
        build(territory, akim, district, year, today)
        created[str(year)] = 1
    return created
