from django.urls import path

from . import views, views_entry, views_staff

app_name = "surveys"
urlpatterns = [
    # Public: a unit's surveys, answering, results.
    path("d/<str:code>/", views.unit, name="unit"),
    path("<int:pk>/", views.answer, name="answer"),
    path("<int:pk>/thanks/", views.thanks, name="thanks"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/results.<str:fmt>", views.download, name="download"),
    # Staff: the list and the builder.
    path("", views_staff.staff_home, name="staff_home"),
    path("new/", views_staff.new, name="new"),
    path("<int:pk>/manage/", views_staff.manage, name="manage"),
    path("<int:pk>/questions/new/", views_staff.question, name="question_new"),
    path("<int:pk>/questions/<int:qpk>/", views_staff.question, name="question_edit"),
    path("<int:pk>/questions/<int:qpk>/delete/", views_staff.question_delete, name="question_delete"),
    path("<int:pk>/questions/<int:qpk>/move/", views_staff.question_move, name="question_move"),
    path("<int:pk>/publish/", views_staff.publish, name="publish"),
    path("<int:pk>/close/", views_staff.close, name="close"),
    path("<int:pk>/finalise/", views_staff.finalise, name="finalise"),
    path("<int:pk>/participants/", views_staff.participants, name="participants"),
    # Staff: paper forms and CSV files.
    path("<int:pk>/paper/", views_entry.paper, name="paper"),
    path("<int:pk>/import/", views_entry.import_csv, name="import"),
    path("<int:pk>/import/columns.csv", views_entry.import_template, name="import_template"),
]
