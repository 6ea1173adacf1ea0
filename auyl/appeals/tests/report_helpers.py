"""Helpers of the report tests: appeals with chosen dates and outcomes, and the report pages' URLs.

The report pages are reached through ``REPORTS_URLCONF``: the project's URLs, plus the report URLs
when the project does not include them yet (``auyl.appeals.urls_reports``, namespace ``appeals_reports``).
"""

from __future__ import annotations

import datetime as dt

from django.urls import NoReverseMatch, include, path, reverse
from django.utils import timezone

from auyl.appeals import services
from auyl.appeals.models import Appeal, Outcome, Status, Topic
from auyl.appeals.taxonomy import load_topics

REPORTS_URLCONF = "auyl.appeals.tests.report_helpers"


def _urlpatterns():
    from django.conf.urls.i18n import i18n_patterns

    from auyl import urls as root

    patterns = list(root.urlpatterns)
    try:
        reverse("appeals_reports:index", urlconf=root)
    except NoReverseMatch:
        patterns += i18n_patterns(path("staff/appeals/reports/", include("auyl.appeals.urls_reports")),
                                  prefix_default_language=True)
    return patterns


def __getattr__(name):  # the URLconf is built when Django first asks, after the apps are ready
    if name == "urlpatterns":
        return _urlpatterns()
    raise AttributeError(name)


def topic(code: str) -> Topic:
    load_topics()
    return Topic.objects.get(code=code)


def make_appeal(actor, place, code: str, received: dt.date, *, kind: str = "individual", channel: str = "paper",
                answered: dt.date | None = None, outcome: str = Outcome.EXPLAINED, late_registration: bool = False,
                collective: bool = False, **extra) -> Appeal:
    """Register an appeal through the service, then set its past (test data only)."""
    appeal, _code = services.register_appeal(
        actor=actor, territory=place, topic=topic(code), channel=channel, received_on=received,
        applicant_kind=kind, applicant_name="Сейітова Әсем", organization_name="ТОО «Береке»" if kind == "legal" else "",
        applicant_address="Абай к-сі 5", subject="Су", text="Судың сапасы нашар.", is_collective=collective)
    registered = received + dt.timedelta(days=6 if late_registration else 0)
    changes = {"registered_at": timezone.make_aware(dt.datetime.combine(registered, dt.time(10))), **extra}
    if answered:
        changes |= {"answered_at": timezone.make_aware(dt.datetime.combine(answered, dt.time(15))),
                    "outcome": outcome, "status": Status.CLOSED}
    Appeal.objects.filter(pk=appeal.pk).update(**changes)
    appeal.refresh_from_db()
    return appeal
