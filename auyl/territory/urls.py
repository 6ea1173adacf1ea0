from django.urls import path

from . import views

app_name = "territory"
urlpatterns = [
    path("residents/", views.resident_list, name="resident_list"),
    path("residents/new/", views.resident_create, name="resident_create"),
    path("residents/<int:pk>/", views.resident_detail, name="resident_detail"),
    path("residents/<int:pk>/edit/", views.resident_edit, name="resident_edit"),
    path("residents/<int:pk>/merge/", views.resident_merge, name="resident_merge"),
    path("residents/<int:pk>/iin/", views.resident_reveal_iin, name="resident_reveal_iin"),
    path("office/<str:code>/", views.office_edit, name="office_edit"),
]
