from django.urls import path

from . import views, views_oversight

app_name = "council"
urlpatterns = [
    path("", views.staff_home, name="staff_home"),
    path("<str:code>/", views.public, name="public"),
    path("<str:code>/manage/", views.manage, name="manage"),
    path("<str:code>/manage/new/", views.form_term, name="form_term"),
    path("<str:code>/manage/<int:pk>/", views.manage, name="term"),
    path("<str:code>/manage/<int:pk>/members/add/", views.member_add, name="member_add"),
    path(
        "<str:code>/manage/<int:pk>/commissions/add/", views_oversight.commission_add, name="commission_add"
    ),
    path(
        "<str:code>/manage/<int:pk>/recommendations/add/",
        views_oversight.recommendation_add,
        name="recommendation_add",
    ),
    path("<str:code>/members/<int:pk>/leave/", views.member_end, name="member_end"),
    path("<str:code>/members/<int:pk>/chair/", views.member_chair, name="member_chair"),
    path("<str:code>/commissions/<int:pk>/findings/", views_oversight.findings, name="findings"),
    path("<str:code>/recommendations/<int:pk>/answer/", views_oversight.answer, name="answer"),
]
