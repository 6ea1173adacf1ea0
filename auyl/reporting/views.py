"""Staff pages of reporting meetings: the list, planning, holding, one meeting with its questions and
promises, promise tracking. Thin: parse a form, call a service or a selector, render."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST

from auyl.core.forms import apply_errors
from auyl.core.permissions import has_perm, require_perm

from . import selectors, services
from .forms import CancelForm, EditForm, HoldForm, PlanForm, PromiseDoneForm, PromiseForm, QuestionForm
from .models import CONTEXT, Status

PER_PAGE = 30
# Service error keys shown on a differently named form field.
FIELD_OF = {"starts_at": "date", "akim_unit": "akim_unit", "channels": "channels", "reason": "reason"}
_apply_errors = partial(apply_errors, aliases=FIELD_OF)


@login_required
def meeting_list(request):
    require_perm(request.user, "reporting.view")
    status = request.GET.get("status", "")
    meetings = selectors.meetings_visible_to(request.user, status=status)
    page = Paginator(meetings, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "reporting/list.html",
        {
            "page": page,
            "status": status if status in Status.values else "",
            "statuses": Status.choices,
            "query": f"status={status}" if status in Status.values else "",
            "can_plan": has_perm(request.user, "reporting.manage"),
            "can_report": has_perm(request.user, "reporting.report"),
            "promises": selectors.promise_counts(selectors.promises_visible_to(request.user)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan(request):
    require_perm(request.user, "reporting.manage")
    form = PlanForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.plan_meeting(
                actor=request.user,
                akim_unit=data["akim_unit"],
                territory=data["territory"],
                starts_at=form.starts_at(),
                venue=data["venue"],
                title=data["title"],
                akim_name=data["akim_name"],
                akim_level=data["akim_level"],
                channels=data["channels"],
                already_held=data["already_held"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            if data["already_held"]:
                messages.success(request, _("The meeting is entered. Now record how it went."))
                return redirect("reporting:hold", pk=meeting.pk)
            messages.success(request, _("The meeting is planned."))
            return redirect("reporting:detail", pk=meeting.pk)
    return render(request, "reporting/plan.html", {"form": form})


def _detail_context(request, meeting, **forms) -> dict:
    user, today = request.user, timezone.localdate()
    questions = selectors.questions_of(meeting)
    promises = selectors.promises_of(meeting)
    can_manage = selectors.can_manage(user, meeting)
    return {
        "meeting": meeting,
        "today": today,
        "can_manage": can_manage,
        "can_track": has_perm(user, "reporting.track", meeting.akim_unit),
        "show_names": has_perm(user, "appeal.view_personal", meeting.territory),
        "questions": [(q, selectors.fate_of(q, today)) for q in questions],
        "promises": [(p, p.is_overdue(today)) for p in promises],
        "promise_counts": selectors.promise_counts(promises, today),
        "question_form": forms.get("question_form")
        or QuestionForm(meeting, initial={"executor": selectors.last_executor_id(questions)}),
        "promise_form": forms.get("promise_form")
        or PromiseForm(questions, initial={"due_on": selectors.first_promise_due(meeting, today)}),
        "cancel_form": forms.get("cancel_form") or CancelForm(),
        "done_form": PromiseDoneForm(initial={"done_on": today}),
        "is_past": meeting.starts_at <= timezone.now(),
        "title": selectors.meeting_title(meeting),
        "public_url": selectors.public_url_of(meeting),
    }


@login_required
def detail(request, pk):
    meeting = selectors.meeting_for(request.user, pk)
    return render(request, "reporting/detail.html", _detail_context(request, meeting))


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    meeting = selectors.meeting_for(request.user, pk)
    require_perm(request.user, "reporting.manage", meeting.akim_unit)
    local = timezone.localtime(meeting.starts_at)
    form = EditForm(
        request.POST or None,
        initial={
            "date": local.date(),
            "time": local.time(),
            "venue": meeting.venue,
            "title": meeting.title,
            "channels": meeting.planned_channels,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.reschedule_meeting(
                actor=request.user,
                meeting=meeting,
                starts_at=form.starts_at(),
                venue=data["venue"],
                title=data["title"],
                channels=data["channels"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The meeting is changed."))
            return redirect("reporting:detail", pk=meeting.pk)
    return render(
        request,
        "reporting/edit.html",
        {"form": form, "meeting": meeting, "title": selectors.meeting_title(meeting)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def hold(request, pk):
    meeting = selectors.meeting_for(request.user, pk)
    require_perm(request.user, "reporting.manage", meeting.akim_unit)
    form = HoldForm(request.POST or None, initial=HoldForm.initial_from(meeting))
    if request.method == "POST" and form.is_valid():
        figures = form.figures()
        try:
            services.hold_meeting(actor=request.user, meeting=meeting, **figures)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request, _("The meeting's results are recorded. Now write down the questions raised.")
            )
            return redirect(reverse("reporting:detail", args=[meeting.pk]) + "#add-question")
    return render(
        request,
        "reporting/hold.html",
        {"form": form, "meeting": meeting, "title": selectors.meeting_title(meeting)},
    )


@login_required
@require_POST
def cancel(request, pk):
    meeting = selectors.meeting_for(request.user, pk)
    require_perm(request.user, "reporting.manage", meeting.akim_unit)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.cancel_meeting(actor=request.user, meeting=meeting, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, pgettext(CONTEXT, "The meeting is cancelled."))
            return redirect("reporting:detail", pk=meeting.pk)
    return render(
        request, "reporting/detail.html", _detail_context(request, meeting, cancel_form=form), status=400
    )


@login_required
@require_POST
def add_question(request, pk):
    meeting = selectors.meeting_for(request.user, pk)
    require_perm(request.user, "reporting.manage", meeting.akim_unit)
    form = QuestionForm(meeting, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            resident = selectors.resident_by_iin_or_phone(request.user, meeting, data["resident_query"])
            question, code = services.add_question(
                actor=request.user,
                meeting=meeting,
                resident=resident,
                **{name: data[name] for name in QuestionForm.SERVICE_FIELDS},
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Question %(n)s is registered as appeal %(number)s (tracking code "
                    "%(code)s), executor: %(executor)s."
                )
                % {
                    "n": question.number,
                    "number": question.appeal.number,
                    "code": code,
                    "executor": data["executor"],
                },
            )
            return redirect(reverse("reporting:detail", args=[meeting.pk]) + "#add-question")
    context = _detail_context(request, meeting, question_form=form)
    return render(request, "reporting/detail.html", context, status=400)


@login_required
@require_POST
def add_promise(request, pk):
    meeting = selectors.meeting_for(request.user, pk)
    require_perm(request.user, "reporting.manage", meeting.akim_unit)
    form = PromiseForm(selectors.questions_of(meeting), request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_promise(
                actor=request.user,
                meeting=meeting,
                text=data["text"],
                due_on=data["due_on"],
                question=data["question"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The promise is recorded."))
            return redirect(reverse("reporting:detail", args=[meeting.pk]) + "#promises")
    return render(
        request, "reporting/detail.html", _detail_context(request, meeting, promise_form=form), status=400
    )


@login_required
def promises(request):
    require_perm(request.user, "reporting.view")
    state = request.GET.get("state", "")
    state = state if state in selectors.PROMISE_STATES else ""
    today = timezone.localdate()
    rows = selectors.promises_visible_to(request.user, state=state, today=today)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "reporting/promises.html",
        {
            "page": page,
            "state": state,
            "today": today,
            "done_form": PromiseDoneForm(initial={"done_on": today}),
            "counts": selectors.promise_counts(selectors.promises_visible_to(request.user), today),
        },
    )


@login_required
@require_POST
def promise_done(request, pk):
    promise = selectors.promise_for(request.user, pk)
    form = PromiseDoneForm(request.POST)
    if form.is_valid():
        try:
            services.mark_promise_done(
                actor=request.user,
                promise=promise,
                note=form.cleaned_data["note"],
                done_on=form.cleaned_data["done_on"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The promise is marked as done."))
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    back = request.POST.get("next", "")
    if back == "promises":
        return redirect("reporting:promises")
    return redirect(reverse("reporting:detail", args=[promise.meeting_id]) + "#promises")
