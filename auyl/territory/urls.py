from django.urls import path

from . import views

app_name = "territory"
urlpatterns = [
    path("residents/", views.resident_list, name="resident_list"),
]
