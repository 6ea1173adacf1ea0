"""Demo of the evaluation: nothing is invented here — the scorecards are computed from the other apps'
demo data (appeals, reporting meetings, gatherings, council, budget, civic projects, surveys, plans).

What the demo adds is the closing of the finished quarters of the demo region (``services.close_quarter``
as its regional supervisor would, or the periodic job after ``kpi.close_after_days``), so that past
quarters are served from their snapshots and the ranking shows a trend. Run it after the other demos
(a closed quarter never changes). A second run adds nothing.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from auyl.accounts.models import User
from auyl.territory import demo as territory_demo
from auyl.territory.models import Territory

from . import selectors, services
from .scoring import Period

QUARTERS_CLOSED = 4
SUPERVISOR = "demo-region"


def load_kpi_demo(today: dt.date | None = None) -> dict:
    """Close the last finished quarters of the demo region; return what was closed and the current
    quarter's composite of the Krasnoyarsky rural district."""
    today = today or timezone.localdate()
    region = Territory.objects.get(code=territory_demo.REGION[0])
    supervisor = User.objects.get(username=SUPERVISOR)
    closed = []
    period = Period.containing(today)
    for _index in range(QUARTERS_CLOSED):
        period = period.previous()
        if services.close_quarter(actor=supervisor, territory=region, period=period, today=today) is not None:
            closed.append(str(period))
    unit = Territory.objects.get(code=territory_demo.KRASNOYAR)
    current = Period.containing(today)
    card = selectors.scorecard(supervisor, unit, current, today=today)
    council = selectors.council_scorecard(supervisor, unit, current, today=today)
    return {
        "closed": closed,
        "unit": unit,
        "period": current,
        "composite": card.composite,
        "coverage": card.coverage,
        "council": council.composite,
    }
