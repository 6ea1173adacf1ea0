from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language

from auyl.api import api
from auyl.core import views as core_views

handler404 = "auyl.core.views.not_found"
handler500 = "auyl.core.views.server_error"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("api/", api.urls),
    path("open311/v2/", include("auyl.appeals.open311_urls")),
    path("i18n/setlang/", set_language, name="set_language"),
]

urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/", include("auyl.accounts.urls")),
    path("staff/", include("auyl.territory.urls")),
    path("audit/", include("auyl.core.urls")),
    path("appeals/reports/", include("auyl.appeals.urls_reports")),
    path("appeals/", include("auyl.appeals.urls")),
    path("reception/", include("auyl.reception.urls")),
    path("meetings/", include("auyl.assemblies.urls")),
    path("council/", include("auyl.council.urls")),
    path("reporting-meetings/", include("auyl.reporting.urls")),
    path("budget/", include("auyl.budget.urls")),
    path("projects/", include("auyl.initiatives.urls")),
    path("surveys/", include("auyl.surveys.urls")),
    path("plans/", include("auyl.plans.urls")),
    path("scorecards/", include("auyl.kpi.urls")),
    path("documents/", include("auyl.documents.urls")),
    path("powers/", include("auyl.powers.urls")),
    path("elections/", include("auyl.elections.urls")),
    path("referendums/", include("auyl.referendums.urls")),
    path("juries/", include("auyl.juries.urls")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("", include("auyl.portal.urls")),
    prefix_default_language=True,
)
