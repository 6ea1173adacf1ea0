from django.urls import path

from . import views_public, views_staff

app_name = "budget"
urlpatterns = [
    # Staff
    path("", views_staff.home, name="staff_home"),
    path("staff/<str:code>/<int:year>/", views_staff.detail, name="staff_detail"),
    path("staff/<str:code>/<int:year>/plan/", views_staff.plan, name="plan"),
    path("staff/<str:code>/<int:year>/act/<str:name>/", views_staff.act, name="act"),
    path("staff/<str:code>/<int:year>/actuals/", views_staff.actuals, name="actuals"),
    path("staff/<str:code>/<int:year>/import/", views_staff.import_file, name="import"),
    path(
        "staff/<str:code>/<int:year>/import-template.csv", views_staff.import_template, name="import_template"
    ),
    # Public, per rural district
    path("open-data/", views_public.open_data_doc, name="open_data"),
    path("d/<str:code>/", views_public.overview, name="public"),
    path("d/<str:code>/<int:year>/", views_public.year_page, name="public_year"),
    path("d/<str:code>/<int:year>/v<int:number>/", views_public.version_page, name="public_version"),
    path("d/<str:code>/<int:year>/incentive/", views_public.incentive_page, name="incentive"),
    path("d/<str:code>/<int:year>/ask/<str:section>/<str:line>/", views_public.ask, name="ask"),
    path("d/<str:code>/<int:year>/lines.csv", views_public.lines_csv, name="lines_csv"),
    path("d/<str:code>/<int:year>/actuals.csv", views_public.actuals_csv, name="actuals_csv"),
    path("d/<str:code>/<int:year>/budget.json", views_public.budget_json, name="json"),
]
