"""Security headers on every kind of response, cookie flags, and templates that a strict
Content Security Policy can serve (no inline script or style) and that never switch off
escaping."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import TEST_PASSWORD, UserFactory

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"

EXPECTED_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def assert_strict_csp(response):
    policy = response["Content-Security-Policy"]
    directives = dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip()
    )
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def assert_security_headers(response):
    assert_strict_csp(response)
    for header, value in EXPECTED_HEADERS.items():
        assert response[header] == value, header


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        reverse("home"),
        reverse("accounts:login"),
        reverse("accounts:signup"),
        reverse("accounts:password_reset"),
        "/this-page-does-not-exist/",
    ],
)
def test_public_pages_carry_the_security_headers(client, url):
    response = client.get(url)

    assert response.status_code in (200, 404)
    assert_security_headers(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    ["accounts:profile", "accounts:two_factor_setup", "privacy:overview", "privacy:download"],
)
def test_signed_in_pages_and_downloads_carry_the_security_headers(client, name):
    client.force_login(UserFactory())

    response = client.get(reverse(name))

    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.django_db
def test_the_lockout_page_carries_the_security_headers(client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(
            reverse("accounts:login"), {"username": "x@example.org", "password": "wrong"}
        )

    assert response.status_code == 429
    assert_security_headers(response)


@pytest.mark.django_db
def test_https_responses_carry_hsts_for_a_year_with_subdomains(client):
    response = client.get(reverse("home"), secure=True)

    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_secure_httponly_and_same_site(client):
    UserFactory(email="alma@example.org")
    client.get(reverse("accounts:login"))
    csrf = client.cookies[settings.CSRF_COOKIE_NAME]

    response = client.post(
        reverse("accounts:login"),
        {"username": "alma@example.org", "password": TEST_PASSWORD},
        secure=True,
    )

    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert (session["secure"], session["httponly"], session["samesite"]) == (True, True, "Lax")
    assert (csrf["secure"], csrf["httponly"], csrf["samesite"]) == (True, True, "Lax")


def test_production_settings_turn_on_transport_security():
    assert settings.DEBUG is False
    assert settings.SESSION_COOKIE_SECURE is True
    assert settings.CSRF_COOKIE_SECURE is True
    assert settings.SECURE_HSTS_SECONDS == 60 * 60 * 24 * 365
    assert settings.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    assert settings.X_FRAME_OPTIONS == "DENY"


# Templates -------------------------------------------------------------------------------

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"javascript:", re.IGNORECASE)
UNESCAPED = re.compile(r"\|\s*safe\b|{%\s*autoescape\s+off", re.IGNORECASE)


def html_templates():
    return sorted(TEMPLATES.rglob("*.html"))


def page_templates():
    # Emails are not served under the site's CSP (mail clients need inline styles).
    return [path for path in html_templates() if "email" not in path.relative_to(TEMPLATES).parts]


def offenders(paths, pattern):
    found = []
    for path in paths:
        name = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                found.append(f"{name}:{number}: {line.strip()}")
    return found


def test_there_are_templates_to_scan():
    assert len(page_templates()) >= 20


@pytest.mark.parametrize(
    ("pattern", "what"),
    [
        (INLINE_SCRIPT, "inline <script> (use a file in static/js/)"),
        (STYLE_ATTRIBUTE, 'style="" attribute (use a class in static/css/)'),
        (STYLE_ELEMENT, "<style> element (use static/css/)"),
        (EVENT_HANDLER, "inline event handler such as onclick= (use static/js/)"),
        (JAVASCRIPT_URL, "javascript: URL"),
    ],
    ids=["inline-script", "style-attribute", "style-element", "event-handler", "javascript-url"],
)
def test_no_page_template_needs_unsafe_inline(pattern, what):
    assert offenders(page_templates(), pattern) == [], f"Templates with an {what}"


def test_no_html_template_turns_escaping_off():
    assert offenders(html_templates(), UNESCAPED) == [], (
        "Mark trusted markup safe in Python (format_html) where it is built, not in templates"
    )


def test_the_scanner_sees_what_it_looks_for(tmp_path):
    page = tmp_path / "bad.html"
    page.write_text(
        '<script>alert(1)</script>\n<p style="color:red" onclick="x()">\n{{ v|safe }}\n'
        '<script src="/static/js/ok.js"></script>\n'
    )

    assert len(offenders([page], INLINE_SCRIPT)) == 1
    assert len(offenders([page], STYLE_ATTRIBUTE)) == 1
    assert len(offenders([page], EVENT_HANDLER)) == 1
    assert len(offenders([page], UNESCAPED)) == 1
