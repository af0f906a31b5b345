"""The grantee's reports due, for the dashboard's "Reports due" section
(templates/reports/includes/reports_due.html, included by grants/dashboard.html).

Lazy: the query runs only on a page whose template reads `reports_due`, once."""

from django.utils.functional import SimpleLazyObject

from reports.queries import reports_due_for


def reports_due(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"reports_due": SimpleLazyObject(lambda: reports_due_for(user))}
