"""Public pages of civic projects: the campaigns of a rural district, a campaign with its phases, proposals,
results and implementation, a project, its photos, and a resident's proposal form.

Thin: parse, call a service or a selector, render. The vote lives in :mod:`.views_vote`, staff pages in
:mod:`.views_staff` and :mod:`.views_polling`.
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from auyl.core.forms import apply_errors
from auyl.territory import selectors as territory_selectors

from . import phases, selectors, services
from .forms import ProposalForm


def index(request):
    """Campaigns running now and recently, everywhere."""
    campaigns = list(selectors.published().order_by("-voting_until", "-pk")[:50])
    return render(request, "initiatives/index.html", {"campaigns": campaigns, "today": phases.today()})


def district(request, code: str):
    """The civic projects of one rural district (and its settlements)."""
    territory = territory_selectors.territory_by_code(code)
    if not territory.is_primary:
        raise Http404("not a rural district")
    campaigns = list(selectors.campaigns_of(territory))
    return render(request, "initiatives/district.html", {"territory": territory, "campaigns": campaigns})


def campaign(request, pk: int):
    context = selectors.campaign_page(selectors.campaign_for_page(request.user, pk), request.user)
    return render(request, "initiatives/campaign.html", context)


def results(request, pk: int):
    campaign = selectors.campaign_for_page(request.user, pk)
    return render(request, "initiatives/results.html", selectors.results_page(campaign))


def proposal(request, pk: int, number: int):
    campaign = selectors.campaign_for_page(request.user, pk)
    return render(request, "initiatives/proposal.html", selectors.proposal_page(campaign, number))


def photo(request, pk: int, number: int, photo_pk: int):
    """A photo of a published project, shown in the page (photos are public by design)."""
    campaign = selectors.campaign_for_page(request.user, pk)
    item = selectors.photo_of(campaign, number, photo_pk)
    try:
        handle = item.file.open("rb")
    except OSError:
        raise Http404("photo missing") from None
    response = FileResponse(handle, content_type=item.content_type)
    response["Cache-Control"] = "public, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@never_cache
def propose(request, pk: int):
    """A signed-in resident proposes a project while the proposals phase is open."""
    campaign = selectors.public_campaign(pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("accounts:resident_login"))
    resident = getattr(request.user, "resident", None)
    context = {"campaign": campaign, "resident": resident, "phase": phases.phase_on(campaign)}
    try:
        phases.require_proposals_open(campaign)
    except ValidationError as exc:
        return render(request, "initiatives/propose.html", context | {"closed": exc.messages})
    if resident is None:
        return render(request, "initiatives/propose.html", context | {"no_resident": True})
    form = ProposalForm(request.POST or None, request.FILES or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = services.submit_proposal(
                actor=request.user,
                campaign=campaign,
                title=data["title"],
                description=data["description"],
                place=data["place"],
                settlement=data["settlement"],
                category=data["category"],
                estimated_cost=data["estimated_cost"],
                photos=data["photos"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(f"{reverse('initiatives:proposal', args=[campaign.pk, made.number])}?new=1")
    return render(request, "initiatives/propose.html", context | {"form": form})
