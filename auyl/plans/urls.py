"""Pages of development plans, under ``/<lang>/plans/``.

Staff: the list, a new plan, one plan (indicators, progress typed into a table), one indicator (history,
progress, link to an input). Public: ``d/<code>/`` — a rural district's plans with their progress and the
inputs that fed them (link it from the portal's rural-district page); ``d/<code>/i/<pk>/`` — one indicator
and its history (where the KPI's "plan indicators on time" drills down to).
"""

from django.urls import path

from . import views, views_public

app_name = "plans"
urlpatterns = [
    path("", views.staff_home, name="staff_home"),
    path("new/", views.plan_new, name="new"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/edit/", views.plan_edit, name="edit"),
    path("<int:pk>/publish/", views.plan_publish, name="publish"),
    path("<int:pk>/indicators/", views.indicator_add, name="indicator_add"),
    path("<int:pk>/progress/", views.progress_batch, name="progress"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/progress/", views.indicator_progress, name="indicator_progress"),
    path("indicators/<int:pk>/link/", views.indicator_link, name="indicator_link"),
    path("d/<str:code>/", views_public.public_page, name="public"),
    path("d/<str:code>/i/<int:pk>/", views_public.public_indicator, name="public_indicator"),
]
