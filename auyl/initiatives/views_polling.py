"""Staff pages around the vote: the polling point (find the resident, enter the paper ballot), the turnout
roll (who voted, never for whom), counting the results, and .pb export and import.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from auyl.core.permissions import has_perm, require_perm

from . import pbio, phases, selectors, services, voting
from .forms import ImportForm
from .models import BallotType, Turnout
from .views import apply_errors
from .views_staff import _search, chosen_resident

POLLING_POINT_KEY = "initiatives_polling_point"


def _voted(campaign, residents) -> dict[int, str]:
    """For each listed resident already on the roll: when and where they voted (never what for)."""
    rows = Turnout.objects.filter(campaign=campaign, resident__in=[r.pk for r in residents])
    return {row.resident_id: voting.already_voted(row, for_staff=True) for row in rows}


@login_required
@never_cache
def polling(request, pk: int):
    """A polling point: find the resident, check they may vote, enter their paper ballot once."""
    campaign = selectors.campaign_for(request.user, pk, "initiative.enter")
    resident = chosen_resident(request)
    query = request.GET.get("q", "").strip()[:100]
    matches = _search(request.user, campaign, query)
    point = request.POST.get("polling_point", request.session.get(POLLING_POINT_KEY, "")).strip()[:200]
    errors: list[str] = []
    chosen: set[int] = set()
    if request.method == "POST" and resident is not None:
        raw = request.POST.getlist("choice")
        chosen = {int(c) for c in raw if c.isdigit()}
        try:
            services.record_polling_ballot(
                actor=request.user, campaign=campaign, resident=resident, choices=raw, polling_point=point
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            request.session[POLLING_POINT_KEY] = point
            messages.success(request, _("The ballot of %(name)s is recorded.") % {"name": resident.full_name})
            return redirect("initiatives:polling", pk=campaign.pk)
    listed = [*matches, *([resident] if resident else [])]
    voted = _voted(campaign, listed)
    for person in listed:
        person.voted_text = voted.get(person.pk, "")
    problem = None
    if resident is not None and not resident.voted_text:
        problem = voting.eligibility_error(campaign, resident, for_staff=True)
    return render(
        request,
        "initiatives/staff/polling.html",
        {
            "campaign": campaign,
            "phase": phases.phase_on(campaign),
            "query": query,
            "matches": matches,
            "resident": resident,
            "problem": problem,
            "errors": errors,
            "chosen": chosen,
            "projects": selectors.ballot_projects(campaign),
            "polling_point": point,
            "is_knapsack": campaign.ballot_type == BallotType.KNAPSACK,
            "figures": selectors.figures(campaign),
        },
    )


@login_required
def turnout(request, pk: int):
    campaign = selectors.campaign_for(request.user, pk, "initiative.turnout")
    roll = selectors.turnout_roll(request.user, campaign)
    page = Paginator(roll, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "initiatives/staff/turnout.html",
        {
            "campaign": campaign,
            "page": page,
            "figures": selectors.figures(campaign),
        },
    )


@login_required
@require_POST
def count(request, pk: int):
    campaign = selectors.campaign_for(request.user, pk, "initiative.manage")
    try:
        services.compute_results(actor=request.user, campaign=campaign)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("initiatives:manage", pk=campaign.pk)
    messages.success(request, _("The results are counted and published."))
    return redirect("initiatives:results", pk=campaign.pk)


@login_required
def export(request, pk: int):
    """The campaign as a pabulib .pb file: projects, costs and anonymous ballots in random order."""
    campaign = selectors.campaign_for(request.user, pk)
    response = HttpResponse(services.export_pb(campaign), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="auyl-{campaign.territory.code}-{campaign.pk}.pb"'
    )
    return response


def _small_enough(form) -> bool:
    """Refuse an oversized file before reading it into memory."""
    if form.cleaned_data["file"].size > pbio.MAX_FILE_MB * 1024 * 1024:
        form.add_error("file", _("The file is too large (at most %(mb)s MB).") % {"mb": pbio.MAX_FILE_MB})
        return False
    return True


@login_required
def import_pb(request):
    require_perm(request.user, "initiative.manage")
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid() and _small_enough(form):
        data = form.cleaned_data
        try:
            made = services.import_pb(
                actor=request.user,
                territory=data["territory"],
                data=data["file"].read(),
                funding_source=data["funding_source"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Imported: %(projects)s projects and %(ballots)s ballots.")
                % {"projects": made.proposals.count(), "ballots": made.ballots.count()},
            )
            return redirect("initiatives:manage", pk=made.pk)
    return render(
        request,
        "initiatives/staff/import.html",
        {
            "form": form,
            "can_manage": has_perm(request.user, "initiative.manage"),
        },
    )
