"""Kazakhstan's public holidays for the business calendar (:mod:`auyl.core.calendar`).

Fixed-date holidays follow the Law "On holidays in the Republic of Kazakhstan" as amended in 2022
(Republic Day, 25 October, restored; Independence Day on 16 December only). When a holiday falls on a
Saturday or Sunday, the next working day is a day off (Labour Code); the religious holidays —
Orthodox Christmas and the first day of Kurban ait — are days off without such a transfer.

Kurban ait follows the lunar calendar and is announced each year: only dates known for certain are
listed in :data:`KURBAN_AIT`. Extra transfers the Government decrees each year (a weekday made a day
off in exchange for a worked Saturday) are not rules: add them in :data:`DECREE_TRANSFERS` or in the
Django admin. :func:`load_holidays` only adds missing days, so an administrator's edits survive it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from . import audit
from .models import CalendarDay


@dataclass(frozen=True)
class Holiday:
    date: dt.date
    kind: str
    name_kk: str
    name_ru: str
    name_en: str


# (month, day, Kazakh, Russian, English, transferred when it falls on a weekend)
FIXED_HOLIDAYS = [
    (1, 1, "Жаңа жыл", "Новый год", "New Year", True),
    (1, 2, "Жаңа жыл", "Новый год", "New Year", True),
    (1, 7, "Православиелік Рождество", "Православное Рождество", "Orthodox Christmas", False),
    (3, 8, "Халықаралық әйелдер күні", "Международный женский день", "International Women's Day", True),
    (3, 21, "Наурыз мейрамы", "Наурыз мейрамы", "Nauryz", True),
    (3, 22, "Наурыз мейрамы", "Наурыз мейрамы", "Nauryz", True),
    (3, 23, "Наурыз мейрамы", "Наурыз мейрамы", "Nauryz", True),
    (5, 1, "Қазақстан халқының бірлігі мерекесі", "Праздник единства народа Казахстана",
     "Unity Day of the People of Kazakhstan", True),
    (5, 7, "Отан қорғаушы күні", "День защитника Отечества", "Defender of the Fatherland Day", True),
    (5, 9, "Жеңіс күні", "День Победы", "Victory Day", True),
    (7, 6, "Астана күні", "День столицы", "Capital Day", True),
    (8, 30, "Қазақстан Республикасының Конституциясы күні", "День Конституции Республики Казахстан",
     "Constitution Day", True),
    (10, 25, "Республика күні", "День Республики", "Republic Day", True),
    (12, 16, "Тәуелсіздік күні", "День Независимости", "Independence Day", True),
]

KURBAN_AIT_NAMES = ("Құрбан айт", "Курбан айт", "Kurban Ait")
# First day of Kurban ait as announced for Kazakhstan; a day off, never transferred.
KURBAN_AIT = {
    2025: dt.date(2025, 6, 6),
    2026: dt.date(2026, 5, 27),
}

# Government decrees: {year: [(date, kind), ...]} with kind "day_off" or "working_day".
DECREE_TRANSFERS: dict[int, list[tuple[dt.date, str]]] = {}


def holidays_for(year: int) -> list[Holiday]:
    """Holidays, transferred days off and decreed transfers of ``year``, in date order."""
    days: dict[dt.date, Holiday] = {}
    transferable: list[Holiday] = []
    for month, day, kk, ru, en, moves in FIXED_HOLIDAYS:
        holiday = Holiday(dt.date(year, month, day), CalendarDay.Kind.HOLIDAY, kk, ru, en)
        days[holiday.date] = holiday
        if moves and holiday.date.weekday() >= 5:
            transferable.append(holiday)
    if year in KURBAN_AIT:
        days[KURBAN_AIT[year]] = Holiday(KURBAN_AIT[year], CalendarDay.Kind.HOLIDAY, *KURBAN_AIT_NAMES)
    for holiday in transferable:
        target = holiday.date + dt.timedelta(days=1)
        while target.weekday() >= 5 or target in days:
            target += dt.timedelta(days=1)
        days[target] = Holiday(
            target, CalendarDay.Kind.DAY_OFF,
            f"Ауыстырылған демалыс күні ({holiday.name_kk})",
            f"Перенесённый выходной ({holiday.name_ru})",
            f"Transferred day off ({holiday.name_en})",
        )
    for date, kind in DECREE_TRANSFERS.get(year, []):
        days.setdefault(date, Holiday(date, kind, "Ауыстырылған күн", "Перенесённый день", "Transferred day"))
    return sorted(days.values(), key=lambda h: h.date)


@transaction.atomic
def load_holidays(years: Iterable[int], *, actor=None) -> int:
    """Add the holidays of ``years`` to the business calendar; days already there are left as they
    are (an administrator may have corrected them). Returns how many days were added."""
    wanted = [h for year in sorted(set(years)) for h in holidays_for(year)]
    present = set(CalendarDay.objects.filter(date__in=[h.date for h in wanted]).values_list("date", flat=True))
    missing = [h for h in wanted if h.date not in present]
    CalendarDay.objects.bulk_create([
        CalendarDay(date=h.date, kind=h.kind, name_kk=h.name_kk, name_ru=h.name_ru, name_en=h.name_en)
        for h in missing
    ])
    if missing:
        audit.record(actor=actor or "system", action="calendar.holidays_loaded", object_type="core.calendarday",
                     object_id=",".join(str(y) for y in sorted(set(years))), object_label="public holidays",
                     changes={"added": [h.date.isoformat() for h in missing]})
    return len(missing)
