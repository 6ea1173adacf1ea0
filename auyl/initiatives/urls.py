"""Pages of civic projects, under ``/<lang>/projects/``."""

from django.urls import path

from . import views, views_polling, views_staff, views_vote

app_name = "initiatives"
urlpatterns = [
    path("", views.index, name="index"),
    path("d/<str:code>/", views.district, name="district"),
    path("<int:pk>/", views.campaign, name="campaign"),
    path("<int:pk>/propose/", views.propose, name="propose"),
    path("<int:pk>/vote/", views_vote.vote, name="vote"),
    path("<int:pk>/vote/thanks/", views_vote.vote_thanks, name="vote_thanks"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/p/<int:number>/", views.proposal, name="proposal"),
    path("<int:pk>/p/<int:number>/photos/<int:photo_pk>/", views.photo, name="photo"),
    # staff
    path("staff/", views_staff.home, name="staff_home"),
    path("staff/new/", views_staff.campaign_new, name="campaign_new"),
    path("staff/import/", views_polling.import_pb, name="import"),
    path("<int:pk>/manage/", views_staff.manage, name="manage"),
    path("<int:pk>/edit/", views_staff.campaign_edit, name="edit"),
    path("<int:pk>/publish/", views_staff.campaign_publish, name="publish"),
    path("<int:pk>/proposals/new/", views_staff.staff_propose, name="staff_propose"),
    path("<int:pk>/p/<int:number>/review/", views_staff.review, name="review"),
    path("<int:pk>/p/<int:number>/implementation/", views_staff.implement, name="implement"),
    path("<int:pk>/polling/", views_polling.polling, name="polling"),
    path("<int:pk>/turnout/", views_polling.turnout, name="turnout"),
    path("<int:pk>/count/", views_polling.count, name="count"),
    path("<int:pk>/export.pb", views_polling.export, name="export"),
]
