"""The voting page (phone first) and its thank-you page.

The POST is the path measured by ``bench/pb_ballots.py``: one read of the campaign, then the service
(which answers from memory for the ballot's projects); on success a redirect, so a reload never re-posts.
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from . import phases, selectors, services
from .models import BallotType


def _login(request):
    return redirect_to_login(request.get_full_path(), reverse("accounts:resident_login"))


def _render(request, campaign, *, chosen=None, errors=(), status=200):
    state = selectors.voter_state(campaign, request.user)
    projects = selectors.ballot_projects(campaign)
    if chosen is None:
        chosen = state.choices or []
    chosen = {int(c) for c in chosen if str(c).isdigit()}
    context = {
        "campaign": campaign,
        "phase": phases.phase_on(campaign),
        "voting_opens": phases.voting_opens(campaign),
        "projects": projects,
        "chosen": chosen,
        "state": state,
        "errors": list(errors),
        "is_knapsack": campaign.ballot_type == BallotType.KNAPSACK,
        "can_vote": phases.phase_on(campaign) == phases.Phase.VOTING
        and state.resident_id is not None
        and state.problem is None
        and (state.turnout is None or campaign.allow_ballot_changes),
    }
    return render(request, "initiatives/vote.html", context, status=status)


@never_cache
def vote(request, pk: int):
    if request.method != "POST":
        return _render(request, selectors.public_campaign(pk))
    campaign = selectors.campaign_for_ballot(pk)
    if not request.user.is_authenticated:
        return _login(request)
    chosen = request.POST.getlist("choice")
    try:
        cast = services.cast_ballot(actor=request.user, campaign=campaign, choices=chosen)
    except PermissionDenied:
        return _login(request)
    except ValidationError as exc:
        return _render(request, selectors.public_campaign(pk), chosen=chosen, errors=exc.messages)
    url = reverse("initiatives:vote_thanks", args=[campaign.pk])
    return redirect(f"{url}?changed=1" if cast.changed else url)


@never_cache
def vote_thanks(request, pk: int):
    campaign = selectors.public_campaign(pk)
    if not request.user.is_authenticated:
        return _login(request)
    state = selectors.voter_state(campaign, request.user)
    if state.turnout is None:
        return redirect("initiatives:vote", pk=campaign.pk)
    return render(
        request,
        "initiatives/vote_thanks.html",
        {"campaign": campaign, "state": state, "changed": request.GET.get("changed") == "1"},
    )
