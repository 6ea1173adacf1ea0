from django.urls import path

from . import views

app_name = "reception"
urlpatterns = [
    path("", views.staff_home, name="staff_home"),
    path("<str:code>/", views.book, name="book"),
    path("<str:code>/bookings/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<str:code>/queue/", views.queue, name="queue"),
    path("<str:code>/queue/book/", views.staff_book, name="staff_book"),
    path("<str:code>/queue/<int:pk>/arrived/", views.arrived, name="arrived"),
    path("<str:code>/queue/<int:pk>/no-show/", views.no_show, name="no_show"),
    path("<str:code>/queue/<int:pk>/visit/", views.visit, name="visit"),
]
