"""Reads of reporting meetings: the staff's scoped lists, one meeting with its questions and promises,
promise tracking, and the public pages (what a resident may see: no names, no phones).

Staff reads are scoped by :func:`auyl.core.permissions.scoped` on the meeting's territory; public reads
(:func:`public_meetings`, :func:`public_meeting`) show every meeting of a unit with its questions
marked public and what became of them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from auyl.appeals.models import OPEN_STATUSES, Outcome
from auyl.appeals.models import Status as AppealStatus
from auyl.core.permissions import has_perm, scoped
from auyl.core.rules import get_rule
from auyl.territory import selectors as territory_selectors
from auyl.territory.models import PRIMARY_LEVELS, Level, Territory

from .levels import levels_for
from .models import CONTEXT, Promise, PromiseStatus, Question, ReportingMeeting, Status

VIEW = "reporting.view"
MANAGE = "reporting.manage"
PUBLIC_PAST_LIMIT = 50
MAX_PLACES = 500
KIND = "reporting_meeting"


def meetings_visible_to(
    user, *, status: str = "", territory: Territory | None = None
) -> QuerySet[ReportingMeeting]:
    """Meetings held within the user's grants for ``reporting.view`` (optionally one status, one subtree)."""
    qs = scoped(ReportingMeeting.objects.all(), user, VIEW, path_field="territory_path")
    if status in Status.values:
        qs = qs.filter(status=status)
    if territory is not None:
        qs = qs.filter(territory_path__startswith=territory.path)
    return (
        qs.select_related("territory", "akim_unit")
        .prefetch_related("broadcasts")
        .annotate(
            question_count=Count("questions", distinct=True),
            promise_count=Count("promises", distinct=True),
            promises_done=Count("promises", filter=Q(promises__status=PromiseStatus.DONE), distinct=True),
        )
        .order_by("-starts_at", "-pk")
    )


def meeting_for(user, pk, action: str = VIEW) -> ReportingMeeting:
    """One meeting the user may see (404 otherwise, also for a malformed id)."""
    qs = scoped(
        ReportingMeeting.objects.select_related("territory", "akim_unit"),
        user,
        action,
        path_field="territory_path",
    )
    try:
        return qs.prefetch_related("broadcasts").get(pk=int(pk))
    except (ReportingMeeting.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("meeting not found") from None


IIN_OR_PHONE = re.compile(r"\d{12}|\+?\d{10,11}")


def resident_by_iin_or_phone(user, meeting: ReportingMeeting, query: str):
    """The registry entry with this IIN or phone living within the akim's territory, among those the
    user may see; None when nothing was typed. A name is not enough to tell residents apart at a
    meeting of hundreds, so only the two identifiers are accepted. Raises a ValidationError on
    ``resident_query`` when the entry is not found or the phone is shared."""
    query = re.sub(r"[\s\-()]", "", query or "")
    if not query:
        return None
    if not IIN_OR_PHONE.fullmatch(query):
        raise ValidationError({"resident_query": [_("Give the resident's IIN (12 digits) or phone number.")]})
    found = [
        r
        for r in territory_selectors.search_residents(user, query, limit=5)
        if r.territory_path.startswith(meeting.akim_unit.path)
    ]
    if not found:
        raise ValidationError(
            {"resident_query": [_("No resident with this IIN or phone lives in the territory of this akim.")]}
        )
    if len(found) > 1:
        raise ValidationError({"resident_query": [_("Several residents have this phone: give the IIN.")]})
    return found[0]


def first_promise_due(meeting: ReportingMeeting, today: dt.date) -> dt.date:
    """The due date the promise form offers: the region's ``reporting.promise_days`` after the meeting,
    and never a date already past."""
    day = timezone.localtime(meeting.starts_at).date()
    return max(day + dt.timedelta(days=get_rule(meeting.territory, "reporting.promise_days")), today)


def last_executor_id(questions: list[Question]) -> int | None:
    """The executor of the last question written down: offered for the next one."""
    return next((q.appeal.executor_id for q in reversed(questions) if q.appeal), None)


def can_manage(user, meeting: ReportingMeeting) -> bool:
    return has_perm(user, MANAGE, meeting.akim_unit)


def questions_of(meeting: ReportingMeeting, *, public: bool = False) -> list[Question]:
    qs = meeting.questions.select_related("topic", "place", "resident", "appeal", "appeal__executor")
    if public:
        qs = qs.filter(is_public=True)
    return list(qs.order_by("number"))


def promises_of(meeting: ReportingMeeting) -> list[Promise]:
    return list(meeting.promises.select_related("question").order_by("due_on", "pk"))


@dataclass(frozen=True)
class PromiseCounts:
    promised: int
    done: int
    overdue: int

    @property
    def open(self) -> int:
        return self.promised - self.done


def promise_counts(
    promises: QuerySet[Promise] | list[Promise], today: dt.date | None = None
) -> PromiseCounts:
    today = today or timezone.localdate()
    if isinstance(promises, QuerySet):
        data = promises.aggregate(
            promised=Count("id"),
            done=Count("id", filter=Q(status=PromiseStatus.DONE)),
            overdue=Count("id", filter=Q(status=PromiseStatus.OPEN, due_on__lt=today)),
        )
        return PromiseCounts(data["promised"], data["done"], data["overdue"])
    return PromiseCounts(
        len(promises),
        sum(p.status == PromiseStatus.DONE for p in promises),
        sum(p.is_overdue(today) for p in promises),
    )


PROMISE_STATES = ("open", "overdue", "done")


def promises_visible_to(
    user, *, state: str = "", territory: Territory | None = None, today: dt.date | None = None
) -> QuerySet[Promise]:
    """Promises of meetings within the user's grants: ``open``, ``overdue``, ``done`` or all."""
    today = today or timezone.localdate()
    qs = scoped(Promise.objects.all(), user, VIEW, path_field="meeting__territory_path")
    if territory is not None:
        qs = qs.filter(meeting__territory_path__startswith=territory.path)
    if state == "open":
        qs = qs.filter(status=PromiseStatus.OPEN)
    elif state == "overdue":
        qs = qs.filter(status=PromiseStatus.OPEN, due_on__lt=today)
    elif state == "done":
        qs = qs.filter(status=PromiseStatus.DONE)
    return qs.select_related("meeting__territory", "meeting__akim_unit", "question").order_by(
        "-status", "due_on", "pk"
    )


def promise_for(user, pk, action: str = "reporting.track") -> Promise:
    qs = scoped(
        Promise.objects.select_related("meeting__territory", "meeting__akim_unit"),
        user,
        action,
        path_field="meeting__territory_path",
    )
    try:
        return qs.get(pk=int(pk))
    except (Promise.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("promise not found") from None


def akim_units_for(user) -> QuerySet[Territory]:
    """Units whose akim's meetings ``user`` may plan: regions down to rural districts and towns."""
    levels = [Level.REGION, Level.CITY, Level.DISTRICT, *PRIMARY_LEVELS]
    units = Territory.objects.filter(level__in=levels, is_active=True)
    return scoped(units, user, MANAGE, path_field="path").order_by("path")


def places_in(unit: Territory) -> list[Territory]:
    """The unit and the units below it where its akim may hold a meeting (first :data:`MAX_PLACES`)."""
    qs = Territory.objects.filter(path__startswith=unit.path, is_active=True).order_by("path")
    return list(qs[:MAX_PLACES])


def places_under(units: list[Territory]) -> list[Territory]:
    """The units of ``units`` and everything below them, in one query (first :data:`MAX_PLACES`):
    the planning form of a user with many units must not ask the database once per unit."""
    if not units:
        return []
    tops: list[str] = []
    for path in sorted({u.path for u in units}):  # a unit inside another one adds nothing
        if not any(path.startswith(top) for top in tops):
            tops.append(path)
    within = Q()
    for path in tops:
        within |= Q(path__startswith=path)
    return list(Territory.objects.filter(within, is_active=True).order_by("path")[:MAX_PLACES])


def published_akim_name(unit: Territory) -> str:
    """The akim's name as the unit's office publishes it on the portal ("" when none is entered)."""
    office = getattr(unit, "office", None)  # territory.Office, one per primary unit
    return (getattr(office, "akim_name", "") or "").strip()


def unit_by_code(user, code: str, action: str = MANAGE) -> Territory | None:
    """A unit by KATO code that ``user`` may act on with ``action``, or None."""
    unit = Territory.objects.filter(code=str(code or "")[:12], is_active=True).first()
    if unit is None or not levels_for(unit) or not has_perm(user, action, unit):
        return None
    return unit


# ---- Public -----------------------------------------------------------------------------------------


def public_unit(code: str) -> Territory:
    """A rural district or town by KATO code for the public pages (404 for anything else)."""
    unit = territory_selectors.territory_by_code(code)
    if not unit.is_primary:
        raise Http404("not a rural district")
    return unit


@dataclass
class PublicMeetings:
    """A unit's reporting meetings for the public: what is coming, and what took place (newest first).
    Each entry is a dict (the shape the assemblies' public calendar merges): ``kind``, ``kind_label``,
    ``title``, ``starts_at``, ``venue``, ``status``, ``status_label``, ``url``, ``akim_name``,
    ``territory`` and ``meeting``."""

    upcoming: list[dict] = field(default_factory=list)
    past: list[dict] = field(default_factory=list)

    @property
    def entries(self) -> list[dict]:
        return self.upcoming + self.past


def _primary_codes(meetings: list[ReportingMeeting]) -> dict[str, str]:
    """The code of the rural district (or town) each meeting's place lies in, by place path."""
    codes = {c for m in meetings for c in m.territory.ancestor_codes(include_self=True)}
    primary = dict(
        Territory.objects.filter(code__in=codes, level__in=PRIMARY_LEVELS).values_list("path", "code")
    )
    return {
        m.territory_path: next(
            (code for path, code in primary.items() if m.territory_path.startswith(path)), ""
        )
        for m in meetings
    }


def meeting_title(meeting: ReportingMeeting) -> str:
    return meeting.title or str(_("Reporting meeting of the akim with the population"))


def status_label(meeting: ReportingMeeting) -> str:
    """The status as residents read it: a planned meeting whose time has passed awaits its results."""
    if meeting.status == Status.PLANNED and meeting.starts_at < timezone.now():
        return str(_("Results not entered yet"))
    return str(meeting.get_status_display())


def _entry(meeting: ReportingMeeting, code: str) -> dict:
    return {
        "kind": KIND,
        "kind_label": str(_("Akim's reporting meeting")),
        "title": meeting_title(meeting),
        "starts_at": meeting.starts_at,
        "venue": meeting.venue,
        "status": meeting.status,
        "status_label": status_label(meeting),
        "akim_name": meeting.akim_name,
        "territory": meeting.territory,
        "meeting": meeting,
        "url": reverse("reporting:public_meeting", args=[code, meeting.pk]) if code else "",
    }


def public_meetings(territory: Territory) -> PublicMeetings:
    """Reporting meetings held in ``territory`` or below: upcoming (planned, from today on, soonest
    first) and past (held, cancelled or not yet reported, newest first, at most :data:`PUBLIC_PAST_LIMIT`)."""
    start_of_today = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time.min))
    qs = (
        ReportingMeeting.objects.filter(territory_path__startswith=territory.path)
        .select_related("territory")
        .prefetch_related("broadcasts")  # each held meeting shows its participants online
        .annotate(question_count=Count("questions", filter=Q(questions__is_public=True)))
    )
    upcoming = list(
        qs.filter(starts_at__gte=start_of_today, status=Status.PLANNED).order_by("starts_at", "pk")
    )
    past = list(qs.filter(starts_at__lt=start_of_today).order_by("-starts_at", "-pk")[:PUBLIC_PAST_LIMIT])
    past += [m for m in qs.filter(starts_at__gte=start_of_today, status__in=[Status.HELD, Status.CANCELLED])]
    past.sort(key=lambda m: (m.starts_at, m.pk), reverse=True)
    codes = _primary_codes(upcoming + past)
    return PublicMeetings(
        [_entry(m, codes[m.territory_path]) for m in upcoming],
        [_entry(m, codes[m.territory_path]) for m in past],
    )


def public_url_of(meeting: ReportingMeeting) -> str:
    """The public page of ``meeting`` (under its rural district), or "" when it lies above one."""
    code = _primary_codes([meeting])[meeting.territory_path]
    return reverse("reporting:public_meeting", args=[code, meeting.pk]) if code else ""


def public_meeting(code: str, pk) -> ReportingMeeting:
    """A meeting held in the rural district with KATO ``code`` (404 otherwise)."""
    unit = public_unit(code)
    try:
        return (
            ReportingMeeting.objects.select_related("territory", "akim_unit")
            .prefetch_related("broadcasts")
            .get(pk=int(pk), territory_path__startswith=unit.path)
        )
    except (ReportingMeeting.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("meeting not found") from None


def public_promises(territory: Territory) -> QuerySet[Promise]:
    return (
        Promise.objects.filter(meeting__territory_path__startswith=territory.path)
        .select_related("meeting", "question")
        .order_by("-status", "due_on", "pk")
    )


# ---- What became of a question -----------------------------------------------------------------------


@dataclass(frozen=True)
class Fate:
    """Where the appeal born of a question stands, in words a resident understands (no personal data)."""

    label: str
    tone: str  # ok, warn, danger, info (badge colours)
    due: dt.date | None = None
    done_on: dt.date | None = None


def fate_of(question: Question, today: dt.date | None = None) -> Fate:
    appeal, today = question.appeal, today or timezone.localdate()
    if appeal is None:
        return Fate(str(_("Not registered")), "warn")
    if appeal.status in OPEN_STATUSES:
        overdue = appeal.deadline < today
        return Fate(
            str(_("Answer overdue") if overdue else _("Under consideration")),
            "danger" if overdue else "info",
            due=appeal.deadline,
        )
    if appeal.status == AppealStatus.REDIRECTED:
        return Fate(str(_("Sent to the competent body")), "info")
    if appeal.outcome == Outcome.SATISFIED and appeal.executed_at is None:
        late = appeal.promised_by is not None and appeal.promised_by < today
        return Fate(
            str(_("Accepted, being carried out")), "danger" if late else "warn", due=appeal.promised_by
        )
    if appeal.outcome == Outcome.SATISFIED:
        return Fate(
            str(pgettext_lazy(CONTEXT, "Done")), "ok", done_on=timezone.localtime(appeal.executed_at).date()
        )
    return Fate(str(appeal.get_outcome_display() or appeal.get_status_display()), "info")
