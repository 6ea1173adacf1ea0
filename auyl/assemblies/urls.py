from django.urls import path

from . import views, views_day, views_decisions, views_minutes, views_public

app_name = "assemblies"
urlpatterns = [
    # Staff
    path("", views.staff_list, name="staff_list"),
    path("new/", views.convene, name="convene"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/act/<str:name>/", views.act, name="act"),
    path("<int:pk>/calendar.ics", views.meeting_ics, name="ics"),
    path("<int:pk>/check-in/", views_day.checkin, name="checkin"),
    path("<int:pk>/check-in/guest/", views_day.add_guest, name="add_guest"),
    path("<int:pk>/check-in/remove/", views_day.remove_checkin, name="remove_checkin"),
    path("<int:pk>/quorum/", views_day.quorum, name="quorum"),
    path("<int:pk>/items/<int:number>/", views_day.item, name="item"),
    path("<int:pk>/items/<int:number>/vote/", views_day.vote, name="vote"),
    path("<int:pk>/items/<int:number>/close/", views_day.close_item, name="close_item"),
    path("<int:pk>/minutes/", views_minutes.minutes_page, name="minutes"),
    path("<int:pk>/minutes/finalize/", views_minutes.finalize, name="finalize"),
    path("<int:pk>/minutes/correct/", views_minutes.correct, name="correct"),
    path("<int:pk>/minutes/draft.pdf", views_minutes.draft_pdf, name="draft_pdf"),
    path("<int:pk>/minutes/v<int:number>.pdf", views_minutes.minutes_pdf, name="minutes_pdf"),
    path("<int:pk>/follow-up/", views_minutes.followup, name="followup"),
    path("<int:pk>/follow-up/<int:decision_pk>/respond/", views_minutes.respond, name="respond"),
    path("<int:pk>/follow-up/<int:decision_pk>/complete/", views_minutes.complete, name="complete"),
    path("decisions/", views_decisions.register, name="decisions"),
    path("decisions/<int:pk>/", views_decisions.decision, name="decision"),
    path("decisions/<int:pk>/respond/", views_decisions.respond, name="decision_respond"),
    path("decisions/<int:pk>/complete/", views_decisions.complete, name="decision_complete"),
    # Public, per rural district
    path("d/<str:code>/", views_public.public_list, name="public_list"),
    path("d/<str:code>/calendar.ics", views_public.public_feed, name="public_feed"),
    path("d/<str:code>/<int:pk>/", views_public.public_detail, name="public_detail"),
    path("d/<str:code>/<int:pk>/calendar.ics", views_public.public_ics, name="public_ics"),
    path(
        "d/<str:code>/<int:pk>/minutes/v<int:number>.pdf",
        views_public.public_minutes_pdf,
        name="public_minutes_pdf",
    ),
]
