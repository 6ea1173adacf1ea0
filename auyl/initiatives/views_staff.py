"""Staff pages of civic projects: the campaigns of one's territories, a campaign's desk, creating and
editing a campaign, entering a proposal for a resident, the technical review and the implementation
reports. Polling points, the turnout roll, counting and .pb files are in :mod:`.views_polling`.

A campaign outside the user's territories is a 404 (its existence is not revealed); a page the user's
role does not allow is a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from auyl.core.permissions import has_perm, require_perm
from auyl.territory import selectors as territory_selectors

from . import implementation, phases, selectors, services
from .forms import CampaignForm, ProgressForm, ReviewForm, SpendingForm, StaffProposalForm, WorkPhotoForm
from .models import PhotoStage, ProposalStatus
from .views import apply_errors

SEARCH_LIMIT = 20


@login_required
def home(request):
    require_perm(request.user, "initiative.view")
    campaigns = list(selectors.campaigns_visible_to(request.user).order_by("-proposals_from", "-pk")[:200])
    return render(
        request,
        "initiatives/staff/home.html",
        {"campaigns": campaigns, "can_manage": has_perm(request.user, "initiative.manage")},
    )


def _campaign_data(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "territory"}


@login_required
def campaign_new(request):
    require_perm(request.user, "initiative.manage")
    form = CampaignForm(
        request.POST or None, user=request.user, initial={"min_age": 18, "allow_ballot_changes": True}
    )
    if request.method == "POST" and form.is_valid():
        try:
            made = services.create_campaign(
                actor=request.user,
                territory=form.cleaned_data["territory"],
                **_campaign_data(form.cleaned_data),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The campaign is created as a draft: publish it when it is ready."))
            return redirect("initiatives:manage", pk=made.pk)
    return render(request, "initiatives/staff/campaign_form.html", {"form": form})


@login_required
def campaign_edit(request, pk: int):
    campaign = selectors.campaign_for(request.user, pk, "initiative.manage")
    initial = {name: getattr(campaign, name) for name in services.CAMPAIGN_FIELDS}
    form = CampaignForm(request.POST or None, user=request.user, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_campaign(actor=request.user, campaign=campaign, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("initiatives:manage", pk=campaign.pk)
    return render(request, "initiatives/staff/campaign_form.html", {"form": form, "campaign": campaign})


@login_required
@require_POST
def campaign_publish(request, pk: int):
    campaign = selectors.campaign_for(request.user, pk, "initiative.manage")
    services.publish_campaign(actor=request.user, campaign=campaign)
    messages.success(request, _("The campaign is published on the public site."))
    return redirect("initiatives:manage", pk=campaign.pk)


@login_required
def manage(request, pk: int):
    """A campaign's desk: its phase and figures, the proposals to review, the actions the user may take."""
    campaign = selectors.campaign_for(request.user, pk)
    user, territory = request.user, campaign.territory
    return render(
        request,
        "initiatives/staff/manage.html",
        {
            "campaign": campaign,
            "phase": phases.phase_on(campaign),
            "timeline": phases.timeline(campaign),
            "grouped": selectors.proposals_by_status(campaign),
            "figures": selectors.figures(campaign),
            "result": selectors.result_of(campaign),
            "winners": selectors.winners(campaign),
            "can": {
                action: has_perm(user, f"initiative.{action}", territory)
                for action in ("manage", "review", "enter", "turnout", "implement")
            },
        },
    )


def _search(user, campaign, query: str) -> list:
    if not query:
        return []
    found = territory_selectors.search_residents(user, query, limit=SEARCH_LIMIT * 3)
    return [r for r in found if r.territory_path.startswith(campaign.territory_path)][:SEARCH_LIMIT]


def chosen_resident(request):
    raw = request.POST.get("resident") or request.GET.get("resident")
    if not raw:
        return None
    return territory_selectors.resident_for(request.user, raw)


@login_required
def staff_propose(request, pk: int):
    """Staff enter the proposal of a resident without internet (found in the registry first)."""
    campaign = selectors.campaign_for(request.user, pk, "initiative.enter")
    resident = chosen_resident(request)
    query = request.GET.get("q", "").strip()[:100]
    form = None
    if resident is not None:
        form = StaffProposalForm(
            request.POST or None, request.FILES or None, campaign=campaign, initial={"resident": resident.pk}
        )
        if request.method == "POST" and form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k not in ("resident", "photos")}
            try:
                made = services.submit_proposal(
                    actor=request.user,
                    campaign=campaign,
                    resident=resident,
                    photos=form.cleaned_data["photos"],
                    **data,
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Proposal №%(n)s is registered.") % {"n": made.number})
                return redirect("initiatives:manage", pk=campaign.pk)
    return render(
        request,
        "initiatives/staff/propose.html",
        {
            "campaign": campaign,
            "resident": resident,
            "query": query,
            "matches": _search(request.user, campaign, query),
            "form": form,
        },
    )


@login_required
def review(request, pk: int, number: int):
    campaign = selectors.campaign_for(request.user, pk, "initiative.review")
    proposal = selectors.proposal_of(campaign, number)
    initial = {
        "decision": proposal.status if proposal.status != ProposalStatus.SUBMITTED else None,
        "reviewed_cost": proposal.reviewed_cost or proposal.estimated_cost,
        "reasons": proposal.rejection_reasons,
        "note": proposal.review_note,
    }
    form = ReviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.review_proposal(
                actor=request.user,
                proposal=proposal,
                decision=data["decision"],
                reviewed_cost=data["reviewed_cost"],
                reasons=data["reasons"],
                note=data["note"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("The review of proposal №%(n)s is published.") % {"n": proposal.number}
            )
            return redirect("initiatives:manage", pk=campaign.pk)
    return render(
        request,
        "initiatives/staff/review.html",
        {
            "campaign": campaign,
            "proposal": proposal,
            "form": form,
            "phase": phases.phase_on(campaign),
            "photos": list(proposal.photos.filter(stage=PhotoStage.PROPOSAL)),
        },
    )


IMPLEMENT_FORMS = {"progress": ProgressForm, "spending": SpendingForm, "photos": WorkPhotoForm}


def _implement_call(user, proposal, name: str, data: dict) -> None:
    if name == "progress":
        services.add_progress(
            actor=user, proposal=proposal, status=data["status"], progress=data["progress"], note=data["note"]
        )
    elif name == "spending":
        services.record_spending(
            actor=user,
            proposal=proposal,
            amount=data["amount"],
            spent_on=data["spent_on"],
            note=data["note"],
            budget_line=data.get("budget_line") or "",
        )
    else:
        for uploaded in data["photos"]:
            services.add_photo(
                actor=user,
                proposal=proposal,
                uploaded_file=uploaded,
                stage=PhotoStage.IMPLEMENTATION,
                caption=data["caption"],
            )


@login_required
def implement(request, pk: int, number: int):
    """Report on a winner: status and progress, a payment charged to a budget line, photos of the work."""
    campaign = selectors.campaign_for(request.user, pk, "initiative.implement")
    context = selectors.proposal_page(campaign, number)
    proposal = context["proposal"]
    if context["implementation"] is None:
        raise PermissionDenied(_("Only winning projects are implemented and reported on."))
    lines = implementation.budget_lines(proposal)
    bound = request.POST.get("form") if request.method == "POST" else None
    forms = {}
    for name, form_class in IMPLEMENT_FORMS.items():
        extra = {"lines": lines} if name == "spending" else {}
        data = (request.POST, request.FILES) if name == bound else ()
        forms[name] = form_class(*data, prefix=name, **extra)
    if bound in forms and forms[bound].is_valid():
        try:
            _implement_call(request.user, proposal, bound, forms[bound].cleaned_data)
        except ValidationError as exc:
            apply_errors(forms[bound], exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("initiatives:implement", pk=campaign.pk, number=proposal.number)
    impl = context["implementation"]
    if bound != "progress":
        forms["progress"] = ProgressForm(
            prefix="progress", initial={"status": impl.status, "progress": impl.progress}
        )
    return render(request, "initiatives/staff/implement.html", context | {"forms": forms, "lines": lines})
