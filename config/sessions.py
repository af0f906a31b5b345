"""Renewing a signed-in session now and then instead of on every request.

With SESSION_SAVE_EVERY_REQUEST every page view wrote the session row (an UPDATE on
PostgreSQL, plus a new cookie), only to push its expiry forward. This middleware renews
the session when its last renewal is older than SESSION_RENEW_AFTER seconds (5 minutes
by default), so a session still expires after SESSION_COOKIE_AGE of idleness, give or
take those few minutes, and the pages in between write nothing.

It lives in config/ because it is about Django's session framework, not about any app's
people or data, and it imports no app. It goes right after SessionMiddleware, so its
response step runs first and SessionMiddleware saves the renewed session and resends
the cookie with a fresh max-age.
"""

import time

from django.conf import settings

RENEWED_AT = "_session_renewed_at"


def needs_renewal(renewed_at, now: float) -> bool:
    if not isinstance(renewed_at, int | float):
        return True
    return now - renewed_at >= settings.SESSION_RENEW_AFTER


class SessionRenewalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # No key: no cookie came in, or the view emptied the session (logout). Renewing
        # would create a session nobody asked for.
        if session is None or session.session_key is None or response.status_code >= 500:
            return response
        renewed_at = session.get(RENEWED_AT)
        # Loading may find the key expired or unknown: then there is nothing to renew.
        if session.session_key is None or session.is_empty():
            return response
        now = time.time()
        if needs_renewal(renewed_at, now):
            session[RENEWED_AT] = int(now)
        return response
