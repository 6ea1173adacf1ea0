"""Rows 6 and 7 of the Decree No. 826 form, read from the appeals and reception apps.

* Row 6 (appeals received through social networks, blogs, e-mail, by addressee level) goes through the
  appeals' own report selector :func:`auyl.appeals.reports.appeals_of` (permission ``appeal.report``,
  a settlement by its appeals' settlement, anything larger by its subtree), counting appeals of channel
  ``social`` by their date of receipt. An appeal is addressed to the akim of the unit it is registered
  with (always a rural district or a town in this system), so its level gives the sub-row.
* Row 7 (receptions held, citizens received) has no selector in the reception app (its reads serve the
  day's queue, with names and phones). :func:`receptions` is a documented, read-only, aggregate-only query
  of ``reception.Booking``: a *reception held* is a day on which the akim of a unit received at least one
  citizen (a visit recorded as seen); *citizens received* counts those visits. For a settlement, the
  visits of residents registered in it count (a reception belongs to its rural district). No personal
  data leaves this function. The lead may move it into ``auyl/reception/selectors.py`` as is.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from auyl.appeals.models import Channel
from auyl.appeals.reports import appeals_of
from auyl.territory.models import Level

from .levels import level_of_unit


def social_appeals(user, territory, start: dt.date, ends: list[dt.date]) -> dict[str, list[int]]:
    """``{akim level: [count up to each end]}`` of appeals received by social network, blog or e-mail
    from ``start`` to each of ``ends`` (inclusive)."""
    counts = {f"n{i}": Count("id", filter=Q(received_on__lte=end)) for i, end in enumerate(ends)}
    rows = (
        appeals_of(user, territory)
        .filter(channel=Channel.SOCIAL, received_on__gte=start, received_on__lte=max(ends))
        .values("territory__level")
        .annotate(**counts)
    )
    result: dict[str, list[int]] = {}
    for row in rows:
        sums = result.setdefault(level_of_unit(row["territory__level"]), [0] * len(ends))
        for i in range(len(ends)):
            sums[i] += row[f"n{i}"]
    return result


def receptions(territory, start: dt.date, ends: list[dt.date]) -> dict[str, list[tuple[int, int]]]:
    """``{akim level: [(receptions held, citizens received) up to each end]}`` from ``start`` to each of
    ``ends`` (inclusive), for ``territory`` and the units below it. The caller checks the permission."""
    from auyl.reception.models import Booking
    from auyl.reception.models import Status as BookingStatus

    seen = Booking.objects.filter(status=BookingStatus.SEEN, date__gte=start, date__lte=max(ends)).order_by()
    if territory.level == Level.SETTLEMENT:
        seen = seen.filter(resident__territory_path__startswith=territory.path)
    else:
        seen = seen.filter(territory_path__startswith=territory.path)
    counts = {}
    for i, end in enumerate(ends):
        counts[f"d{i}"] = Count("date", distinct=True, filter=Q(date__lte=end))
        counts[f"c{i}"] = Count("id", filter=Q(date__lte=end))
    result: dict[str, list[list[int]]] = {}
    for row in seen.values("territory_id", "territory__level").annotate(**counts):
        sums = result.setdefault(level_of_unit(row["territory__level"]), [[0, 0] for _end in ends])
        for i in range(len(ends)):
            sums[i][0] += row[f"d{i}"]
            sums[i][1] += row[f"c{i}"]
    return {level: [(days, citizens) for days, citizens in sums] for level, sums in result.items()}
