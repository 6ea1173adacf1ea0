"""Pages of the evaluation (KPI), under ``/<lang>/scorecards/``.

Quarters are written as in the engine (``2025-Q1``), so a URL reads like the figure it shows:
``/ru/scorecards/d/111033000/2025-Q1/`` is the scorecard, ``…/2025-Q1/<indicator>/`` its drill-down.
"""

from django.urls import path

from . import views, views_drilldown, views_ranking

app_name = "kpi"
urlpatterns = [
    # Supervisors and staff: where to start, and the rankings.
    path("", views_ranking.home, name="staff_home"),
    path("ranking/<str:code>/", views_ranking.ranking_latest, name="ranking_latest"),
    path("ranking/<str:code>/<int:year>-Q<int:quarter>/", views_ranking.ranking, name="ranking"),
    # Public: the methodology, a rural district's scorecard and the records behind each figure.
    path("methodology/", views.methodology, name="methodology"),
    path("d/<str:code>/", views.scorecard_latest, name="scorecard_latest"),
    path("d/<str:code>/<int:year>-Q<int:quarter>/", views.scorecard, name="scorecard"),
    path(
        "d/<str:code>/<int:year>-Q<int:quarter>/<str:indicator>/", views_drilldown.drilldown, name="drilldown"
    ),
]
