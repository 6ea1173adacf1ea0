"""Appeals over JSON: staff work (register, list, read, assign, answer, extend, redirect, execute, reports)
behind a signed-in session, and the applicant's public tracking by number + secret code.

Thin on purpose: every handler parses, calls one service / selector / report, and shapes the answer
(:mod:`.schemas`). Bad input becomes a 4xx JSON answer through the root API's handlers
(ValidationError 400, PermissionDenied 403, Http404 404, schema errors 422).
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Header, Query, Router
from ninja import Status as Answer
from ninja.security import django_auth

from auyl.accounts.net import client_ip
from auyl.core import crypto
from auyl.core.permissions import paths_for, require_perm
from auyl.territory import selectors as territory_selectors

from . import reports, selectors, services
from .models import OPEN_STATUSES, Status, Topic
from .reports_monthly import monthly_analysis
from .schemas import (
    AnswerIn,
    AppealDetailOut,
    AppealIn,
    AppealPage,
    AssignIn,
    ErrorOut,
    ExecuteIn,
    ExtendIn,
    RateIn,
    RedirectIn,
    RegisteredOut,
    TrackOut,
    appeal_detail,
    appeal_row,
    form_out,
    monthly_out,
    track_out,
)

appeals_router = Router(tags=["appeals"], auth=django_auth)

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
MAX_IDEMPOTENCY_KEY = 200


# --- lookups: unknown references in a body are the caller's mistake (400), not a missing page ---------

def _territory(code: str, field: str = "territory_code"):
    try:
        return territory_selectors.territory_by_code(code)
    except Http404:
        raise ValidationError({field: [_("Unknown territory code %(code)s.") % {"code": code}]}) from None


def _topic(code: str) -> Topic:
    topic = Topic.objects.filter(code=code).first()
    if topic is None:
        raise ValidationError({"topic": [_("Unknown topic %(code)s.") % {"code": code}]})
    return topic


def _resident(user, resident_id: int | None):
    if resident_id is None:
        return None
    try:
        return territory_selectors.resident_for(user, resident_id)
    except Http404:
        raise ValidationError({"resident_id": [_("No such resident in your territory.")]}) from None


def _executor(executor_id: int):
    user = get_user_model().objects.filter(pk=executor_id, is_active=True).first()
    if user is None:
        raise ValidationError({"executor_id": [_("No such active user.")]})
    return user


def _idempotency_key(user, header: str | None) -> str | None:
    """The client's key, made private to the caller: another user's equal key is another request."""
    header = (header or "").strip()
    if not header:
        return None
    if len(header) > MAX_IDEMPOTENCY_KEY:
        raise ValidationError({"Idempotency-Key": [_("The Idempotency-Key header is too long.")]})
    return crypto.keyed_hash(f"appeal-api:{user.pk}:{header}")


def _overdue_q() -> Q:
    """Still under consideration and past the deadline (as the dashboard and the clocks count it)."""
    return Q(status__in=OPEN_STATUSES, deadline__lt=timezone.localdate())


def _appeal(user, number: str, action: str = "appeal.view"):
    """An appeal the user may see; 404 for one outside their territory (its existence is not revealed)."""
    appeal = selectors.appeals_visible_to(user, action).filter(number=number[:40]).first()
    if appeal is None:
        raise Http404(_("Appeal not found."))
    return appeal


def _detail(user, appeal) -> dict:
    steps = appeal.steps.select_related("actor").order_by("at", "pk")
    return appeal_detail(appeal, paths_for(user, "appeal.view_personal"), steps, selectors.clock(appeal))


def _reread(user, appeal) -> dict:
    return _detail(user, _appeal(user, appeal.number))


# --- public: the applicant follows an appeal by number + code, without signing in ----------------------
# (declared before "/{number}" so that "track" is never taken for a number)

@appeals_router.get("/track", response={200: TrackOut, **ERRORS}, auth=None)
def track(request, number: str = Query(..., max_length=40), code: str = Query(..., max_length=40)):
    """Status, deadline, executor, public history and answer; never the applicant's personal data."""
    appeal = _tracked(request, number, code)
    steps = appeal.steps.filter(is_public=True).order_by("at", "pk")
    return track_out(appeal, steps)


@appeals_router.post("/track/rate", response={200: TrackOut, **ERRORS}, auth=None)
def rate(request, payload: RateIn):
    """The applicant rates the answer (1-5), proving who they are with the tracking code."""
    appeal = _tracked(request, payload.number, payload.code)
    services.rate(appeal=appeal, rating=payload.rating, comment=payload.comment, actor=request.user,
                  tracking_code=payload.code)
    return track(request, payload.number, payload.code)


def _tracked(request, number: str, code: str):
    appeal = services.open_by_tracking(number=number, code=code, ip=client_ip(request))
    if appeal is None:  # the same answer for an unknown number and a wrong code
        raise Http404(_("No appeal with this number and code."))
    return appeal


# --- reports --------------------------------------------------------------------------------------------

@appeals_router.get("/reports/monthly", response={200: dict, **ERRORS})
def monthly_report(request, territory: str = Query(..., max_length=12), year: int = Query(..., ge=2000, le=2100),
                   month: int = Query(..., ge=1, le=12)):
    """Monthly analysis of a territory: counts by topic, channel, applicant, outcome, place; timeliness;
    top issues with the change against the previous month and the same month last year."""
    unit = _territory(territory, "territory")
    return monthly_out(monthly_analysis(request.user, unit, year, month))


@appeals_router.get("/reports/form", response={200: dict, **ERRORS})
def form_report(request, date_from: dt.date, date_to: dt.date, territory: str = Query(..., max_length=12),
                form: str = Query("826", max_length=30)):
    """An official form for a period: ``826`` (Decree No. 826, 12 topics), ``sector7``, ``topic10`` or
    ``reception16``; every row of the form with counts, percentages and repeats."""
    unit = _territory(territory, "territory")
    return form_out(reports.form_report(request.user, unit, date_from, date_to, form))


# --- staff: register and read ----------------------------------------------------------------------------

@appeals_router.post("/", response={200: RegisteredOut, 201: RegisteredOut, **ERRORS})
def register(request, payload: AppealIn,
             idempotency_key: str | None = Header(None, alias="Idempotency-Key")):
    """Register an appeal (201, with the tracking code shown once). Repeating the request with the same
    ``Idempotency-Key`` header returns the appeal already registered (200, empty tracking code)."""
    data = payload.dict()
    territory = _territory(data.pop("territory_code"))
    topic = _topic(data.pop("topic"))
    resident = _resident(request.user, data.pop("resident_id"))
    appeal, code = services.register_appeal(
        actor=request.user, territory=territory, topic=topic, resident=resident,
        idempotency_key=_idempotency_key(request.user, idempotency_key), **data,
    )
    if not code:  # the appeal registered earlier under the same key: read it as it stands now
        return Answer(200, {**_reread(request.user, appeal), "tracking_code": ""})
    # Just registered by this caller: answer from the object in hand (its one history step is known)
    # instead of reading it back; the caller still needs the right to see it.
    require_perm(request.user, "appeal.view", appeal.territory)
    return Answer(201, {**_detail(request.user, appeal), "tracking_code": code})


@appeals_router.get("/", response={200: AppealPage, **ERRORS})
def list_appeals(request, status: str | None = None, topic: str | None = None, overdue: bool | None = None,
                 q: str = Query("", max_length=40), limit: int = Query(50, ge=1, le=200),
                 offset: int = Query(0, ge=0)):
    """Appeals within the caller's territories, newest first; ``q`` matches part of the number."""
    require_perm(request.user, "appeal.view")
    if status and status not in Status.values:
        raise ValidationError({"status": [_("Unknown status; one of: %(list)s") % {"list": ", ".join(Status.values)}]})
    qs = selectors.appeals_visible_to(request.user, "appeal.view")
    if status:
        qs = qs.filter(status=status)
    if topic:
        qs = qs.filter(topic__code=topic)
    if overdue is not None:
        qs = qs.filter(_overdue_q()) if overdue else qs.exclude(_overdue_q())
    if q.strip():
        qs = qs.filter(number__icontains=q.strip())
    total = qs.count()
    rows = qs.order_by("-registered_at", "-pk")
    personal_paths = paths_for(request.user, "appeal.view_personal")
    items = [appeal_row(a, personal_paths) for a in rows[offset:offset + limit]]
    return {"count": total, "limit": limit, "offset": offset, "items": items}


@appeals_router.get("/{number}", response={200: AppealDetailOut, **ERRORS})
def appeal_detail_view(request, number: str):
    """One appeal with its full history (internal steps included)."""
    return _detail(request.user, _appeal(request.user, number))


# --- staff: lifecycle ----------------------------------------------------------------------------------

@appeals_router.post("/{number}/assign", response={200: AppealDetailOut, **ERRORS})
def assign(request, number: str, payload: AssignIn):
    appeal = _appeal(request.user, number)
    services.assign(actor=request.user, appeal=appeal, executor=_executor(payload.executor_id))
    return _reread(request.user, appeal)


@appeals_router.post("/{number}/answer", response={200: AppealDetailOut, **ERRORS})
def answer(request, number: str, payload: AnswerIn):
    appeal = _appeal(request.user, number)
    services.answer(actor=request.user, appeal=appeal, outcome=payload.outcome, text=payload.text,
                    promised_action=payload.promised_action, promised_by=payload.promised_by)
    return _reread(request.user, appeal)


@appeals_router.post("/{number}/extend", response={200: AppealDetailOut, **ERRORS})
def extend(request, number: str, payload: ExtendIn):
    appeal = _appeal(request.user, number)
    services.extend_deadline(actor=request.user, appeal=appeal, reason=payload.reason)
    return _reread(request.user, appeal)


@appeals_router.post("/{number}/redirect", response={200: AppealDetailOut, **ERRORS})
def redirect(request, number: str, payload: RedirectIn):
    appeal = _appeal(request.user, number)
    services.redirect(actor=request.user, appeal=appeal, to_body=payload.to_body, note=payload.note)
    return _reread(request.user, appeal)


@appeals_router.post("/{number}/execute", response={200: AppealDetailOut, **ERRORS})
def execute(request, number: str, payload: ExecuteIn):
    appeal = _appeal(request.user, number)
    services.mark_executed(actor=request.user, appeal=appeal, note=payload.note)
    return _reread(request.user, appeal)
