from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST


def login_view(request):
    return HttpResponse("login: to be built")


@require_POST
def logout_view(request):
    logout(request)
    return redirect("portal:home")
