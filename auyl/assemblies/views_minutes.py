"""Staff pages after the meeting: the minutes (draft from the record, signing, corrections as new
versions, PDF in Kazakh and Russian) and the follow-up of decisions (the akim's response, tasks done).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from auyl.core.permissions import has_perm

from . import documents, minutes, selectors, services
from .forms import CompleteForm, CorrectionForm, FinalizeForm, RespondForm
from .models import MeetingStatus
from .views import apply_errors, meeting_or_404
from .views_decisions import followup_forms

PDF_LANGUAGES = ("kk", "ru")


def pdf_language(request) -> str:
    """``?lang=kk|ru`` or the page's language (English falls back to Kazakh, the default)."""
    wanted = request.GET.get("lang") or (get_language() or "kk")[:2]
    return wanted if wanted in PDF_LANGUAGES else "kk"


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def version_or_404(meeting, number):
    version = selectors.minutes_versions(meeting).filter(number=number).first()
    if version is None:
        raise Http404("no such version of the minutes")
    return version


# ---- minutes -------------------------------------------------------------------------------------


def _render_minutes(request, meeting, *, finalize_form=None, correction_form=None, status=200):
    versions = list(selectors.minutes_versions(meeting).select_related("signed_by"))
    current = versions[0] if versions else None
    can_sign = has_perm(request.user, "assemblies.minutes", meeting.territory)
    closed = meeting.status == MeetingStatus.CLOSED
    initial = {"chair_name": meeting.chair_name, "secretary_name": meeting.secretary_name}
    if can_sign and closed and current is None and finalize_form is None:
        finalize_form = FinalizeForm(initial=initial, auto_id="finalize_%s")
    if can_sign and current is not None and correction_form is None:
        correction_form = CorrectionForm(items=current.data.get("items", []), auto_id="correct_%s")
    data = current.data if current is not None else (minutes.minutes_data(meeting) if closed else None)
    return render(
        request,
        "assemblies/minutes.html",
        {
            "meeting": meeting,
            "versions": versions,
            "current": current,
            "closed": closed,
            "protocol": documents.protocol(data) if data else None,
            "finalize_form": finalize_form if can_sign and closed and current is None else None,
            "correction_form": correction_form if can_sign and current is not None else None,
            "languages": PDF_LANGUAGES,
        },
        status=status,
    )


@login_required
def minutes_page(request, pk: int):
    return _render_minutes(request, meeting_or_404(request, pk))


@login_required
@require_POST
def finalize(request, pk: int):
    """Sign the minutes: version 1, frozen; from now on only corrections with a reason."""
    meeting = meeting_or_404(request, pk, "assemblies.minutes")
    form = FinalizeForm(request.POST, auto_id="finalize_%s")
    if form.is_valid():
        try:
            services.finalize_minutes(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The minutes are signed and published."))
            return redirect("assemblies:minutes", pk=meeting.pk)
    return _render_minutes(request, meeting, finalize_form=form)


@login_required
@require_POST
def correct(request, pk: int):
    """A correction: a new signed version with its reason; the earlier versions stay as they were."""
    meeting = meeting_or_404(request, pk, "assemblies.minutes")
    current = selectors.current_minutes(meeting)
    form = CorrectionForm(
        request.POST, items=current.data.get("items", []) if current else [], auto_id="correct_%s"
    )
    if form.is_valid():
        try:
            version = services.correct_minutes(
                actor=request.user, meeting=meeting, reason=form.cleaned_data["reason"], **form.changes()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("Version %(number)s of the minutes is signed.") % {"number": version.number}
            )
            return redirect("assemblies:minutes", pk=meeting.pk)
    return _render_minutes(request, meeting, correction_form=form)


@login_required
def minutes_pdf(request, pk: int, number: int):
    """One signed version of the minutes as PDF (``?lang=kk`` or ``ru``)."""
    meeting = meeting_or_404(request, pk)
    version = version_or_404(meeting, number)
    lang = pdf_language(request)
    return pdf_response(
        documents.minutes_pdf(version.data, lang=lang, version=version),
        documents.minutes_filename(meeting, lang, version.number),
    )


@login_required
def draft_pdf(request, pk: int):
    """The minutes generated from the record of a closed meeting, before signing (marked as a draft)."""
    meeting = meeting_or_404(request, pk)
    if meeting.status != MeetingStatus.CLOSED:
        raise Http404("the meeting is not closed")
    lang = pdf_language(request)
    return pdf_response(
        documents.minutes_pdf(minutes.minutes_data(meeting), lang=lang),
        documents.minutes_filename(meeting, lang, None),
    )


# ---- follow-up of decisions ------------------------------------------------------------------------


def _render_followup(request, meeting, bound: dict | None = None, status=200):
    rows = []
    for decision in meeting.decisions.select_related("item", "responded_by", "territory").order_by(
        "item__number"
    ):
        respond, complete = followup_forms(request.user, decision, bound)
        rows.append({"decision": decision, "respond": respond, "complete": complete})
    return render(request, "assemblies/followup.html", {"meeting": meeting, "rows": rows}, status=status)


@login_required
def followup(request, pk: int):
    return _render_followup(request, meeting_or_404(request, pk))


def _decision(meeting, decision_pk):
    decision = meeting.decisions.filter(pk=decision_pk).first()
    if decision is None:
        raise Http404("no such decision")
    return decision


@login_required
@require_POST
def respond(request, pk: int, decision_pk: int):
    """The akim's response: accepted with a plan and date, partly accepted, or rejected with reasons."""
    meeting = meeting_or_404(request, pk, "assemblies.respond")
    decision = _decision(meeting, decision_pk)
    form = RespondForm(request.POST, auto_id=f"respond{decision.pk}_%s")
    if form.is_valid():
        try:
            services.respond_to_decision(actor=request.user, decision=decision, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The response is recorded and published."))
            return redirect("assemblies:followup", pk=meeting.pk)
    return _render_followup(request, meeting, bound={("respond", decision.pk): form})


@login_required
@require_POST
def complete(request, pk: int, decision_pk: int):
    meeting = meeting_or_404(request, pk, "assemblies.track")
    decision = _decision(meeting, decision_pk)
    form = CompleteForm(request.POST, auto_id=f"complete{decision.pk}_%s")
    if form.is_valid():
        try:
            services.complete_decision(actor=request.user, decision=decision, note=form.cleaned_data["note"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The decision is recorded as carried out."))
            return redirect("assemblies:followup", pk=meeting.pk)
    return _render_followup(request, meeting, bound={("complete", decision.pk): form})
