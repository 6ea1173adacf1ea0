from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/totp/", views.login_totp_view, name="login_totp"),
    path("resident/", views.resident_login_view, name="resident_login"),
    path("resident/code/", views.resident_code_view, name="resident_code"),
    path("logout/", views.logout_view, name="logout"),
    path("me/", views.me_view, name="me"),
]
