"""The crawler behind tests/security/test_crawler.py: every URL of the project, driven by
the URL resolver and the permission matrix's table (a new URL name slots in by its row),
requested as every role with real, missing and cross-object ids; every body is searched
for identities its reader must not see, and every refused request must leave the
database exactly as it was."""

import copy
import hashlib
from dataclasses import dataclass

from django.apps import apps
from django.db import connection, transaction
from django.urls import reverse

from tests.security.urlwalk import ROLES, outcome

# Tables whose rows a refused request may still write: the session (saved on every
# request) and django-axes' login records.
VOLATILE_TABLES = {
    "django_session",
    "axes_accessattempt",
    "axes_accesslog",
    "axes_accessfailurelog",
}
REFUSED = {"login", "400", "401", "403", "404", "405", "409"}  # 401: autosave without a session
MISSING_INT = 987654
MISSING_SLUG = "no-such-thing"


def _tables() -> list[str]:
    tables = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            tables.add(model._meta.db_table)
    return sorted(tables - VOLATILE_TABLES)


def fingerprint() -> str:
    """A digest of every row of every table (but the volatile ones), in primary-key order."""
    digest = hashlib.sha256()
    with connection.cursor() as cursor:
        for table in _tables():
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted} ORDER BY 1")  # noqa: S608 - our table names
            digest.update(table.encode())
            digest.update(repr(cursor.fetchall()).encode())
    return digest.hexdigest()


@dataclass
class Seen:
    key: str
    url: str
    method: str
    role: str
    outcome: str
    body: str
    changed_database: bool
    location: str = ""


def crawl_one(client, *, key, url, method, role, world_print, refused=REFUSED) -> Seen:
    """One request, rolled back; whether a refused one changed anything is measured
    inside the transaction, before the rollback."""
    cookies = copy.deepcopy(client.cookies)
    changed = False
    try:
        with transaction.atomic():
            response = client.get(url) if method == "GET" else client.post(url, {})
            got = outcome(response)
            if got in refused:
                changed = fingerprint() != world_print
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies
    body = response.get("Content-Disposition", "")
    if not response.streaming:
        body += response.content.decode(errors="replace")
    return Seen(key, url, method, role, got, body, changed, response.get("Location", ""))


# Ids: missing and cross-object -----------------------------------------------------------


def missing_kwargs(kwargs: dict) -> dict:
    """The same URL with every object id (and slug) pointing at nothing."""
    return {
        name: MISSING_INT if isinstance(value, int) else MISSING_SLUG
        for name, value in kwargs.items()
    } | {name: value for name, value in kwargs.items() if name in ("token", "uidb64")}


def alternatives(world) -> dict[str, list]:
    """For each URL parameter name, values that belong to other objects of the world."""
    applications = [world.draft.pk, world.other_draft.pk, world.submitted.pk]
    return {
        "slug": [world.open_cycle.slug, world.closed_cycle.slug],
        "pk": applications,
        "attachment_pk": [world.attachment.pk, world.submitted_attachment.pk],
        "attachment_id": [world.attachment.pk, world.submitted_attachment.pk],
    }


def cross_kwargs(
    name: str, kwargs: dict, every_kwargs: dict, world
) -> list[tuple[dict, list[dict]]]:
    """A URL with two or more ids, each swapped in turn for another object's id, when the
    mix is not itself a real combination of that URL (so the parent does not own the
    child, or the object is not in the cycle). Each mix comes with its probes: the same
    URL with one of its ids pointing at nothing; a mix that is not refused must be
    answered exactly like one of them (so it tells nothing about that object)."""
    if len(kwargs) < 2:
        return []
    real = [v for k, v in every_kwargs.items() if k.split(" [", 1)[0] == name]
    mixes = []
    for param, value in kwargs.items():
        for other in alternatives(world).get(param, []):
            mix = {**kwargs, param: other}
            if other != value and mix not in real and mix not in [m for m, _ in mixes]:
                probes = [
                    {**mix, q: MISSING_INT if isinstance(v, int) else MISSING_SLUG}
                    for q, v in mix.items()
                ]
                mixes.append((mix, probes))
    return mixes


def reverse_or_none(name: str, kwargs: dict) -> str | None:
    try:
        return reverse(name, kwargs=kwargs)
    except Exception:  # a swapped value the pattern does not accept (an int for a slug)
        return None


# Identities -------------------------------------------------------------------------------


def owner_identity(world) -> list[str]:
    owner = world.owner
    return [
        owner.full_name,
        owner.email,
        owner.phone,
        owner.city,
        world.attachment.original_name,
        world.submitted_attachment.original_name,
    ]


def forbidden_for(role: str, world) -> list[str]:
    """What a role's pages must never contain."""
    people = world.people
    staff_side = [
        people[r]
        for r in ("assigned_reviewer", "unassigned_reviewer", "recused_reviewer", "board", "staff")
    ]
    other = people["other_applicant"]
    forbidden = []
    if role not in ("owner", "board", "staff"):
        forbidden += owner_identity(world)
    if role not in ("other_applicant", "board", "staff"):
        forbidden += [other.full_name, other.email]
    if role in ("owner", "other_applicant", "anonymous"):
        forbidden += [p.full_name for p in staff_side] + [p.email for p in staff_side]
    return [text for text in forbidden if text]


def leaks(seen: Seen, forbidden: list[str]) -> list[str]:
    return [text for text in forbidden if text in seen.body]


__all__ = ["ROLES"]
