"""Pages of appeals: the registrar's intake and receipt, the executor's inbox, the appeal with its
actions, the akim's dashboard, and the resident's online submission and tracking.

Thin: parse a form, call a service or a selector, render. A service's ValidationError becomes form
errors; a resource outside the user's territory is a 404 (its existence is not revealed).
"""

from __future__ import annotations

from functools import partial
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from auyl.accounts.net import client_ip
from auyl.core import permissions
from auyl.core.errors import TooManyAttempts
from auyl.core.forms import apply_errors
from auyl.territory import selectors as territory_selectors
from auyl.territory.identifiers import normalize_phone

from . import forms, repeats, risk, selectors, services
from .models import OPEN_STATUSES, Appeal, Attachment, Channel, Outcome, Status

RECEIPT_FLASH = "appeals_receipt"  # {"pk", "code"}: the tracking code, for the one redirect to the receipt
# Service error keys that a page shows on a differently named field.
FIELD_ALIASES = {
    "settlement": "territory",
    "to_body": "to_body",
    "uploaded_file": "uploaded_file",
    "file": "uploaded_file",
    "reason": "reason",
    "tracking_code": "code",
}
_apply_errors = partial(apply_errors, aliases=FIELD_ALIASES)


def _require(user, action, territory=None):
    if not permissions.has_perm(user, action, territory):
        raise PermissionDenied(_("You do not have permission to do this here."))


# --- registrar's intake and the receipt -----------------------------------------------------------


def _focus(form, preferred: str | None) -> str | None:
    """Put the cursor where typing continues: the first field in error, else ``preferred``."""
    name = next((n for n in form.fields if n in form.errors), None) if form.is_bound else None
    if name is None and form.is_bound and form.non_field_errors() and "confirm_repeat" in form.fields:
        name = "confirm_repeat"
    name = name or preferred
    if name in form.fields:
        form.fields[name].widget.attrs["autofocus"] = True
        return name
    return None


def _chosen_resident(request):
    """The resident picked from the search (``?resident=`` or the hidden field), within scope."""
    raw = request.POST.get("resident") or request.GET.get("resident")
    if not raw:
        return None
    return territory_selectors.resident_for(request.user, raw)


def _intake_initial(resident) -> dict:
    initial = {"token": forms.new_token(), "channel": Channel.PAPER}
    if resident is not None:
        initial |= {
            "resident": resident.pk,
            "applicant_name": resident.full_name,
            "applicant_phone": resident.phone,
            "applicant_address": resident.address,
            "applicant_email": resident.email,
            "territory": str(resident.settlement_id),
        }
    return initial


def _possible_repeats(user, data: dict, resident, token_key: str) -> list[Appeal]:
    """Appeals of the same applicant (resident or phone) on the same topic that are still open, or
    answered recently with a similar text: what the registrar should see before saving another."""
    phone = data.get("applicant_phone") or (resident.phone if resident else "")
    try:
        phone = normalize_phone(phone) if phone else ""
    except ValidationError:
        phone = ""
    applicant = repeats.same_applicant_q(resident=resident, phone=phone)
    if applicant is None:
        return []
    visible = selectors.appeals_visible_to(user).exclude(idempotency_key=token_key)
    found = list(
        visible.filter(applicant, topic=data["topic"], status__in=OPEN_STATUSES).select_related("topic")[:5]
    )
    earlier = repeats.find_repeat_of(
        topic=data["topic"],
        text=f"{data['subject']} {data['text']}",
        resident=resident,
        phone=phone,
        territory=data["territory"],
    )
    if (
        earlier is not None
        and earlier.pk not in {a.pk for a in found}
        and visible.filter(pk=earlier.pk).exists()
    ):
        found.append(visible.select_related("topic").get(pk=earlier.pk))
    return found


def _register(request, form, resident):
    """Call the service; on success remember the code for the receipt only and redirect there."""
    key = f"intake:{request.user.pk}:{form.cleaned_data['token']}"
    try:
        appeal, code = services.register_appeal(
            actor=request.user,
            resident=resident,
            idempotency_key=key,
            cosigners=form.cleaned_data["cosigners"],
            **form.appeal_data(),
        )
    except ValidationError as exc:
        _apply_errors(form, exc)
        return None
    if code:
        request.session[RECEIPT_FLASH] = {"pk": appeal.pk, "code": code}
    else:
        messages.info(request, _("This appeal was already registered: the form was sent twice."))
    return redirect("appeals:receipt", pk=appeal.pk)


@login_required
@never_cache
def intake(request):
    """The registrar's form: find the resident (GET search on the same page), type the appeal, save."""
    _require(request.user, "appeal.register")
    try:
        resident = _chosen_resident(request)
    except Http404:
        messages.error(request, _("No such resident within your territory."))
        return redirect("appeals:new")
    query = request.GET.get("q", "").strip()[:100]
    matches = list(territory_selectors.search_residents(request.user, query, limit=20)) if query else []
    earlier: list[Appeal] = []
    if request.method == "POST":
        form = forms.IntakeForm(
            request.POST, user=request.user, ask_confirmation="confirm_repeat" in request.POST
        )
        if form.is_valid():
            key = f"intake:{request.user.pk}:{form.cleaned_data['token']}"
            earlier = _possible_repeats(request.user, form.cleaned_data, resident, key)
            if earlier and not form.cleaned_data.get("confirm_repeat"):
                form = forms.IntakeForm(request.POST, user=request.user, ask_confirmation=True)
                form.is_valid()
                form.add_error(
                    None,
                    _(
                        "This applicant already has an appeal on this topic. Check the list "
                        "below, and confirm if this is a new appeal."
                    ),
                )
            elif (response := _register(request, form, resident)) is not None:
                return response
    else:
        form = forms.IntakeForm(user=request.user, initial=_intake_initial(resident))
    focus = _focus(form, "topic" if resident else ("applicant_name" if query and not matches else None))
    return render(
        request,
        "appeals/intake.html",
        {
            "form": form,
            "resident": resident,
            "query": query,
            "matches": matches,
            "earlier": earlier,
            "focus": focus or ("match" if matches else "q"),
        },
    )


def _appeal_for_receipt(user, pk: int) -> Appeal:
    """Staff see receipts within their scope; a resident sees the receipts of their own appeals."""
    if permissions.has_perm(user, "appeal.view"):
        try:
            return selectors.appeal_for(user, pk)
        except Http404:
            pass
    appeal = selectors.appeals_of_resident(user).filter(pk=pk).first()
    if appeal is None:
        raise Http404("appeal not found")
    return appeal


@login_required
@never_cache
def receipt(request, pk: int):
    appeal = _appeal_for_receipt(request.user, pk)
    flash = request.session.pop(RECEIPT_FLASH, None)
    code = flash["code"] if isinstance(flash, dict) and flash.get("pk") == appeal.pk else ""
    return render(
        request,
        "appeals/receipt.html",
        {
            "appeal": appeal,
            "code": code,
            "can_register": permissions.has_perm(request.user, "appeal.register", appeal.territory),
        },
    )


# --- executor's inbox and the akim's dashboard ----------------------------------------------------


@login_required
def inbox(request):
    _require(request.user, "appeal.view")
    appeals = selectors.inbox(request.user)
    page = Paginator(appeals, 50).get_page(request.GET.get("page"))
    return render(request, "appeals/inbox.html", {"page": page})


def _filtered(user, form) -> object:
    qs = selectors.appeals_visible_to(user).select_related("topic", "executor", "territory")
    if not form.is_valid():
        return qs.none()
    status, topic = form.cleaned_data.get("status"), form.cleaned_data.get("topic")
    if status == "overdue":
        qs = qs.filter(status__in=OPEN_STATUSES, deadline__lt=timezone.localdate())
    elif status:
        qs = qs.filter(status=status)
    if topic is not None:
        qs = qs.filter(topic=topic)
    return qs.order_by("deadline", "pk")


def _needs_attention(user) -> list[Appeal]:
    """Open appeals past their deadline, and red-risk appeals still open or being carried out."""
    overdue = Q(status__in=OPEN_STATUSES, deadline__lt=timezone.localdate())
    red = risk.level_q(risk.RED) & risk.OPEN_OR_EXECUTING
    return list(selectors.appeals_visible_to(user).filter(overdue | red).order_by("deadline", "pk")[:100])


@login_required
def dashboard(request):
    """The akim's picture of the territory: counts, what is overdue or red, and a filtered list."""
    _require(request.user, "appeal.view")
    form = forms.DashboardFilterForm(request.GET or None)
    page = (
        Paginator(_filtered(request.user, form), 50).get_page(request.GET.get("page"))
        if form.is_bound
        else None
    )
    query = urlencode({k: v for k, v in request.GET.items() if k in ("status", "topic") and v})
    return render(
        request,
        "appeals/dashboard.html",
        {
            "stats": selectors.dashboard(request.user),
            "attention": _needs_attention(request.user),
            "form": form,
            "page": page,
            "query": query,
            "can_register": permissions.has_perm(request.user, "appeal.register"),
        },
    )


# --- one appeal and the actions on it -------------------------------------------------------------


ACTIONS = {
    # name: (permission, form, service call, success message)
    "assign": (
        "appeal.assign",
        forms.AssignForm,
        lambda u, a, d: services.assign(actor=u, appeal=a, executor=d["executor"]),
        gettext_lazy("Executor assigned."),
    ),
    "answer": (
        "appeal.answer",
        forms.AnswerForm,
        lambda u, a, d: services.answer(
            actor=u,
            appeal=a,
            outcome=d["outcome"],
            text=d["text"],
            promised_action=d["promised_action"],
            promised_by=d["promised_by"],
        ),
        gettext_lazy("The answer is recorded and sent to the applicant."),
    ),
    "extend": (
        "appeal.extend",
        forms.ExtendForm,
        lambda u, a, d: services.extend_deadline(actor=u, appeal=a, reason=d["reason"]),
        gettext_lazy("The deadline is extended."),
    ),
    "redirect": (
        "appeal.redirect",
        forms.RedirectForm,
        lambda u, a, d: services.redirect(actor=u, appeal=a, to_body=d["to_body"], note=d["note"]),
        gettext_lazy("The appeal is redirected; the applicant will be told."),
    ),
    "execute": (
        "appeal.answer",
        forms.ExecutedForm,
        lambda u, a, d: services.mark_executed(actor=u, appeal=a, note=d["note"]),
        gettext_lazy("The promised action is recorded as done."),
    ),
    "repeat": (
        "appeal.confirm_repeat",
        forms.RepeatForm,
        lambda u, a, d: services.confirm_repeat(actor=u, appeal=a, is_repeat=d["is_repeat"]),
        gettext_lazy("Saved."),
    ),
    "attach": (
        "appeal.view",
        forms.AttachmentForm,
        lambda u, a, d: services.add_attachment(actor=u, appeal=a, uploaded_file=d["uploaded_file"]),
        gettext_lazy("File attached."),
    ),
}


def _available_actions(user, appeal: Appeal) -> list[str]:
    """Which action forms the page offers, by permission and by where the appeal stands."""
    can = {name: permissions.has_perm(user, spec[0], appeal.territory) for name, spec in ACTIONS.items()}
    is_open = appeal.status in OPEN_STATUSES
    offered = {
        "assign": is_open,
        "answer": is_open,
        "extend": is_open and appeal.extended_at is None,
        "redirect": is_open,
        "execute": (
            appeal.status == Status.ANSWERED
            and appeal.outcome == Outcome.SATISFIED
            and appeal.executed_at is None
        ),
        "repeat": appeal.repeat_of_id is not None and appeal.repeat_confirmed is None,
        "attach": any(
            permissions.has_perm(user, action, appeal.territory)
            for action in ("appeal.register", "appeal.answer", "appeal.assign")
        ),
    }
    return [name for name in ACTIONS if can[name] and offered[name]]


def _similar(user, appeal: Appeal) -> list:
    """Similar appeals of other applicants, limited to those the user may see."""
    found = list(selectors.similar_appeals(appeal))
    others = [item[0] if isinstance(item, tuple) else item for item in found]
    visible = set(
        selectors.appeals_visible_to(user).filter(pk__in=[a.pk for a in others]).values_list("pk", flat=True)
    )
    return [a for a in others if a.pk in visible]


def _render_detail(request, appeal: Appeal, bound: dict | None = None):
    user = request.user
    personal = permissions.has_perm(user, "appeal.view_personal", appeal.territory)
    action_forms = {
        name: (bound or {}).get(name) or ACTIONS[name][1](appeal=appeal, auto_id=f"{name}_%s")
        for name in _available_actions(user, appeal)
    }
    return render(
        request,
        "appeals/detail.html",
        {
            "appeal": appeal,
            "clock": selectors.clock(appeal),
            "risk": risk.breakdown(appeal),
            "personal": personal,
            "steps": appeal.steps.select_related("actor"),
            "history": list(selectors.applicant_history(user, appeal)) if personal else [],
            "similar": _similar(user, appeal),
            "attachments": appeal.attachments.all(),
            "cosigners": appeal.cosigners.all() if personal else [],
            "action_forms": action_forms,
        },
    )


@login_required
def detail(request, pk: int):
    return _render_detail(request, selectors.appeal_for(request.user, pk))


@login_required
@require_POST
def act(request, pk: int, name: str):
    """One action form of the detail page, posted to its own address."""
    permission, form_class, call, done = ACTIONS[name]
    appeal = selectors.appeal_for(request.user, pk, permission)
    form = form_class(request.POST, request.FILES, appeal=appeal, auto_id=f"{name}_%s")
    if form.is_valid():
        try:
            call(request.user, appeal, form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("appeals:detail", pk=appeal.pk)
    appeal.refresh_from_db()
    return _render_detail(request, appeal, bound={name: form})


@login_required
def attachment(request, pk: int, attachment_pk: int):
    """An attached file, to those who may see the appeal; never served from a public URL."""
    appeal = selectors.appeal_for(request.user, pk)
    item = Attachment.objects.filter(pk=attachment_pk, appeal=appeal).first()
    if item is None or not item.file:
        raise Http404("attachment not found")
    try:
        handle = item.file.open("rb")
    except OSError:
        raise Http404("attachment missing") from None
    return FileResponse(
        handle, as_attachment=True, filename=item.original_name, content_type=item.content_type
    )


# --- residents: online submission and tracking ----------------------------------------------------


@never_cache
def submit(request):
    """A signed-in resident files their own appeal (channel: portal)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("accounts:resident_login"))
    resident = getattr(request.user, "resident", None)
    if resident is None or not resident.is_active:
        return render(request, "appeals/submit.html", {"no_resident": True})
    form = forms.SubmitForm(request.POST or None, initial={"token": forms.new_token()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            appeal, code = services.register_appeal(
                actor=request.user,
                territory=resident.settlement,
                topic=data["topic"],
                channel=Channel.PORTAL,
                resident=resident,
                is_public=data["is_public"],
                subject=data["subject"],
                text=data["text"],
                idempotency_key=f"portal:{request.user.pk}:{data['token']}",
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            if code:
                request.session[RECEIPT_FLASH] = {"pk": appeal.pk, "code": code}
            return redirect("appeals:receipt", pk=appeal.pk)
    return render(request, "appeals/submit.html", {"form": form, "resident": resident})


def _tracked(request, form):
    """The appeal that the number and code of a valid ``form`` open, or None with the reason on the form.
    Wrong pairs are counted per number and per address on the server (services.open_by_tracking)."""
    try:
        appeal = services.open_by_tracking(
            number=form.cleaned_data["number"], code=form.cleaned_data["code"], ip=client_ip(request)
        )
    except TooManyAttempts as exc:
        form.add_error(None, str(exc))
        return None
    if appeal is None:
        form.add_error(None, _("There is no appeal with this number and code. Check both and try again."))
    return appeal


def _render_tracked(request, appeal: Appeal, *, rate_form=None, reexamine_form=None):
    # The code the applicant typed goes back in hidden fields of the next form (it is never stored).
    keys = {"number": appeal.number, "code": "".join(request.POST.get("code", "").split()).upper()}
    answered = appeal.answered_at is not None
    return render(
        request,
        "appeals/track.html",
        {
            "appeal": appeal,
            "steps": appeal.steps.filter(is_public=True),
            "rate_form": rate_form
            or (
                forms.RateForm(initial=keys, auto_id="rate_%s")
                if answered and appeal.rating is None
                else None
            ),
            "reexamine_form": reexamine_form
            or (
                forms.ReexaminationForm(initial=keys, auto_id="reexamine_%s")
                if answered and appeal.status != Status.REDIRECTED
                else None
            ),
        },
    )


@never_cache
def track(request):
    """Anyone with the number and the secret code sees where the appeal stands and the answer."""
    form = forms.TrackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        appeal = _tracked(request, form)
        if appeal is not None:
            return _render_tracked(request, appeal)
    return render(request, "appeals/track.html", {"form": form})


def _track_action(request, form_class, prefix: str, call, done: str):
    form = form_class(request.POST, auto_id=f"{prefix}_%s")
    if not form.is_valid() and not (form.cleaned_data.get("number") and form.cleaned_data.get("code")):
        return redirect("appeals:track")
    appeal = _tracked(request, form)
    if appeal is None:
        return render(
            request, "appeals/track.html", {"form": forms.TrackForm(), "errors": form.non_field_errors()}
        )
    if form.is_valid():
        actor = request.user if request.user.is_authenticated else None
        try:
            call(appeal, form.cleaned_data, actor)
        except (ValidationError, PermissionDenied) as exc:
            _apply_errors(form, exc if isinstance(exc, ValidationError) else ValidationError(str(exc)))
        else:
            messages.success(request, done)
            appeal.refresh_from_db()
            return _render_tracked(request, appeal)
    return _render_tracked(request, appeal, **{f"{prefix}_form": form})


@require_POST
@never_cache
def track_rate(request):
    return _track_action(
        request,
        forms.RateForm,
        "rate",
        lambda a, d, actor: services.rate(
            appeal=a, rating=d["rating"], comment=d["comment"], actor=actor, tracking_code=d["code"]
        ),
        _("Thank you: your rating is saved."),
    )


@require_POST
@never_cache
def track_reexamine(request):
    return _track_action(
        request,
        forms.ReexaminationForm,
        "reexamine",
        lambda a, d, actor: services.request_reexamination(
            appeal=a, reason=d["reason"], actor=actor, tracking_code=d["code"]
        ),
        _("Your request for re-examination is registered."),
    )
