from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import permissions, selectors


def healthz(request):
    """Liveness and database reachability, for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure is reported, not raised
        return JsonResponse({"status": "error", "database": "unreachable", "detail": type(exc).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "engine": connection.vendor})


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    """Rendered without the request: no context processors, so it works with the database down."""
    return HttpResponseServerError(render_to_string("500.html"))



class AuditFilterForm(forms.Form):
    action = forms.CharField(label=gettext_lazy("Action"), required=False, max_length=100)
    object_type = forms.CharField(label=gettext_lazy("Object type"), required=False, max_length=100)
    object_id = forms.CharField(label=gettext_lazy("Object number"), required=False, max_length=64)
    territory = forms.RegexField(label=gettext_lazy("KATO code"), regex=r"^\d{9}$", required=False,
                                 error_messages={"invalid": gettext_lazy("A KATO code has 9 digits.")})
    actor = forms.CharField(label=gettext_lazy("Who"), required=False, max_length=150)
    date_from = forms.DateField(label=gettext_lazy("From"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


@login_required
def audit_list(request):
    """The auditor's view of the log: filter by action, object, territory, person and dates."""
    if not permissions.has_perm(request.user, "audit.view"):
        raise PermissionDenied(_("You do not have permission to do this here."))
    form = AuditFilterForm(request.GET or None)
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "action": data["action"], "object_type": data["object_type"], "object_id": data["object_id"],
            "territory_code": data["territory"] or "", "actor": data["actor"],
            "date_from": data["date_from"], "date_to": data["date_to"],
        }
    events = selectors.audit_events_for(request.user, **filters) if (form.is_valid() or not request.GET) else []
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "core/audit_list.html", {
        "form": form, "page": page, "query": query.urlencode(), "actions": selectors.audit_action_names(),
    })
