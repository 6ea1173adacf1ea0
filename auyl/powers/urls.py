from django.urls import path

from . import views

app_name = "powers"
urlpatterns = [
    path("", views.home, name="home"),
    path("d/<str:code>/", views.public, name="public"),
    path("<str:code>/", views.registry, name="registry"),
    path("<str:code>/duplicates/", views.duplicate_list, name="duplicates"),
    path("<str:code>/duplicates/<int:pk>/decide/", views.decide, name="decide"),
    path("<str:code>/transfers/", views.transfer_list, name="transfers"),
    path("<str:code>/transfers/<int:pk>/", views.transfer_detail, name="transfer"),
    path("<str:code>/report.<str:fmt>", views.report, name="report"),
]
