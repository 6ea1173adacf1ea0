"""Staff pages of gatherings, community meetings and council sessions: the list, convening, the
meeting page with its actions (publish the notice, open, close, cancel) and its iCalendar file.

Thin: parse a form, call a service or a selector, render. A service's ValidationError becomes form
errors on the page (nothing is stored); a meeting outside the user's territory is a 404 (its
existence is not revealed); a visible meeting the user may not act on is a 403.
The day's pages (check-in, votes) are in ``views_day.py``, minutes and follow-up in
``views_minutes.py``, the public pages in ``views_public.py``.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from auyl.core.forms import apply_errors as core_apply_errors
from auyl.core.permissions import has_perm, require_perm

from . import ical, selectors, services
from .forms import MAX_AGENDA_ROWS, CancelForm, ConveneForm, OpenForm, agenda_formset, agenda_from
from .models import MeetingKind, MeetingStatus

DEFAULT_AGENDA_ROWS = 3
# Service error keys shown on a differently named form field.
FIELD_ALIASES = {"starts_at": "date", "guest_name": "guest_name", "resident": None}
apply_errors = partial(core_apply_errors, aliases=FIELD_ALIASES)


def meeting_or_404(request, pk, action: str | None = None):
    """The meeting if the user may see it (else 404); with ``action``, 403 unless they may do it."""
    meeting = selectors.meeting_for(request.user, pk)
    if action:
        require_perm(request.user, action, meeting.territory)
    return meeting


def public_url(request, meeting) -> str:
    """The absolute address of the meeting's public page (empty while the notice is unpublished)."""
    if not meeting.is_public:
        return ""
    code = district_of(meeting).code
    return request.build_absolute_uri(reverse("assemblies:public_detail", args=[code, meeting.pk]))


def district_of(meeting):
    """The rural district (or town) whose public pages show the meeting."""
    territory = meeting.territory
    while not territory.is_primary and territory.parent_id:
        territory = territory.parent
    return territory


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# ---- list and convening ------------------------------------------------------------------------


@login_required
def staff_list(request):
    """Meetings in the user's territories: those to come and in progress first, then those held."""
    require_perm(request.user, "assemblies.view")
    meetings = selectors.meetings_visible_to(request.user)
    coming = meetings.filter(starts_at__gte=timezone.now() - dt.timedelta(days=1)).exclude(
        status__in=[MeetingStatus.CLOSED, MeetingStatus.CANCELLED]
    ) | meetings.filter(status=MeetingStatus.OPEN)
    held = Paginator(meetings.exclude(pk__in=coming.values("pk")).order_by("-starts_at"), 30)
    return render(
        request,
        "assemblies/staff_list.html",
        {
            "coming": list(coming.order_by("starts_at")[:100]),
            "page": held.get_page(request.GET.get("page")),
            "can_convene": has_perm(request.user, "assemblies.convene"),
        },
    )


def _agenda_rows(request) -> int:
    try:
        rows = int(request.POST.get("rows") or request.GET.get("rows") or DEFAULT_AGENDA_ROWS)
    except ValueError:
        rows = DEFAULT_AGENDA_ROWS
    return min(max(rows, 1), MAX_AGENDA_ROWS)


def _one_more_row(form, formset, territories):
    """The form again, unbound with what was typed, and one more empty agenda row (nothing is saved)."""
    typed = {name: form[name].value() for name in form.fields}
    rows = [{name: row[name].value() for name in row.fields} for row in formset.forms]
    rows = rows[: MAX_AGENDA_ROWS - 1]
    return (
        ConveneForm(initial=typed, territories=territories),
        agenda_formset(extra=1)(initial=rows, prefix="agenda"),
        len(rows) + 1,
    )


def _convene_initial(request, territories) -> dict:
    """Kind and territory chosen by the page that links here (``?kind=council_session&territory=<code>``)."""
    kind = request.GET.get("kind")
    initial = {"kind": kind if kind in MeetingKind.values else MeetingKind.GATHERING}
    code = request.GET.get("territory", "")
    if code.isdigit():
        initial["territory"] = territories.filter(code=code).first()
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def convene(request):
    """Convene a meeting: kind, territory, date and time, venue and the agenda (several rows; "Add a
    question" adds a row without JavaScript). Saved as a draft; the notice is published from its page."""
    require_perm(request.user, "assemblies.convene")
    rows = _agenda_rows(request)
    territories = selectors.convene_territories(request.user)
    data = request.POST if request.method == "POST" else None
    form = ConveneForm(data, territories=territories, initial=_convene_initial(request, territories))
    formset = agenda_formset(extra=rows - 1)(data, prefix="agenda")
    if data is not None and "add_row" in data:
        form, formset, rows = _one_more_row(form, formset, territories)
    elif data is not None and form.is_valid() & formset.is_valid():
        try:
            meeting = services.convene_meeting(
                actor=request.user, agenda=agenda_from(formset), **form.service_arguments()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("The meeting is saved as a draft. Publish the notice when it is ready.")
            )
            return redirect("assemblies:detail", pk=meeting.pk)
    return render(request, "assemblies/convene.html", {"form": form, "formset": formset, "rows": rows})


# ---- one meeting and its actions -----------------------------------------------------------------


class ConfirmForm(django_forms.Form):
    """An action without input: only the button."""


ACTIONS = {
    # name: (permission, form, offered in statuses, service call, success message)
    "publish": (
        "assemblies.convene",
        ConfirmForm,
        {MeetingStatus.DRAFT},
        lambda u, m, d: services.publish_notice(actor=u, meeting=m),
        gettext_lazy("The notice is published and residents are being notified."),
    ),
    "open": (
        "assemblies.conduct",
        OpenForm,
        {MeetingStatus.CONVENED},
        lambda u, m, d: services.open_meeting(actor=u, meeting=m, **d),
        gettext_lazy("The meeting is open. Check in the participants."),
    ),
    "close": (
        "assemblies.conduct",
        ConfirmForm,
        {MeetingStatus.OPEN},
        lambda u, m, d: services.close_meeting(actor=u, meeting=m),
        gettext_lazy("The meeting is closed. Prepare and sign the minutes."),
    ),
    "cancel": (
        "assemblies.convene",
        CancelForm,
        {MeetingStatus.DRAFT, MeetingStatus.CONVENED, MeetingStatus.OPEN},
        lambda u, m, d: services.cancel_meeting(actor=u, meeting=m, reason=d["reason"]),
        gettext_lazy("The meeting is cancelled."),
    ),
}


def _action_forms(user, meeting, bound: dict | None = None) -> dict:
    offered = {}
    for name, (permission, form_class, statuses, _call, _done) in ACTIONS.items():
        if meeting.status in statuses and has_perm(user, permission, meeting.territory):
            initial = {"chair_name": meeting.chair_name, "secretary_name": meeting.secretary_name}
            offered[name] = (bound or {}).get(name) or form_class(initial=initial, auto_id=f"{name}_%s")
    return offered


def render_detail(request, meeting, bound: dict | None = None, status: int = 200):
    user = request.user
    items = selectors.agenda_of(meeting)
    return render(
        request,
        "assemblies/detail.html",
        {
            "meeting": meeting,
            "items": items,
            "district": district_of(meeting),
            "quorum": selectors.quorum(meeting)
            if meeting.status in (MeetingStatus.OPEN, MeetingStatus.CLOSED)
            else None,
            "actions": _action_forms(user, meeting, bound),
            "can_conduct": has_perm(user, "assemblies.conduct", meeting.territory),
            "minutes": selectors.current_minutes(meeting),
            "decisions": list(selectors.public_decisions(meeting)),
            "public_url": public_url(request, meeting),
        },
        status=status,
    )


@login_required
def detail(request, pk: int):
    return render_detail(request, meeting_or_404(request, pk))


@login_required
@require_POST
def act(request, pk: int, name: str):
    """One action of the meeting page, posted to its own address; a refusal is shown on the page."""
    if name not in ACTIONS:
        raise Http404("no such action")
    permission, form_class, statuses, call, done = ACTIONS[name]
    meeting = meeting_or_404(request, pk, permission)
    form = form_class(request.POST, auto_id=f"{name}_%s")
    if form.is_valid():
        try:
            call(request.user, meeting, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, done)
            if name == "open":
                return redirect("assemblies:checkin", pk=meeting.pk)
            return redirect("assemblies:detail", pk=meeting.pk)
    meeting.refresh_from_db()
    if meeting.status not in statuses:  # e.g. a second click after the first one succeeded
        return redirect("assemblies:detail", pk=meeting.pk)
    return render_detail(request, meeting, bound={name: form})


@login_required
def meeting_ics(request, pk: int):
    """The meeting as an iCalendar file, to put in one's calendar."""
    meeting = meeting_or_404(request, pk)
    return _ics_response(
        ical.meeting_ics(meeting, url=public_url(request, meeting)), f"meeting-{meeting.pk}.ics"
    )
