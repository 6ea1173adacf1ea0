"""Public pages: a territory's questions, one question with signing and voting for the signed-in resident."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from auyl.territory.selectors import territory_by_code

from . import selectors, services
from .voting import collecting_open, eligibility_error, voting_open


def district(request, code: str):
    territory = territory_by_code(code)
    referendums = list(selectors.public_list(territory)[:100])
    return render(request, "referendums/district.html", {"territory": territory, "referendums": referendums})


def _resident(user):
    return getattr(user, "resident", None) if getattr(user, "is_authenticated", False) else None


@never_cache
def public(request, pk: int):
    referendum = selectors.public_referendum(pk)
    resident = _resident(request.user)
    context = {
        "r": referendum,
        "label": selectors.status_label(referendum),
        "collecting": collecting_open(referendum),
        "voting": voting_open(referendum),
        "mine": selectors.own_participation(referendum, getattr(resident, "pk", None)),
        "problem": eligibility_error(referendum, resident) if resident else None,
        "has_resident": resident is not None,
        "decision": selectors.followup_of(referendum),
    }
    return render(request, "referendums/public.html", context)


def _act(request, pk: int, call, done: str):
    referendum = selectors.public_referendum(pk)
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("referendums:public", args=[pk]), reverse("accounts:resident_login"))
    try:
        call(referendum)
    except PermissionDenied:
        messages.error(request, _("Your account is not linked to the residents registry."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("referendums:public", pk=pk)


@require_POST
def sign(request, pk: int):
    return _act(
        request,
        pk,
        lambda r: services.sign(actor=request.user, referendum=r),
        _("Your signature is counted."),
    )


@require_POST
def vote(request, pk: int):
    choice = request.POST.get("choice", "")
    return _act(
        request,
        pk,
        lambda r: services.cast_ballot(actor=request.user, referendum=r, choice=choice),
        _("Your ballot is counted. Thank you for voting."),
    )
