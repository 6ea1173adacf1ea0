from django.urls import path

from . import views, views_staff

app_name = "referendums"
urlpatterns = [
    path("d/<str:code>/", views.district, name="district"),
    path("<int:pk>/", views.public, name="public"),
    path("<int:pk>/sign/", views.sign, name="sign"),
    path("<int:pk>/vote/", views.vote, name="vote"),
    path("staff/", views_staff.home, name="staff"),
    path("staff/new/", views_staff.create, name="create"),
    path("staff/<int:pk>/", views_staff.manage, name="manage"),
    path("staff/<int:pk>/schedule/", views_staff.schedule, name="schedule"),
    path("staff/<int:pk>/cancel/", views_staff.cancel, name="cancel"),
    path("staff/<int:pk>/declare/", views_staff.declare, name="declare"),
    path("staff/<int:pk>/enter/", views_staff.enter, name="enter"),
]
