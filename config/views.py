import logging

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def home(request):
    return render(request, "home.html")


@never_cache
def healthz(request):
    """200 when the database answers, 503 when it does not; for load balancers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means unhealthy
        # The error names hosts and ports: it goes to the log, not to whoever asked.
        logger.exception("healthz: the database did not answer")
        return JsonResponse({"status": "unavailable", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def server_error(request):
    return render(request, "500.html", status=500)
