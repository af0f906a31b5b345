"""The one access decorator, and the helper every predicate is built on.

Access is asked as a permission, never as a group name: each app names its predicates in
its own `permissions.py` (grants.permissions, reviews.permissions, decisions.permissions)
as small functions over `holds`, and views guard pages with `requires(predicate)`. The
role groups hold the permissions (accounts.roles), so an administrator can give them to
a custom role, or to one person, in the admin without code.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def holds(user, *permissions: str) -> bool:
    """Signed in and holding every one of `permissions` (directly or through a group)."""
    if not (user and user.is_authenticated):
        return False
    return all(user.has_perm(permission) for permission in permissions)


def requires(predicate, *, to_post=None, message: str = ""):
    """A page for people for whom `predicate(user)` holds: signed out goes to the login
    page, anyone else gets the 403 page. `to_post` is a stricter predicate for POSTs."""

    def decorate(view):
        @login_required
        @wraps(view)
        def guarded(request, *args, **kwargs):
            allowed = predicate(request.user)
            if allowed and to_post is not None and request.method == "POST":
                allowed = to_post(request.user)
            if not allowed:
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        return guarded

    return decorate
