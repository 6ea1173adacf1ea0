"""Staff pages of citizen juries: thin, every rule lives in services and selectors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from auyl.core.forms import apply_errors
from auyl.core.permissions import has_perm, require_perm
from auyl.territory import selectors as territory_selectors

from . import selectors, services
from .forms import AnnounceForm, AnswerForm, DrawForm, JuryForm, RecommendationForm, SessionForm
from .models import Member


@login_required
def staff_home(request):
    return render(
        request,
        "juries/staff_home.html",
        {
            "juries": selectors.juries_for(request.user)[:200],
            "units": selectors.units_for(request.user)[:200],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request, code):
    territory = territory_selectors.territory_by_code(code)
    require_perm(request.user, "jury.manage", territory)
    form = JuryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            jury = services.create_jury(actor=request.user, territory=territory, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The jury has been created. Announce its draw when ready."))
            return redirect("juries:detail", pk=jury.pk)
    return render(request, "juries/create.html", {"territory": territory, "form": form})


def _forms(request, jury, bound: dict | None = None) -> dict:
    forms = {
        "announce_form": AnnounceForm(),
        "draw_form": DrawForm(),
        "session_form": SessionForm(),
        "recommend_form": RecommendationForm(),
        "answer_form": AnswerForm(),
    }
    forms.update(bound or {})
    return forms


def _detail(request, jury, bound: dict | None = None, status: int = 200):
    user = request.user
    return render(
        request,
        "juries/detail.html",
        {
            "jury": jury,
            "territory": jury.territory,
            "figures": selectors.figures(jury),
            "strata": selectors.strata_table(jury),
            "members": selectors.members_for(user, jury),
            "sessions": jury.sessions.all(),
            "overdue": selectors.is_overdue(jury),
            "can_manage": has_perm(user, "jury.manage", jury.territory),
            "can_answer": has_perm(user, "jury.answer", jury.territory),
            **_forms(request, jury, bound),
        },
        status=status,
    )


@login_required
def detail(request, pk):
    return _detail(request, selectors.jury_for(request.user, pk))


# One form posted to one service; on a refusal the page is shown again with the form's errors.
ACTIONS = {
    "announce": (
        "announce_form",
        AnnounceForm,
        services.announce_draw,
        "jury.manage",
        lambda d: {"seed_source": d["seed_source"]},
    ),
    "draw": (
        "draw_form",
        DrawForm,
        services.run_draw,
        "jury.manage",
        lambda d: {"public_value": d["public_value"]},
    ),
    "session": ("session_form", SessionForm, services.add_session, "jury.manage", lambda d: d),
    "recommend": ("recommend_form", RecommendationForm, services.recommend, "jury.manage", lambda d: d),
    "answer": ("answer_form", AnswerForm, services.answer, "jury.answer", lambda d: d),
}


@login_required
@require_POST
def act(request, pk, action):
    if action not in ACTIONS:
        raise Http404("unknown action")
    name, form_class, service, permission, arguments = ACTIONS[action]
    jury = selectors.jury_for(request.user, pk)
    require_perm(request.user, permission, jury.territory)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(actor=request.user, jury=jury, **arguments(form.cleaned_data))
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):  # the jury's state refuses it: say so above the page
                messages.error(request, " ".join(exc.messages))
                return redirect("juries:detail", pk=jury.pk)
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("juries:detail", pk=jury.pk)
    return _detail(request, jury, {name: form}, status=400)


@login_required
@require_POST
def member_action(request, pk, member_pk, action):
    jury = selectors.jury_for(request.user, pk, "jury.manage")
    member = get_object_or_404(Member, jury=jury, pk=member_pk)
    try:
        if action == "replace":
            new = services.draw_replacement(actor=request.user, jury=jury, member=member)
            messages.success(request, _("Replacement drawn: %(token)s.") % {"token": new.token})
        elif action in ("accept", "decline"):
            services.respond(
                actor=request.user, jury=jury, resident=member.resident, accepted=action == "accept"
            )
            messages.success(request, _("The response has been recorded."))
        else:
            raise Http404("unknown action")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("juries:detail", pk=jury.pk)
