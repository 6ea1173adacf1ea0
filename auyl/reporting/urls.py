"""Pages of akims' reporting meetings, under ``/<lang>/reporting-meetings/``.

Staff: the list, planning, one meeting (questions, promises), holding, promise tracking, the quarterly
report and its files. Public: ``d/<code>/`` lists a rural district's meetings (link it from the portal's
rural-district page) and ``d/<code>/<pk>/`` shows one.
"""

from django.urls import path

from . import views, views_public, views_report

app_name = "reporting"
urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("plan/", views.plan, name="plan"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/hold/", views.hold, name="hold"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/questions/", views.add_question, name="add_question"),
    path("<int:pk>/promises/", views.add_promise, name="add_promise"),
    path("promises/", views.promises, name="promises"),
    path("promises/<int:pk>/done/", views.promise_done, name="promise_done"),
    path("report/", views_report.report, name="report"),
    path("report.<slug:fmt>", views_report.download, name="download"),
    path("d/<str:code>/", views_public.public_list, name="public"),
    path("d/<str:code>/<int:pk>/", views_public.public_meeting, name="public_meeting"),
]
