"""Staff pages of the council's oversight: monitoring commissions and their findings, recommendations
to the superior akim and the answer to them. Thin: services decide."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import selectors, services
from .forms import AnswerForm, CommissionForm, FindingsForm, RecommendationForm
from .views import apply_errors, term_url, unit


def _form_page(request, territory, council, form, title: str, submit: str, **extra):
    return render(
        request,
        "council/form_page.html",
        {"territory": territory, "council": council, "form": form, "title": title, "submit": submit, **extra},
    )


@login_required
@require_http_methods(["GET", "POST"])
def commission_add(request, code, pk):
    territory = unit(code)
    council = selectors.council_for(request.user, territory, pk, "council.commission")
    form = CommissionForm(
        request.POST or None,
        members=selectors.commission_candidates(council),
        initial={"period_start": selectors.page_day(council)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            commission = services.create_commission(actor=request.user, council=council, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("The monitoring commission “%(subject)s” is set up.") % {"subject": commission.subject},
            )
            return redirect(term_url(council))
    return _form_page(
        request, territory, council, form, _("New monitoring commission"), _("Set up the commission")
    )


@login_required
@require_http_methods(["GET", "POST"])
def findings(request, code, pk):
    territory = unit(code)
    commission = selectors.commission_for(request.user, territory, pk)
    if commission.is_finished:
        messages.info(request, _("The findings of this commission are already published."))
        return redirect(term_url(commission.council))
    form = FindingsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.publish_findings(actor=request.user, commission=commission, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The findings are published on the council's public page."))
            return redirect(term_url(commission.council))
    return _form_page(
        request,
        territory,
        commission.council,
        form,
        _("Findings of the commission “%(subject)s”") % {"subject": commission.subject},
        _("Publish the findings"),
        intro=_("Published findings cannot be changed."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_add(request, code, pk):
    territory = unit(code)
    council = selectors.council_for(request.user, territory, pk, "council.recommend")
    form = RecommendationForm(request.POST or None, initial=selectors.recommendation_defaults(territory))
    if request.method == "POST" and form.is_valid():
        try:
            recommendation = services.send_recommendation(
                actor=request.user, council=council, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("The recommendation is recorded; the answer is due by %(date)s.")
                % {"date": f"{recommendation.answer_due:%d.%m.%Y}"},
            )
            return redirect(term_url(council))
    return _form_page(
        request,
        territory,
        council,
        form,
        _("Recommendation to the superior akim"),
        _("Record the recommendation"),
        intro=_(
            "A recommendation to bring the village akim to disciplinary responsibility. The "
            "superior akim's answer is tracked against a deadline."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def answer(request, code, pk):
    territory = unit(code)
    recommendation = selectors.recommendation_for(request.user, territory, pk, "council.answer")
    if recommendation.is_answered:
        messages.info(request, _("The answer to this recommendation is already recorded."))
        return redirect(term_url(recommendation.council))
    form = AnswerForm(request.POST or None, initial={"answered_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_answer(actor=request.user, recommendation=recommendation, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The superior akim's answer is recorded."))
            return redirect(term_url(recommendation.council))
    return _form_page(
        request,
        territory,
        recommendation.council,
        form,
        _("The superior akim's answer"),
        _("Record the answer"),
        recommendation=recommendation,
    )
