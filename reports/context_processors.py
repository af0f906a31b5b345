"""The grantee's reports due, for the dashboard's "Reports due" section.

Grants' dashboard includes each template named in `dashboard_sections` without knowing
them (a lower layer never names a higher one): reports adds its own here.

Lazy: the query runs only on a page whose template reads `reports_due`, once."""

from django.utils.functional import SimpleLazyObject

from reports.queries import reports_due_for


def reports_due(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "reports_due": SimpleLazyObject(lambda: reports_due_for(user)),
        "dashboard_sections": ["reports/includes/reports_due.html"],
    }
