from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.home, name="home"),
    path("send/", views.send, name="send"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/correct/", views.revise, name="revise"),
    path("<int:pk>/acknowledge/<str:code>/", views.acknowledge, name="acknowledge"),
    path("<int:pk>/report/<str:code>/", views.report, name="report"),
    path("files/<int:pk>/", views.file, name="file"),
    path("public/<int:pk>/", views.public, name="public"),
]
