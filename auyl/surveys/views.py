"""Public pages of surveys: a unit's surveys, answering one, the thank-you page, the results and their
downloads. Thin: every rule lives in services and selectors."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from auyl.accounts.net import client_ip
from auyl.core.forms import apply_errors
from auyl.core.rules import get_rule
from auyl.territory import selectors as territory_selectors

from . import exports, selectors, services
from .answering import AlreadyAnswered
from .forms_answer import AnswerForm
from .models import Audience
from .results import BREAKDOWNS

COOKIE_DAYS = 60


def unit(request, code):
    """The surveys residents of a unit can answer now, announced ones, and results of closed ones."""
    territory = territory_selectors.territory_by_code(code)
    return render(
        request,
        "surveys/unit.html",
        {
            "territory": territory,
            "surveys": selectors.unit_surveys(territory),
        },
    )


def _cookie(survey) -> str:
    return f"survey{survey.pk}"


def _state(request, survey):
    state = selectors.answer_state(request.user, survey)
    anonymous_browser = survey.audience == Audience.OPEN and not request.user.is_authenticated
    if state.can_answer and anonymous_browser and request.COOKIES.get(_cookie(survey)):
        return selectors.AnswerState(
            False, "answered", _("Your answers from this browser have already been received. Thank you!")
        )
    return state


def _submit(request, survey, form):
    """Call the service with a valid form: the thank-you redirect, or None with errors on the form."""
    try:
        services.submit_online(
            actor=request.user,
            survey=survey,
            values=form.values(),
            client_key=client_ip(request) or "",  # behind the trusted proxies, as the sign-in limits
            nonce=form.cleaned_data["nonce"],
        )
    except AlreadyAnswered:
        return redirect("surveys:thanks", pk=survey.pk)
    except ValidationError as exc:
        apply_errors(form, exc)
        return None
    response = redirect("surveys:thanks", pk=survey.pk)
    if survey.audience == Audience.OPEN and not request.user.is_authenticated:
        response.set_cookie(_cookie(survey), "1", max_age=COOKIE_DAYS * 86400, samesite="Lax", httponly=True)
    return response


@require_http_methods(["GET", "POST"])
def answer(request, pk):
    """The questionnaire: answer it when open and meant for this person; otherwise say why not."""
    survey = selectors.public_survey(pk)
    state = _state(request, survey)
    if request.method == "POST" and state.kind == "sign_in":
        login = reverse("accounts:resident_login")
        return redirect(f"{login}?{urlencode({'next': reverse('surveys:answer', args=[survey.pk])})}")
    if request.method == "POST" and state.kind == "answered":  # a double submit: the first one counted
        return redirect("surveys:thanks", pk=survey.pk)
    questions = survey.questions.prefetch_related("options").order_by("position")
    form = AnswerForm(
        request.POST if state.can_answer and request.method == "POST" else None,
        questions=questions,
        text_max=get_rule(survey.territory, "surveys.text_max_chars"),
    )
    if form.is_bound and form.is_valid():
        done = _submit(request, survey, form)
        if done is not None:
            return done
    return render(
        request,
        "surveys/answer.html",
        {
            "survey": survey,
            "state": state,
            "form": form,
            "show_results": state.kind == "closed" and survey.results_public,
        },
        status=403 if state.kind == "not_audience" else 200,
    )


def thanks(request, pk):
    survey = selectors.public_survey(pk)
    return render(request, "surveys/thanks.html", {"survey": survey})


def _results_query(request, survey):
    by = request.GET.get("by", "")
    by = by if by in BREAKDOWNS else ""
    within = None
    code = request.GET.get("within", "")
    if code:
        within = territory_selectors.territory_by_code(code)
        if not within.path.startswith(survey.territory_path):
            raise Http404("territory outside the survey")
    return by, within


def results(request, pk):
    """Counts and percentages per option, a breakdown, the free-text answers, downloads."""
    survey = selectors.public_survey(pk)
    by, within = _results_query(request, survey)
    report, reason = selectors.results_for(request.user, survey, by=by, within=within)
    query = {k: v for k, v in (("by", by), ("within", within.code if within else "")) if v}
    return render(
        request,
        "surveys/results.html",
        {
            "survey": survey,
            "report": report,
            "reason": reason,
            "by": by,
            "within": within,
            "breakdowns": list(BREAKDOWNS.items()),
            "query": urlencode(query),
            "staff": selectors.can_see_results_early(request.user, survey),
        },
    )


def download(request, pk, fmt):
    survey = selectors.public_survey(pk)
    if fmt not in ("csv", "xlsx", "pdf"):
        raise Http404("unknown format")
    by, within = _results_query(request, survey)
    report, reason = selectors.results_for(request.user, survey, by=by, within=within, text_limit=None)
    if report is None:
        raise PermissionDenied(reason)
    content, content_type, filename = exports.export(report, fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
