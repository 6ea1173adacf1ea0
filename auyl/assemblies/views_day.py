"""Staff pages of the meeting day: check-in with the live quorum, guests and officials, and per
agenda item the vote (counts, or by name for members) and closing the item.

The quorum figure on the check-in page refreshes itself from ``quorum/`` (a few lines of plain
JavaScript, see ``assemblies/checkin.html``); reloading the page does the same.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from auyl.core.permissions import has_perm
from auyl.territory import selectors as territory_selectors

from . import selectors, services
from .forms import BallotsForm, CheckInForm, GuestForm, ItemRecordForm, RemoveCheckInForm, VoteCountsForm
from .models import ItemStatus, MeetingKind, MeetingStatus, VoteMethod
from .rolls import meeting_date
from .views import apply_errors, meeting_or_404

MAX_QUERY = 100


def quorum_text(quorum) -> str:
    return _("%(present)s of %(required)s required") % {
        "present": quorum.present,
        "required": quorum.required,
    }


# ---- check-in ----------------------------------------------------------------------------------


def _present(attendance: dict) -> list:
    return [*attendance["participants"], *attendance["officials"], *attendance["guests"]]


def _render_checkin(request, meeting, *, checkin_form=None, guest_form=None, remove_form=None, status=200):
    query = (request.GET.get("q") or "").strip()[:MAX_QUERY]
    day = meeting_date(meeting)
    found = selectors.checkin_search(request.user, meeting, query) if query else []
    candidates = [
        {
            "resident": c.resident,
            "eligible": c.eligible,
            "reason": c.reason,
            "checked_in": c.checked_in,
            "age": c.resident.age_on(day),
        }
        for c in found
    ]
    attendance = selectors.attendance_of(meeting)
    return render(
        request,
        "assemblies/checkin.html",
        {
            "meeting": meeting,
            "quorum": selectors.quorum(meeting),
            "query": query,
            "candidates": candidates,
            "day": day,
            "attendance": attendance,
            "remove_form": remove_form
            or RemoveCheckInForm(present=_present(attendance), auto_id="remove_%s"),
            "checkin_form": checkin_form,
            "guest_form": guest_form or GuestForm(auto_id="guest_%s"),
            "is_open": meeting.status == MeetingStatus.OPEN,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def checkin(request, pk: int):
    """Search the residents registry (name, phone or IIN) and check a person in; each counts once."""
    meeting = meeting_or_404(request, pk, "assemblies.conduct")
    if request.method == "GET":
        return _render_checkin(request, meeting)
    form = CheckInForm(request.POST)
    if form.is_valid():
        try:
            resident = territory_selectors.resident_for(request.user, form.cleaned_data["resident"])
        except Http404:
            form.add_error(None, _("This person is not in the residents registry of your territory."))
        else:
            try:
                services.check_in(actor=request.user, meeting=meeting, resident=resident)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                quorum = selectors.quorum(meeting)
                messages.success(
                    request,
                    _("%(name)s is checked in. Present: %(quorum)s.")
                    % {"name": resident.full_name, "quorum": quorum_text(quorum)},
                )
                return redirect("assemblies:checkin", pk=meeting.pk)
    return _render_checkin(request, meeting, checkin_form=form)


@login_required
@require_POST
def add_guest(request, pk: int):
    """A guest or an official: recorded separately, never counted for the quorum."""
    meeting = meeting_or_404(request, pk, "assemblies.conduct")
    form = GuestForm(request.POST, auto_id="guest_%s")
    if form.is_valid():
        try:
            services.check_in(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("%(name)s is recorded as present.") % {"name": form.cleaned_data["guest_name"]}
            )
            return redirect(reverse("assemblies:checkin", args=[meeting.pk]) + "#guests")
    return _render_checkin(request, meeting, guest_form=form)


@login_required
@require_POST
def remove_checkin(request, pk: int):
    """Undo a mistaken check-in (or record that a person left) with the reason; audited."""
    meeting = meeting_or_404(request, pk, "assemblies.conduct")
    present = _present(selectors.attendance_of(meeting))
    form = RemoveCheckInForm(request.POST, present=present, auto_id="remove_%s")
    if form.is_valid():
        row = next(a for a in present if a.pk == form.cleaned_data["attendance"])
        try:
            services.remove_check_in(actor=request.user, attendance=row, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(name)s is no longer counted as present.") % {"name": row.name})
            return redirect("assemblies:checkin", pk=meeting.pk)
    return _render_checkin(request, meeting, remove_form=form)


@never_cache
@login_required
def quorum(request, pk: int):
    """The live quorum as JSON, for the figure on the check-in and vote pages."""
    meeting = meeting_or_404(request, pk, "assemblies.conduct")
    value = selectors.quorum(meeting)
    return JsonResponse(
        {
            "present": value.present,
            "required": value.required,
            "roll_size": value.roll_size,
            "reached": value.reached,
            "text": quorum_text(value),
        }
    )


# ---- agenda items: vote and close ---------------------------------------------------------------


def _item(meeting, number):
    item = next((i for i in selectors.agenda_of(meeting) if i.number == number), None)
    if item is None:
        raise Http404("no such agenda item")
    return item


def _by_name(request, meeting) -> bool:
    """Members' meetings vote by name unless the secretary chose counts (``?method=counts``)."""
    if meeting.kind == MeetingKind.GATHERING:
        return False
    wanted = request.POST.get("method") or request.GET.get("method")
    return wanted != VoteMethod.COUNTS


def _participants(meeting) -> list:
    return [a.resident for a in selectors.attendance_of(meeting)["participants"] if a.resident_id]


def _render_item(request, meeting, item, *, vote_form=None, close_form=None, status=200):
    by_name = _by_name(request, meeting)
    vote = getattr(item, "vote", None)
    can_vote = meeting.status == MeetingStatus.OPEN and item.status == ItemStatus.OPEN and vote is None
    if can_vote and vote_form is None:
        vote_form = (
            BallotsForm(participants=_participants(meeting), auto_id="vote_%s")
            if by_name
            else VoteCountsForm(auto_id="vote_%s")
        )
    can_close = meeting.status == MeetingStatus.OPEN and item.status == ItemStatus.OPEN
    if can_close and close_form is None:
        initial = {name: getattr(item, name) for name in ItemRecordForm.base_fields}
        close_form = ItemRecordForm(initial=initial, auto_id="close_%s")
    items = selectors.agenda_of(meeting)
    position = next(i for i, other in enumerate(items) if other.pk == item.pk)
    return render(
        request,
        "assemblies/item.html",
        {
            "meeting": meeting,
            "item": item,
            "vote": vote,
            "total": len(items),
            "quorum": selectors.quorum(meeting),
            "vote_form": vote_form if can_vote else None,
            "by_name": by_name,
            "member_meeting": meeting.kind != MeetingKind.GATHERING,
            "close_form": close_form if can_close else None,
            "previous": items[position - 1] if position > 0 else None,
            "next": items[position + 1] if position + 1 < len(items) else None,
            "ballots": list(vote.ballots.select_related("resident")) if vote is not None else [],
            "can_conduct": has_perm(request.user, "assemblies.conduct", meeting.territory),
        },
        status=status,
    )


@login_required
def item(request, pk: int, number: int):
    meeting = meeting_or_404(request, pk)
    return _render_item(request, meeting, _item(meeting, number))


@login_required
@require_POST
def vote(request, pk: int, number: int):
    """Record the open vote on an item; refused without quorum, after close or beyond those present."""
    meeting = meeting_or_404(request, pk, "assemblies.conduct")
    agenda_item = _item(meeting, number)
    by_name = _by_name(request, meeting)
    if by_name:
        form = BallotsForm(request.POST, participants=_participants(meeting), auto_id="vote_%s")
    else:
        form = VoteCountsForm(request.POST, auto_id="vote_%s")
    if form.is_valid():
        arguments = {"ballots": form.ballots()} if by_name else form.cleaned_data
        try:
            services.record_vote(actor=request.user, item=agenda_item, **arguments)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The vote is recorded."))
            return redirect("assemblies:item", pk=meeting.pk, number=agenda_item.number)
    agenda_item = _item(meeting, number)
    return _render_item(request, meeting, agenda_item, vote_form=form)


@login_required
@require_POST
def close_item(request, pk: int, number: int):
    """Save what the minutes say about an item and, unless only saving, close it: no vote after that.
    Both happen together or not at all (a refused close keeps nothing and shows why)."""
    meeting = meeting_or_404(request, pk, "assemblies.conduct")
    agenda_item = _item(meeting, number)
    form = ItemRecordForm(request.POST, auto_id="close_%s")
    closing = "save_only" not in request.POST
    if form.is_valid():
        try:
            with transaction.atomic():
                services.update_item(actor=request.user, item=agenda_item, **form.cleaned_data)
                if closing:
                    services.close_item(actor=request.user, item=agenda_item)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if not closing:
                messages.success(request, _("Saved."))
                return redirect("assemblies:item", pk=meeting.pk, number=agenda_item.number)
            messages.success(request, _("Question %(number)s is closed.") % {"number": agenda_item.number})
            return redirect(_after_closing(meeting, agenda_item))
    return _render_item(request, meeting, _item(meeting, number), close_form=form)


def _after_closing(meeting, closed) -> str:
    """The next open question, or the meeting page when none is left."""
    for other in selectors.agenda_of(meeting):
        if other.number > closed.number and other.status == ItemStatus.OPEN:
            return reverse("assemblies:item", args=[meeting.pk, other.number])
    return reverse("assemblies:detail", args=[meeting.pk])
