from django.contrib import admin
from django.urls import include, path

from config import views
from decisions.urls import moved_urlpatterns

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("accounts.urls")),
    path("", include("grants.urls")),
    # The desk moved from /reviews/desk/ to /decisions/ (permanent redirects, bookmarks).
    path("reviews/desk/", include(moved_urlpatterns)),
    path("reviews/", include("reviews.urls")),
    path("decisions/", include("decisions.urls")),
    path("payments/", include("payments.urls")),
    path("inbox/", include("notifications.urls")),
    path("reports/", include("reports.urls")),
    path("privacy/", include("privacy.urls")),
    path("admin/", admin.site.urls),
]

handler404 = "config.views.page_not_found"
handler403 = "config.views.permission_denied"
handler500 = "config.views.server_error"
