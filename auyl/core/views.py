from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render


def healthz(request):
    """Liveness and database reachability, for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure is reported, not raised
        return JsonResponse({"status": "error", "database": "unreachable", "detail": type(exc).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "engine": connection.vendor})


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


def audit_list(request):
    from django.http import HttpResponse

    return HttpResponse("audit: to be built")
