"""Staff pages that bring paper in: typing paper forms one after another, and importing a CSV file."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from auyl.core.rules import get_rule
from auyl.territory import selectors as territory_selectors

from . import selectors, services
from .answering import AlreadyAnswered, check_entry_open
from .forms import ImportForm
from .forms_answer import PaperForm
from .imports import PEOPLE_COLUMNS, ImportRejected
from .views import apply_errors

SHOWN_ERRORS = 200


def _questions(survey):
    return list(survey.questions.prefetch_related("options").order_by("position"))


def _closed(survey) -> str:
    """Why forms cannot be entered now ("" when they can)."""
    try:
        check_entry_open(survey, timezone.now())
    except ValidationError as exc:
        return exc.messages[0]
    return ""


def _resident(request, form):
    """The registry entry of the IIN typed on the form (within the user's territories), or None."""
    iin = form.cleaned_data["resident_iin"]
    if not iin:
        return None
    found = territory_selectors.search_residents(request.user, iin, limit=1)
    if not found:
        raise ValidationError({"resident_iin": [_("No resident with this IIN in your territories.")]})
    return found[0]


def _save_paper(request, survey, form):
    data = form.cleaned_data
    try:
        services.enter_paper_response(
            actor=request.user,
            survey=survey,
            values=form.values(),
            settlement=data["settlement"],
            age_band=data["age_band"],
            sex=data["sex"],
            resident=_resident(request, form),
        )
    except AlreadyAnswered as exc:
        form.add_error("resident_iin", exc.messages)
        return False
    except ValidationError as exc:
        apply_errors(form, exc)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def paper(request, pk):
    """One paper form after another: type the option numbers, Tab to the next question, Enter to save."""
    survey = selectors.survey_for(request.user, pk, "survey.enter")
    initial = {"settlement": request.GET.get("settlement") or None}
    form = PaperForm(
        request.POST or None,
        questions=_questions(survey),
        settlements=selectors.settlements_of(survey),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid() and _save_paper(request, survey, form):
        count = selectors.staff_counts(survey)["by_channel"].get("paper", 0)
        messages.success(request, _("Form saved. Paper forms entered: %(n)s.") % {"n": count})
        settlement = form.cleaned_data["settlement"]
        url = reverse("surveys:paper", args=[survey.pk])
        return redirect(f"{url}?settlement={settlement.pk}" if settlement else url)
    return render(
        request,
        "surveys/paper.html",
        {
            "survey": survey,
            "form": form,
            "counts": selectors.staff_counts(survey),
            "closed_reason": _closed(survey),
        },
        status=400 if form.errors else 200,
    )


def _read_upload(survey, upload) -> bytes:
    limit = get_rule(survey.territory, "surveys.import_max_kb") * 1024
    return upload.read(limit + 1)  # one byte more than allowed is enough to refuse it


@login_required
@require_http_methods(["GET", "POST"])
def import_csv(request, pk):
    """Upload a CSV file: every row is checked, and nothing is stored unless all rows are valid."""
    survey = selectors.survey_for(request.user, pk, "survey.enter")
    form = ImportForm(request.POST if request.method == "POST" else None, request.FILES or None)
    rejected = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.import_responses(
                actor=request.user, survey=survey, data=_read_upload(survey, upload), file_name=upload.name
            )
        except ImportRejected as exc:
            rejected = exc
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(n)s responses imported from %(file)s.") % {"n": batch.rows, "file": batch.file_name},
            )
            return redirect("surveys:manage", pk=survey.pk)
    return render(
        request,
        "surveys/import.html",
        {
            "survey": survey,
            "form": form,
            "rejected": rejected,
            "errors": rejected.errors[:SHOWN_ERRORS] if rejected else [],
            "questions": _questions(survey),
            "closed_reason": _closed(survey),
        },
        status=400 if rejected or form.errors else 200,
    )


@login_required
def import_template(request, pk):
    """An empty CSV file with the column codes this survey accepts."""
    survey = selectors.survey_for(request.user, pk, "survey.enter")
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerow(
        [*PEOPLE_COLUMNS, *(q.code for q in _questions(survey))]
    )
    response = HttpResponse(
        ("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-columns.csv"'
    return response
