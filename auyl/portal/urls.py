from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("t/<str:code>/", views.territory, name="territory"),
    path("d/<str:code>/", views.rural_district, name="rural_district"),
]
