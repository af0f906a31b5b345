"""Renewing a session now and then instead of on every request.

With SESSION_SAVE_EVERY_REQUEST every page view wrote the session row (an UPDATE on
PostgreSQL, plus a new cookie), only to push its expiry forward. Now:

- SessionStore (SESSION_ENGINE = "config.sessions") is Django's database store that
  notes in the session, each time it is written, when that was: every write pushes the
  expiry forward, so that is the session's last renewal. Logging in writes the session,
  so a fresh login counts as renewed (test clients' force_login too).
- SessionRenewalMiddleware marks the session changed when its last renewal is older than
  SESSION_RENEW_AFTER seconds (5 minutes by default); SessionMiddleware then saves it and
  resends the cookie with a fresh max-age. The pages in between write nothing.

A session therefore still ends after SESSION_COOKIE_AGE of idleness, give or take those
few minutes. This lives in config/ because it is about Django's session framework, not
about any app's people or data, and it imports no app.
"""

import time

from django.conf import settings
from django.contrib.sessions.backends import db

RENEWED_AT = "_session_renewed_at"


class SessionStore(db.SessionStore):
    def save(self, must_create=False):
        if self.session_key is not None:  # else create() comes back here with a key
            self._get_session(no_load=must_create)[RENEWED_AT] = int(time.time())
        return super().save(must_create=must_create)


def needs_renewal(renewed_at, now: float) -> bool:
    if not isinstance(renewed_at, int | float):
        return True
    return now - renewed_at >= settings.SESSION_RENEW_AFTER


class SessionRenewalMiddleware:
    """Goes right after SessionMiddleware, so its response step runs first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # No key: no cookie came in, or the view emptied the session (logout). Renewing
        # would create a session nobody asked for.
        if session is None or session.session_key is None or response.status_code >= 500:
            return response
        if session.modified:
            return response  # saved anyway, and the store notes the renewal
        renewed_at = session.get(RENEWED_AT)
        # Loading may find the key expired or unknown: then there is nothing to renew.
        if session.session_key is None or session.is_empty():
            return response
        if needs_renewal(renewed_at, time.time()):
            session.modified = True
        return response
