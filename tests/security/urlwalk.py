"""Walking the URL configuration and requesting a URL as someone, for the URL-wide
security tests (permission matrix, CSRF, fuzzing)."""

import copy
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

ROLES = (
    "anonymous",
    "owner",
    "other_applicant",
    "assigned_reviewer",
    "unassigned_reviewer",
    "recused_reviewer",
    "board",
    "staff",
)
# Django protects its admin site itself (staff login, its own permission checks).
SKIPPED_NAMESPACES = ("admin",)


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    pattern: str  # the full route, for messages
    params: tuple[str, ...]


def named_routes() -> list[Route]:
    """Every named URL pattern of the project, with its namespace, minus the admin site."""
    found = []

    def walk(patterns, prefix, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                if entry.namespace in SKIPPED_NAMESPACES:
                    continue
                walk(entry.url_patterns, prefix + str(entry.pattern), ns)
            elif isinstance(entry, URLPattern) and entry.name:
                params = tuple(getattr(entry.pattern, "converters", {}))
                found.append(Route(f"{namespace}{entry.name}", prefix + str(entry.pattern), params))

    walk(get_resolver().url_patterns, "", "")
    return found


def outcome(response) -> str:
    """A response in the matrix's words."""
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        login = resolve_url(settings.LOGIN_URL)
        return "login" if response["Location"].startswith(login) else "redirect"
    if status == 200:
        return "ok"
    return str(status)


def signed_in_clients(people: dict) -> dict:
    """One test client per role, signed in once (anonymous: no one)."""
    clients = {"anonymous": Client()}
    for role in ROLES[1:]:
        client = Client()
        client.force_login(people[role])
        clients[role] = client
    return clients


def request_with(client, method: str, url: str, data=None, **extra):
    """One request, undone afterwards (database and the client's cookies), so every cell
    of a matrix starts from the same world and the same signed-in session."""
    cookies = copy.deepcopy(client.cookies)
    try:
        with transaction.atomic():
            if method == "GET":
                response = client.get(url, **extra)
            else:
                response = client.post(url, data or {}, **extra)
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies
    return response
