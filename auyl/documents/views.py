"""Pages of the document channel: thin, every rule lives in services and selectors.

Staff: the home page (inbox of the user's units and documents their units sent), sending, a document's page
(the sender's overview, the recipient's acknowledgement and report), a correction. Public: a public document.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from auyl.core.forms import apply_errors as _apply_errors
from auyl.core.permissions import require_perm
from auyl.territory import selectors as territory_selectors

from . import selectors, services
from .forms import ReportForm, ReviseForm, SendForm


@login_required
def home(request):
    senders = list(selectors.sender_units(request.user)[:50])
    return render(
        request,
        "documents/home.html",
        {
            "inbox": selectors.inbox(request.user),
            "sent": selectors.sent_documents(request.user),
            "senders": senders,
        },
    )


def _sender(request):
    units = list(selectors.sender_units(request.user)[:50])
    code = request.GET.get("unit") or request.POST.get("unit")
    if code:
        unit = territory_selectors.territory_by_code(code)
        require_perm(request.user, "document.send", unit)
        return unit, units
    if not units:
        require_perm(request.user, "document.send", None)
        raise Http404("no unit to send from")
    return units[0], units


@login_required
@require_http_methods(["GET", "POST"])
def send(request):
    sender, units = _sender(request)
    options = list(selectors.recipient_options(sender))
    form = SendForm(request.POST or None, request.FILES or None, options=options)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.send_document(
                actor=request.user,
                sender=sender,
                kind=data["kind"],
                title=data["title"],
                body=data["body"],
                units=form.chosen_units(),
                level=data["level"],
                report_due=data["report_due"],
                is_public=data["is_public"],
                files=data["files"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request, _("The document has been sent to %(n)s units.") % {"n": document.recipients.count()}
            )
            return redirect("documents:detail", pk=document.pk)
    return render(request, "documents/send.html", {"form": form, "sender": sender, "units": units})


@login_required
def detail(request, pk: int):
    access = selectors.document_for(request.user, pk)
    context = {
        "access": access,
        "document": access.document,
        "version": access.version,
        "versions": selectors.versions(access.document),
        "report_form": ReportForm(),
    }
    if access.can_follow:
        context["overview"] = selectors.overview(access.document)
        context["reports"] = selectors.reports_of(access.document)
    return render(request, "documents/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def revise(request, pk: int):
    access = selectors.document_for(request.user, pk)
    if not access.can_correct:
        raise Http404("document not found")
    version = access.version
    initial = {
        "title": version.title,
        "body": version.body,
        "report_due": version.report_due,
        "is_public": version.is_public,
    }
    form = ReviseForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new = services.revise_document(
                actor=request.user,
                document=access.document,
                title=data["title"],
                body=data["body"],
                correction_note=data["correction_note"],
                report_due=data["report_due"],
                is_public=data["is_public"],
                files=data["files"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Version %(n)s has been sent; the recipients must acknowledge it again.")
                % {"n": new.number},
            )
            return redirect("documents:detail", pk=pk)
    return render(
        request, "documents/revise.html", {"form": form, "document": access.document, "version": version}
    )


def _unit_of(access, code: str):
    for recipient in access.own:
        if recipient.territory.code == code:
            return recipient.territory
    return territory_selectors.territory_by_code(code)  # the service says it was not addressed


@login_required
@require_POST
def acknowledge(request, pk: int, code: str):
    access = selectors.document_for(request.user, pk)
    try:
        services.acknowledge(actor=request.user, document=access.document, territory=_unit_of(access, code))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Receipt acknowledged."))
    return redirect("documents:detail", pk=pk)


@login_required
@require_POST
def report(request, pk: int, code: str):
    access = selectors.document_for(request.user, pk)
    form = ReportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            sent = services.submit_report(
                actor=request.user,
                document=access.document,
                territory=_unit_of(access, code),
                text=form.cleaned_data["text"],
                files=form.cleaned_data["files"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("The report has been sent late.") if sent.is_late else _("The report has been sent."),
            )
            return redirect("documents:detail", pk=pk)
    access = selectors.document_for(request.user, pk)
    return render(
        request,
        "documents/detail.html",
        {
            "access": access,
            "document": access.document,
            "version": access.version,
            "versions": selectors.versions(access.document),
            "report_form": form,
            "report_unit": code,
        },
        status=400,
    )


def file(request, pk: int):
    item = selectors.file_for(request.user, pk)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404("file missing") from None
    return FileResponse(
        handle, as_attachment=True, filename=item.original_name, content_type=item.content_type
    )


def public(request, pk: int):
    document, version = selectors.public_document(pk)
    return render(
        request,
        "documents/public.html",
        {"document": document, "version": version, "files": version.files.all()},
    )
