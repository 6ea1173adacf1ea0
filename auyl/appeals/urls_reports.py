"""Report pages of appeals. Included by the project under a staff prefix, e.g.
``path("staff/appeals/reports/", include("auyl.appeals.urls_reports"))`` inside ``i18n_patterns``."""

from django.urls import path

from . import views_reports

app_name = "appeals_reports"

urlpatterns = [
    path("", views_reports.index, name="index"),
    path("monthly/", views_reports.monthly, name="monthly"),
    path("<slug:report>.<slug:fmt>", views_reports.download, name="download"),
]
