"""The permission matrix grown into a crawler (tests/security/crawler.py).

Every URL of the permission matrix's table (walked from the URL resolver, so a new URL
name slots in with its row) is requested as every role, with GET and POST, with its real
objects, with ids of nothing, and with ids of someone else's objects mixed in; and the
admin's views. Besides the status, each response body is searched for identities its
reader must not see (the applicant's name, email, phone, city and file names; reviewer and
board names to applicants), and each refused request must leave every table as it was.
"""

import pytest
from django.contrib.admin.sites import site as admin_site
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory
from tests.security.crawler import (
    REFUSED,
    crawl_one,
    cross_kwargs,
    fingerprint,
    forbidden_for,
    leaks,
    missing_kwargs,
    reverse_or_none,
)
from tests.security.matrix_objects import url_kwargs
from tests.security.test_permission_matrix import EXPECTED, base_name, expected_cells, url_for
from tests.security.urlwalk import ROLES, named_routes, signed_in_clients
from tests.security.world import build_world

METHODS = ("GET", "POST")


@pytest.fixture
def world(db):
    world = build_world()
    # Give the owner a phone and a city nobody else has, so a leak cannot hide.
    User.objects.filter(pk=world.owner.pk).update(phone="828-555-0142", city="Brevard")
    world.owner.refresh_from_db()
    url_kwargs(world)  # builds the objects some URLs need, before any fingerprint
    return world


@pytest.fixture
def crawl(world):
    clients = signed_in_clients(world.people)
    state = {"print": fingerprint(), "refused": REFUSED}
    seen = []

    def run(key, url, roles=ROLES, methods=METHODS, extra_clients=None):
        every = {**clients, **(extra_clients or {})}
        for method in methods:
            for role in roles:
                seen.append(
                    crawl_one(
                        every[role],
                        key=key,
                        url=url,
                        method=method,
                        role=role,
                        world_print=state["print"],
                        refused=state["refused"],
                    )
                )
        return seen

    def rebase(refused=REFUSED):
        """After adding people of a test's own: the world now includes them."""
        state.update(print=fingerprint(), refused=refused)

    run.seen = seen
    run.rebase = rebase
    yield run
    assert fingerprint() == state["print"]  # every request was rolled back


def report(problems: list[str]) -> str:
    return "\n".join(problems[:60]) + (
        f"\n... and {len(problems) - 60} more" if len(problems) > 60 else ""
    )


def check_bodies_and_database(seen, world) -> list[str]:
    problems = []
    for s in seen:
        for text in leaks(s, forbidden_for(s.role, world)):
            problems.append(f"{s.key} {s.method} as {s.role} ({s.url}) shows {text!r}")
        if s.changed_database:
            problems.append(
                f"{s.key} {s.method} as {s.role} ({s.url}) refused ({s.outcome}) "
                "but changed the database"
            )
    return problems


# Real objects: the matrix's outcomes, and what the bodies hold --------------------------


@pytest.mark.django_db
def test_every_url_answers_every_role_as_the_table_says_shows_no_identity_and_refusals_write_nothing(  # noqa: E501
    world, crawl
):
    kwargs = url_kwargs(world)
    for key in EXPECTED:
        crawl(key, url_for(key, kwargs))

    wrong_status = []
    for s in crawl.seen:
        want = expected_cells(s.key)[(s.method, s.role)]
        if s.outcome != want:
            wrong_status.append(f"{s.key} {s.method} as {s.role}: expected {want}, got {s.outcome}")
    problems = wrong_status + check_bodies_and_database(crawl.seen, world)
    assert problems == [], report(problems)
    assert len(crawl.seen) == len(EXPECTED) * len(ROLES) * 2


# Missing and cross-object ids -------------------------------------------------------------


def refused_everywhere(seen) -> list[str]:
    return [
        f"{s.key} {s.method} as {s.role} ({s.url}): got {s.outcome}"
        for s in seen
        if s.outcome not in REFUSED
    ]


@pytest.mark.django_db
def test_ids_of_nothing_are_refused_for_everyone_and_write_nothing(world, crawl):
    kwargs = url_kwargs(world)
    with_params = [key for key in EXPECTED if kwargs.get(key) and "token" not in kwargs[key]]
    for key in with_params:
        url = reverse_or_none(base_name(key), missing_kwargs(kwargs[key]))
        assert url is not None, key
        crawl(f"{key} [missing]", url)

    problems = refused_everywhere(crawl.seen) + check_bodies_and_database(crawl.seen, world)
    assert problems == [], report(problems)
    assert {s.outcome for s in crawl.seen if s.role != "anonymous"} <= {"403", "404", "405"}


@pytest.mark.django_db
def test_someone_elses_ids_mixed_into_a_url_are_refused_and_write_nothing(world, crawl):
    """Refused, or answered exactly as the same URL with that id pointing at nothing (a
    reviewer who has not declared yet is sent to declare, whatever the document id): so
    the answer never tells whether someone else's object exists."""
    kwargs = url_kwargs(world)
    pairs = []
    for key in EXPECTED:
        for mix, probes in cross_kwargs(base_name(key), kwargs.get(key, {}), kwargs, world):
            url = reverse_or_none(base_name(key), mix)
            if url is None:
                continue
            before = len(crawl.seen)
            crawl(f"{key} [cross {mix}]", url)
            crossed = crawl.seen[before:]
            answers = []
            for probe in probes:
                start = len(crawl.seen)
                crawl(f"{key} [probe]", reverse(base_name(key), kwargs=probe))
                answers.append(crawl.seen[start:])
            for i, c in enumerate(crossed):
                pairs.append((c, [(a[i].outcome, a[i].location) for a in answers]))

    problems = [
        f"{c.key} {c.method} as {c.role} ({c.url}): got {c.outcome} {c.location}, "
        f"unlike every id of nothing: {alike}"
        for c, alike in pairs
        if c.outcome not in REFUSED and (c.outcome, c.location) not in alike
    ]
    problems += check_bodies_and_database(crawl.seen, world)
    assert problems == [], report(problems)
    assert len(pairs) >= 100


@pytest.mark.django_db
def test_every_url_name_is_crawled():
    names = {route.name for route in named_routes()}
    assert names == {base_name(key) for key in EXPECTED}


# The admin -------------------------------------------------------------------------------


def admin_urls(world) -> list[tuple[str, str]]:
    """Every registered model's list, add, and change/delete/history pages for an
    existing object and for a missing one; plus django-otp's device views."""
    urls = []
    for model in admin_site._registry:
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls.append((f"{info}_changelist", reverse(f"{info}_changelist")))
        urls.append((f"{info}_add", reverse(f"{info}_add")))
        existing = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
        for view in ("change", "delete", "history"):
            urls.append((f"{info}_{view} [missing]", reverse(f"{info}_{view}", args=["987654"])))
            if existing is not None:
                urls.append((f"{info}_{view}", reverse(f"{info}_{view}", args=[existing])))
    for view in ("config", "qrcode"):
        urls.append(
            (
                f"admin:otp_totp_totpdevice_{view} [missing]",
                reverse(f"admin:otp_totp_totpdevice_{view}", kwargs={"pk": 987654}),
            )
        )
    return urls


def admin_clients():
    from django_otp.plugins.otp_totp.models import TOTPDevice

    admin_user = UserFactory(full_name="Ada Admin", is_staff=True, is_superuser=True)
    device = TOTPDevice.objects.create(user=admin_user, name="app", confirmed=True)
    verified, unverified = Client(), Client()
    for client in (verified, unverified):
        client.force_login(admin_user)
    session = verified.session
    session["otp_device_id"] = device.persistent_id
    session.pop("accounts.two_factor_needs_code", None)
    session.save()
    real = TOTPDevice.objects.create(user=UserFactory(), name="app", confirmed=True)
    return {"admin": verified, "admin_without_code": unverified}, real


@pytest.mark.django_db
def test_the_admin_answers_only_a_verified_admin_and_404s_for_missing_objects(world, crawl):
    clients, real_device = admin_clients()
    crawl.rebase(refused=REFUSED | {"redirect"})  # sent to the login: refused too
    urls = admin_urls(world) + [
        (
            f"admin:otp_totp_totpdevice_{view} [real]",
            reverse(f"admin:otp_totp_totpdevice_{view}", kwargs={"pk": real_device.pk}),
        )
        for view in ("config", "qrcode")
    ]
    for key, url in urls:
        crawl(
            key,
            url,
            roles=(*ROLES, "admin", "admin_without_code"),
            methods=("GET",),
            extra_clients=clients,
        )

    problems = []
    for s in crawl.seen:
        if s.role != "admin" and s.outcome not in ("login", "redirect"):
            problems.append(f"{s.key} as {s.role}: got {s.outcome}")
        # A missing object is a 404, or the 403 of a view nobody may use for any object.
        device_view = "totpdevice_config" in s.key or "totpdevice_qrcode" in s.key
        if s.role == "admin" and device_view and s.outcome != "404":
            problems.append(f"{s.key} as admin: expected 404, got {s.outcome}")
        if s.role == "admin" and "[missing]" in s.key and s.outcome not in ("404", "403"):
            problems.append(f"{s.key} as admin: expected 404, got {s.outcome}")
        if s.role == "admin" and not device_view and s.outcome not in ("ok", "403", "404"):
            problems.append(f"{s.key} as admin: got {s.outcome}")
    problems += [p for p in check_bodies_and_database(crawl.seen, world) if " as admin " not in p]
    assert problems == [], report(problems)
    admin_pages = [s for s in crawl.seen if s.role == "admin" and s.outcome == "ok"]
    assert len(admin_pages) >= 20


# The crawler catches what it is for ----------------------------------------------------


@pytest.mark.django_db
def test_the_crawler_reports_a_page_that_shows_the_applicant_and_a_refusal_that_writes(
    world, crawl, monkeypatch
):
    from django.http import Http404, HttpResponse

    from notifications.models import Notice
    from tests.security.test_permission_matrix import _pattern_named

    def chatty_list(request):
        return HttpResponse(f"Latest applicant: {world.owner.email}")

    def refuses_after_writing(request, pk):
        Notice.objects.create(user=world.owner, event="receipt", title="written")
        raise Http404

    monkeypatch.setattr(_pattern_named("grants", "cycle_list"), "callback", chatty_list)
    monkeypatch.setattr(
        _pattern_named("grants", "application_detail"), "callback", refuses_after_writing
    )

    crawl("grants:cycle_list", reverse("grants:cycle_list"), methods=("GET",))
    crawl(
        "grants:application_detail",
        url_for("grants:application_detail", url_kwargs(world)),
        roles=("other_applicant",),
        methods=("GET",),
    )
    problems = check_bodies_and_database(crawl.seen, world)

    leaking = [
        "anonymous",
        "other_applicant",
        "assigned_reviewer",
        "unassigned_reviewer",
        "recused_reviewer",
    ]
    assert problems == [
        *[
            f"grants:cycle_list GET as {role} (/cycles/) shows 'owner@example.org'"
            for role in leaking
        ],
        f"grants:application_detail GET as other_applicant (/applications/{world.draft.pk}/) "
        "refused (404) but changed the database",
    ]
