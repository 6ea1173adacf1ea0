"""Pages of appeals, under ``/<lang>/appeals/`` (the reports live in their own ``appeals_reports``)."""

from django.urls import path

from . import views

app_name = "appeals"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("new/", views.intake, name="new"),
    path("inbox/", views.inbox, name="inbox"),
    path("submit/", views.submit, name="submit"),
    path("track/", views.track, name="track"),
    path("track/rate/", views.track_rate, name="track_rate"),
    path("track/reexamine/", views.track_reexamine, name="track_reexamine"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/receipt/", views.receipt, name="receipt"),
    path("<int:pk>/files/<int:attachment_pk>/", views.attachment, name="attachment"),
    *[path(f"<int:pk>/{name}/", views.act, {"name": name}, name=name) for name in views.ACTIONS],
]
