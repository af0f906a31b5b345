"""The admin site, with one way in: the site's own login and two-step flow.

Django's admin has its own login form, which knows nothing of two-step login: an account
with a device could post its email and password there and get a session without a code.
Here the admin's login page only sends people on (to the site's login, to the code page,
or to set up two-step login), and the admin requires a verified session whenever the
account has a confirmed device or two-step login is required for it.

Every model admin registered here answers 404 for a missing object (Django's admin
otherwise redirects to its index with "doesn't exist", which tells ids apart).
"""

from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from accounts import two_factor


class NotFoundForMissingObjects:
    """Mixed into every ModelAdmin: a missing object is a 404, as everywhere else."""

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404


class SiteAdmin(admin.AdminSite):
    site_header = "S4OM Grants administration"
    site_title = "S4OM Grants admin"

    def has_permission(self, request):
        return super().has_permission(request) and two_factor.trusted_for_admin(request.user)

    def login(self, request, extra_context=None):
        next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            next_url = ""
        query = urlencode({"next": next_url or reverse("admin:index", current_app=self.name)})
        user = request.user
        if not user.is_authenticated:
            return redirect(f"{reverse('accounts:login')}?{query}")
        if two_factor.has_two_factor(user) and not two_factor.session_is_verified(user):
            return redirect(f"{reverse('accounts:login_verify')}?{query}")
        if two_factor.required_for(user) and not two_factor.has_two_factor(user):
            return redirect(f"{reverse('accounts:two_factor_setup')}?{query}")
        # Signed in and verified, but not staff: the admin is not for this account.
        raise PermissionDenied

    def register(self, model_or_iterable, admin_class=None, **options):
        base = admin_class or admin.ModelAdmin
        if not issubclass(base, NotFoundForMissingObjects):
            base = type(base.__name__, (NotFoundForMissingObjects, base), {})
        return super().register(model_or_iterable, base, **options)
