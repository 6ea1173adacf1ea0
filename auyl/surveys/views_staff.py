"""Staff pages of surveys: the list, the builder (settings and questions), publishing and closing.
Paper-form entry and CSV import are in :mod:`.views_entry`. Thin: rules live in services and selectors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from auyl.core.permissions import has_perm

from . import audiences, selectors, services
from .forms import NewSurveyForm, QuestionForm, SurveyForm
from .models import Phase, QuestionKind, Status
from .questions import QuestionSpec, options_from_lines
from .views import apply_errors

SETTINGS_LOCKED_WHEN_PUBLISHED = ("audience", "body", "opens_at", "is_anonymous")


@login_required
def staff_home(request):
    """Surveys of the units within the user's grants, and starting a new one."""
    can_create = selectors.units_for(request.user).exists()
    surveys = list(selectors.surveys_for(request.user)[:200])
    if not surveys and not can_create:
        raise PermissionDenied(_("You do not have permission to do this here."))
    now = timezone.now()
    return render(
        request,
        "surveys/staff_home.html",
        {
            "rows": [(survey, survey.phase_at(now)) for survey in surveys],
            "can_create": can_create,
        },
    )


def _survey_values(data: dict) -> dict:
    names = (
        "title_kk",
        "title_ru",
        "title_en",
        "intro_kk",
        "intro_ru",
        "intro_en",
        "audience",
        "body",
        "opens_at",
        "closes_at",
        "is_anonymous",
        "results_public",
    )
    return {name: data[name] for name in names if name in data}


def _create(request, data):
    values = _survey_values(data)
    if not data.get("template"):
        return services.create_survey(actor=request.user, territory=data["territory"], **values)
    survey = services.create_from_template(
        actor=request.user,
        template_key=data["template"],
        territory=data["territory"],
        opens_at=data["opens_at"],
        closes_at=data["closes_at"],
        audience=data["audience"],
        is_anonymous=data["is_anonymous"],
    )
    texts = {k: v for k, v in values.items() if k.startswith(("title", "intro")) and v}
    if texts or not data["results_public"]:
        services.update_survey(
            actor=request.user, survey=survey, results_public=data["results_public"], **texts
        )
    return survey


@login_required
@require_http_methods(["GET", "POST"])
def new(request):
    units = selectors.units_for(request.user)
    if not units.exists():
        raise PermissionDenied(_("You do not have permission to do this here."))
    templates = [(t.template_key, t.title) for t in selectors.templates()]
    form = NewSurveyForm(
        request.POST or None,
        units=units,
        templates=templates,
        initial={"audience": "residents", "template": request.GET.get("template", "")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            survey = _create(request, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The survey has been created as a draft."))
            return redirect("surveys:manage", pk=survey.pk)
    return render(request, "surveys/new.html", {"form": form})


def _settings_form(request, survey, now):
    locked = ()
    if survey.status == Status.PUBLISHED:
        locked = SETTINGS_LOCKED_WHEN_PUBLISHED
        if survey.phase_at(now) not in (Phase.SCHEDULED, Phase.OPEN):
            locked += ("closes_at",)
    initial = {
        name: getattr(survey, name)
        for name in (
            "title_kk",
            "title_ru",
            "title_en",
            "intro_kk",
            "intro_ru",
            "intro_en",
            "audience",
            "opens_at",
            "closes_at",
            "is_anonymous",
            "results_public",
        )
    }
    initial["body"] = f"{survey.body_kind}:{survey.body_id}" if survey.body_kind else ""
    return SurveyForm(
        request.POST or None, bodies=audiences.body_choices(survey.territory), locked=locked, initial=initial
    )


@login_required
@require_http_methods(["GET", "POST"])
def manage(request, pk):
    """The builder: settings, questions, publication; figures and links once it runs."""
    survey = selectors.survey_for(request.user, pk, "survey.manage")
    now = timezone.now()
    form = _settings_form(request, survey, now)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_survey(actor=request.user, survey=survey, **_survey_values(form.cleaned_data))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The survey's settings have been saved."))
            return redirect("surveys:manage", pk=survey.pk)
    return render(
        request,
        "surveys/manage.html",
        {
            "survey": survey,
            "form": form,
            "phase": survey.phase_at(now),
            "questions": survey.questions.prefetch_related("options").order_by("position"),
            "problems": services.publication_problems(survey) if survey.status == Status.DRAFT else [],
            "counts": selectors.staff_counts(survey),
            "can_enter": has_perm(request.user, "survey.enter", survey.territory),
            "can_list_participants": has_perm(request.user, "survey.participants", survey.territory),
        },
        status=400 if form.errors else 200,
    )


def _spec(data: dict) -> QuestionSpec:
    options = []
    if data["kind"] in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        options = options_from_lines(data["options_kk"], data["options_ru"], data["options_en"])
        for number in data["favourable"]:
            if not 1 <= number <= len(options):
                raise ValidationError({"favourable": [_("There is no option %(n)s.") % {"n": number}]})
            options[number - 1].is_favourable = True
    return QuestionSpec(
        kind=data["kind"],
        text_kk=data["text_kk"],
        text_ru=data["text_ru"],
        text_en=data["text_en"],
        is_required=data["is_required"],
        code=data["code"],
        options=options,
        scale_min=data["scale_min"],
        scale_max=data["scale_max"],
        number_min=data["number_min"],
        number_max=data["number_max"],
        profile=data["profile"] or "",
        indicator=data["indicator"] or "",
    )


def _question_initial(question) -> dict:
    options = list(question.options.all())
    initial = {
        name: getattr(question, name)
        for name in (
            "kind",
            "text_kk",
            "text_ru",
            "text_en",
            "is_required",
            "number_min",
            "number_max",
            "code",
            "indicator",
            "profile",
        )
    }
    for lang in ("kk", "ru", "en"):
        initial[f"options_{lang}"] = "\n".join(getattr(o, f"text_{lang}") for o in options)
    initial["favourable"] = ", ".join(str(o.position) for o in options if o.is_favourable)
    if question.kind == QuestionKind.SCALE and options:
        initial |= {"scale_min": options[0].value, "scale_max": options[-1].value}
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def question(request, pk, qpk=None):
    """Add a question (``qpk`` None) or change one, while the survey is a draft."""
    survey = selectors.survey_for(request.user, pk, "survey.manage")
    existing = None
    if qpk is not None:
        existing = survey.questions.prefetch_related("options").filter(pk=qpk).first()
        if existing is None:
            raise Http404("question not found")
    form = QuestionForm(
        request.POST or None, initial=_question_initial(existing) if existing else {"kind": "single"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            spec = _spec(form.cleaned_data)
            if existing is None:
                services.add_question(actor=request.user, survey=survey, spec=spec)
            else:
                services.update_question(actor=request.user, question=existing, spec=spec)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The question has been saved."))
            return redirect(_manage_url(survey) + "#questions")
    return render(
        request,
        "surveys/question.html",
        {"survey": survey, "form": form, "question": existing},
        status=400 if form.errors else 200,
    )


def _manage_url(survey) -> str:
    return reverse("surveys:manage", args=[survey.pk])


def _action(request, pk, run, done: str, anchor: str = ""):
    survey = selectors.survey_for(request.user, pk, "survey.manage")
    try:
        run(survey)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect(_manage_url(survey) + anchor)


def _question_of(survey, qpk):
    found = survey.questions.filter(pk=qpk).first()
    if found is None:
        raise Http404("question not found")
    return found


@login_required
@require_POST
def question_delete(request, pk, qpk):
    return _action(
        request,
        pk,
        lambda s: services.delete_question(actor=request.user, question=_question_of(s, qpk)),
        _("The question has been removed."),
        "#questions",
    )


@login_required
@require_POST
def question_move(request, pk, qpk):
    direction = -1 if request.POST.get("direction") == "up" else 1
    return _action(
        request,
        pk,
        lambda s: services.move_question(
            actor=request.user, question=_question_of(s, qpk), direction=direction
        ),
        _("The question has been moved."),
        "#questions",
    )


@login_required
@require_POST
def publish(request, pk):
    return _action(
        request,
        pk,
        lambda s: services.publish_survey(actor=request.user, survey=s),
        _("The survey is published."),
    )


@login_required
@require_POST
def close(request, pk):
    return _action(
        request,
        pk,
        lambda s: services.close_survey(actor=request.user, survey=s),
        _("The survey is closed: online answers are no longer accepted."),
    )


@login_required
@require_POST
def finalise(request, pk):
    return _action(
        request,
        pk,
        lambda s: services.finalise_results(actor=request.user, survey=s),
        _("The results are final: no more forms can be entered."),
    )


@login_required
def participants(request, pk):
    survey = selectors.survey_for(request.user, pk, "survey.participants")
    people = selectors.participants(request.user, survey)[:2000]
    return render(request, "surveys/participants.html", {"survey": survey, "people": people})
