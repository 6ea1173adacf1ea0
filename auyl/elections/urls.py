from django.urls import path

from . import views, views_staff

app_name = "elections"
urlpatterns = [
    path("", views_staff.staff_home, name="staff_home"),
    path("manage/<int:pk>/", views_staff.manage, name="manage"),
    path("reports/", views.report, name="report"),
    path("reports/<int:year>.<str:fmt>", views.report_export, name="report_export"),
    path("d/<str:code>/", views.district, name="public_district"),
    path("d/<str:code>/<int:pk>/", views.election, name="public_election"),
    path("d/<str:code>/<int:pk>/results.<str:fmt>", views.election_export, name="election_export"),
]
