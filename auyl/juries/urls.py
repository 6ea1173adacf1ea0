from django.urls import path

from . import views, views_public

app_name = "juries"
urlpatterns = [
    path("", views.staff_home, name="staff_home"),
    path("u/<str:code>/new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/do/<str:action>/", views.act, name="act"),
    path("<int:pk>/members/<int:member_pk>/<str:action>/", views.member_action, name="member_action"),
    path("d/<str:code>/", views_public.unit_list, name="unit_list"),
    path("<int:pk>/public/", views_public.public, name="public"),
    path("<int:pk>/verify/", views_public.verify, name="verify"),
    path("<int:pk>/pool.json", views_public.pool_json, name="pool_json"),
]
