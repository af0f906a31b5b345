"""Who gets what from every URL: the permission matrix.

Every named URL pattern of the project (walked from config.urls; the admin site protects
itself) is requested with real objects from tests.security.world, as eight people, with
GET and with POST. The outcome of each cell must match the table below. A URL pattern
with no row fails the test with its name, so a new page cannot ship without deciding
who may use it.

House rules the table follows: an object that is not yours is a 404 (its id does not
leak); a page your role may not use is a 403; anonymous people go to the login page.

Codes: ok = 200, redirect = a redirect elsewhere than the login page, login = redirect to
the login page, otherwise the HTTP status (403, 404, 405, ...). Every request runs in a
transaction that is rolled back, so every cell starts from the same world.
"""

import pytest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import get_resolver, reverse

from grants.models import Application
from tests.security.matrix_objects import url_kwargs
from tests.security.urlwalk import ROLES, named_routes, outcome, request_with, signed_in_clients
from tests.security.world import build_world

# Objects: grants:application_* use the owner's draft in the open cycle ("[submitted]":
# their application in the closed cycle, which the assigned reviewer has reviewed);
# reviews:review/declare/attachment use the assigned reviewer's assignment ("[recused]":
# the recused reviewer's own assignment, given up by declaring a conflict); cycle pages
# of the office, the board and the desk use the closed cycle. See matrix_objects.py.
#
# fmt: off
#                                       anon   owner  other  rev    unrev  recused board  staff
EXPECTED = {
    "home": (
        "GET",                         "ok     ok     ok     ok     ok     ok     ok     ok",
        "POST",                        "ok     ok     ok     ok     ok     ok     ok     ok"),
    "healthz": (
        "GET",                         "ok     ok     ok     ok     ok     ok     ok     ok",
        "POST",                        "ok     ok     ok     ok     ok     ok     ok     ok"),
    # Accounts -----------------------------------------------------------------------------
    "accounts:signup": (
        "GET",                         "ok     redir  redir  redir  redir  redir  redir  redir",
        "POST",                        "ok     redir  redir  redir  redir  redir  redir  redir"),
    "accounts:login": (
        "GET",                         "ok     redir  redir  redir  redir  redir  redir  redir",
        "POST",                        "ok     redir  redir  redir  redir  redir  redir  redir"),
    "accounts:login_verify": (
        "GET",                         "login  redir  redir  redir  redir  redir  redir  redir",
        "POST",                        "login  redir  redir  redir  redir  redir  redir  redir"),
    "accounts:two_factor": (
        "GET",                         "login  ok     ok     ok     ok     ok     ok     ok",
        "POST",                        "login  ok     ok     ok     ok     ok     ok     ok"),
    "accounts:two_factor_setup": (
        "GET",                         "login  ok     ok     ok     ok     ok     ok     ok",
        "POST",                        "login  ok     ok     ok     ok     ok     ok     ok"),
    "accounts:two_factor_disable": (
        "GET",                         "login  ok     ok     ok     ok     ok     ok     ok",
        "POST",                        "login  ok     ok     ok     ok     ok     ok     ok"),
    "accounts:two_factor_enrol_confirm": (  # a forged link: back to set-up, nothing changes
        "GET",                         "login  redir  redir  redir  redir  redir  redir  redir",
        "POST",                        "login  405    405    405    405    405    405    405"),
    "accounts:recovery_codes": (  # nobody in the world has two-step login: sent to its page
        "GET",                         "login  redir  redir  redir  redir  redir  redir  redir",
        "POST",                        "login  redir  redir  redir  redir  redir  redir  redir"),
    "accounts:unlock_request": (  # the same answer for every address
        "GET",                         "405    405    405    405    405    405    405    405",
        "POST",                        "ok     ok     ok     ok     ok     ok     ok     ok"),
    "accounts:unlock": (  # a forged link: back to the login page
        "GET",                         "login  login  login  login  login  login  login  login",
        "POST",                        "405    405    405    405    405    405    405    405"),
    "accounts:verify_email": (  # a forged link: a message, nothing confirmed
        "GET",                         "login  redir  redir  redir  redir  redir  redir  redir",
        "POST",                        "405    405    405    405    405    405    405    405"),
    "accounts:verify_email_resend": (
        "GET",                         "login  405    405    405    405    405    405    405",
        "POST",                        "login  redir  redir  redir  redir  redir  redir  redir"),
    "accounts:logout": (
        "GET",                         "405    405    405    405    405    405    405    405",
        "POST",                        "redir  redir  redir  redir  redir  redir  redir  redir"),
    "accounts:profile": (
        "GET",                         "login  ok     ok     ok     ok     ok     ok     ok",
        "POST",                        "login  ok     ok     ok     ok     ok     ok     ok"),
    "accounts:password_change": (
        "GET",                         "login  ok     ok     ok     ok     ok     ok     ok",
        "POST",                        "login  ok     ok     ok     ok     ok     ok     ok"),
    "accounts:password_change_done": (
        "GET",                         "login  ok     ok     ok     ok     ok     ok     ok",
        "POST",                        "login  405    405    405    405    405    405    405"),
    "accounts:password_reset": (
        "GET",                         "ok     ok     ok     ok     ok     ok     ok     ok",
        "POST",                        "ok     ok     ok     ok     ok     ok     ok     ok"),
    "accounts:password_reset_done": (
        "GET",                         "ok     ok     ok     ok     ok     ok     ok     ok",
        "POST",                        "405    405    405    405    405    405    405    405"),
    "accounts:password_reset_confirm": (
        "GET",                         "ok     ok     ok     ok     ok     ok     ok     ok",
        "POST",                        "ok     ok     ok     ok     ok     ok     ok     ok"),
    "accounts:password_reset_complete": (
        "GET",                         "ok     ok     ok     ok     ok     ok     ok     ok",
        "POST",                        "405    405    405    405    405    405    405    405"),
    # Grants: public and applicant pages ------------------------------------------------------
    "grants:cycle_list": (
        "GET",                         "ok     ok     ok     ok     ok     ok     ok     ok",
        "POST",                        "405    405    405    405    405    405    405    405"),
    "grants:cycle_detail": (
        "GET",                         "ok     ok     ok     ok     ok     ok     ok     ok",
        "POST",                        "405    405    405    405    405    405    405    405"),
    "grants:apply": (  # owner and other applicant already have a draft: sent to it
        "GET",                         "login  redir  redir  ok     ok     ok     ok     ok",
        "POST",                        "login  redir  redir  redir  redir  redir  redir  redir"),
    "grants:dashboard": (
        "GET",                         "login  ok     ok     ok     ok     ok     ok     ok",
        "POST",                        "login  405    405    405    405    405    405    405"),
    "grants:application_detail": (
        "GET",                         "login  ok     404    404    404    404    404    404",
        "POST",                        "login  405    405    405    405    405    405    405"),
    "grants:application_detail [submitted]": (
        "GET",                         "login  ok     404    404    404    404    404    404",
        "POST",                        "login  405    405    405    405    405    405    405"),
    "grants:application_edit": (  # a post with errors answers with the page itself
        "GET",                         "login  ok     404    404    404    404    404    404",
        "POST",                        "login  ok     404    404    404    404    404    404"),
    "grants:application_autosave": (  # JSON; a logged-out post is kept for after login
        "GET",                         "405    405    405    405    405    405    405    405",
        "POST",                        "401    ok     404    404    404    404    404    404"),
    "grants:application_submitted": (
        "GET",                         "login  ok     404    404    404    404    404    404",
        "POST",                        "login  405    405    405    405    405    405    405"),
    "grants:application_check": (
        "GET",                         "login  ok     404    404    404    404    404    404",
        "POST",                        "login  405    405    405    405    405    405    405"),
    "grants:submit": (
        "GET",                         "login  redir  404    404    404    404    404    404",
        "POST",                        "login  ok     404    404    404    404    404    404"),
    "grants:withdraw": (
        "GET",                         "login  ok     404    404    404    404    404    404",
        "POST",                        "login  ok     404    404    404    404    404    404"),
    "grants:withdraw [submitted]": (  # already decided on: only a message for the owner
        "GET",                         "login  redir  404    404    404    404    404    404",
        "POST",                        "login  redir  404    404    404    404    404    404"),
    # The owner's draft has no offer: the offer pages and the agreement are a 404 for all.
    # (tests/grants/test_offers.py covers a real offer and a signed agreement.)
    "grants:offer": (
        "GET",                         "login  404    404    404    404    404    404    404",
        "POST",                        "login  404    404    404    404    404    404    404"),
    "grants:decline_offer": (
        "GET",                         "login  405    405    405    405    405    405    405",
        "POST",                        "login  404    404    404    404    404    404    404"),
    "grants:agreement": (
        "GET",                         "login  404    404    404    404    404    404    404",
        "POST",                        "login  405    405    405    405    405    405    405"),
    "grants:attachment_download": (  # the office reads every application's documents
        "GET",                         "login  ok     404    404    404    404    ok     ok",
        "POST",                        "login  405    405    405    405    405    405    405"),
    "grants:attachment_download [submitted]": (  # reviewers use reviews:attachment
        "GET",                         "login  ok     404    404    404    404    ok     ok",
        "POST",                        "login  405    405    405    405    405    405    405"),
    "grants:attachment_delete": (
        "GET",                         "login  ok     404    404    404    404    404    404",
        "POST",                        "login  redir  404    404    404    404    404    404"),
    # Grants: the office (board and staff) --------------------------------------------------
    "grants:office_cycles": (
        "GET",                         "login  403    403    403    403    403    ok     ok",
        "POST",                        "login  403    403    403    403    403    405    405"),
    "grants:office_applications": (
        "GET",                         "login  403    403    403    403    403    ok     ok",
        "POST",                        "login  403    403    403    403    403    405    405"),
    "grants:office_application": (
        "GET",                         "login  403    403    403    403    403    ok     ok",
        "POST",                        "login  403    403    403    403    403    405    405"),
    "grants:office_return": (
        "GET",                         "login  403    403    403    403    403    redir  redir",
        "POST",                        "login  403    403    403    403    403    ok     ok"),
    "grants:office_extend": (
        "GET",                         "login  403    403    403    403    403    redir  redir",
        "POST",                        "login  403    403    403    403    403    ok     ok"),
    "grants:office_start_review": (
        "GET",                         "login  403    403    403    403    403    redir  redir",
        "POST",                        "login  403    403    403    403    403    ok     ok"),
    "grants:office_complete_review": (
        "GET",                         "login  403    403    403    403    403    redir  redir",
        "POST",                        "login  403    403    403    403    403    ok     ok"),
    # Grants: verifying Preferred Practitioners (accounts.verify_practitioner: staff) -------
    "grants:office_practitioners": (
        "GET",                         "login  403    403    403    403    403    403    ok",
        "POST",                        "login  403    403    403    403    403    403    405"),
    "grants:office_directory_import": (  # POST without a file: the form asks for one
        "GET",                         "login  403    403    403    403    403    403    ok",
        "POST",                        "login  403    403    403    403    403    403    ok"),
    "grants:office_verify": (
        "GET",                         "login  403    403    403    403    403    403    redir",
        "POST",                        "login  403    403    403    403    403    403    redir"),
    "grants:office_unverify": (
        "GET",                         "login  403    403    403    403    403    403    redir",
        "POST",                        "login  403    403    403    403    403    403    redir"),
    "grants:office_verify [unknown]": (  # no such person (or no applicant): a 404
        "GET",                         "login  403    403    403    403    403    403    404",
        "POST",                        "login  403    403    403    403    403    403    404"),
    # Reviews: the reviewer's pages ---------------------------------------------------------
    "reviews:my_reviews": (
        "GET",                         "login  403    403    ok     ok     ok     403    403",
        "POST",                        "login  403    403    ok     ok     ok     403    403"),
    "reviews:review": (
        "GET",                         "login  404    404    ok     404    404    404    404",
        "POST",                        "login  404    404    ok     404    404    404    404"),
    "reviews:review [recused]": (
        "GET",                         "login  404    404    404    404    404    404    404",
        "POST",                        "login  404    404    404    404    404    404    404"),
    "reviews:declare": (  # already declared: GET goes on to the review
        "GET",                         "login  404    404    redir  404    404    404    404",
        "POST",                        "login  404    404    ok     404    404    404    404"),
    "reviews:declare [recused]": (
        "GET",                         "login  404    404    404    404    404    404    404",
        "POST",                        "login  404    404    404    404    404    404    404"),
    "reviews:attachment": (
        "GET",                         "login  404    404    ok     404    404    404    404",
        "POST",                        "login  404    404    ok     404    404    404    404"),
    "reviews:attachment [recused]": (
        "GET",                         "login  404    404    404    404    404    404    404",
        "POST",                        "login  404    404    404    404    404    404    404"),
    # Reviews: the board's pages (staff may look, not change) -------------------------------
    "reviews:board": (
        "GET",                         "login  403    403    403    403    403    ok     ok",
        "POST",                        "login  403    403    403    403    403    ok     403"),
    "reviews:assignments": (
        "GET",                         "login  403    403    403    403    403    ok     ok",
        "POST",                        "login  403    403    403    403    403    ok     403"),
    "reviews:auto_assign": (
        "GET",                         "login  403    403    403    403    403    ok     ok",
        "POST",                        "login  403    403    403    403    403    ok     403"),
    "reviews:conflicts": (
        "GET",                         "login  403    403    403    403    403    ok     ok",
        "POST",                        "login  403    403    403    403    403    ok     403"),
    "reviews:ranking": (
        "GET",                         "login  403    403    403    403    403    ok     ok",
        "POST",                        "login  403    403    403    403    403    ok     403"),
    "reviews:remove_known_conflict": (
        "GET",                         "login  403    403    403    403    403    405    405",
        "POST",                        "login  403    403    403    403    403    redir  403"),
    "reviews:board_application": (
        "GET",                         "login  403    403    403    403    403    ok     ok",
        "POST",                        "login  403    403    403    403    403    ok     403"),
    "reviews:unassign": (
        "GET",                         "login  403    403    403    403    403    405    405",
        "POST",                        "login  403    403    403    403    403    redir  403"),
    # Decisions: the desk (board only) ---------------------------------------------------------
    "decisions:index": (
        "GET",                         "login  403    403    403    403    403    ok     403",
        "POST",                        "405    405    405    405    405    405    405    405"),
    "decisions:desk": (
        "GET",                         "login  403    403    403    403    403    ok     403",
        "POST",                        "405    405    405    405    405    405    405    405"),
    "decisions:bulk": (
        "GET",                         "405    405    405    405    405    405    405    405",
        "POST",                        "login  403    403    403    403    403    redir  403"),
    "decisions:release": (  # an empty form: the board member is asked to confirm
        "GET",                         "login  403    403    403    403    403    ok     403",
        "POST",                        "login  403    403    403    403    403    409    403"),
    "decisions:export_xlsx": (  # staff download too, without review details
        "GET",                         "login  403    403    403    403    403    ok     ok",
        "POST",                        "405    405    405    405    405    405    405    405"),
    "decisions:export_csv": (  # staff download too, without review details
        "GET",                         "login  403    403    403    403    403    ok     ok",
        "POST",                        "405    405    405    405    405    405    405    405"),
    "decisions:application": (
        "GET",                         "login  403    403    403    403    403    ok     403",
        "POST",                        "405    405    405    405    405    405    405    405"),
    "decisions:decide": (  # an empty form is a 400 with the form's errors
        "GET",                         "405    405    405    405    405    405    405    405",
        "POST",                        "login  403    403    403    403    403    400    403"),
    "decisions:print": (
        "GET",                         "login  403    403    403    403    403    ok     403",
        "POST",                        "405    405    405    405    405    405    405    405"),
    "decisions:declare_conflict": (  # the board member declares a conflict with the applicant
        "GET",                         "405    405    405    405    405    405    405    405",
        "POST",                        "login  403    403    403    403    403    redir  403"),
    # After the award (tests/decisions/test_award_actions.py covers real awards): here the
    # application is not awarded and nobody waits, so the board is sent back with why.
    "decisions:correct": (
        "GET",                         "405    405    405    405    405    405    405    405",
        "POST",                        "login  403    403    403    403    403    redir  403"),
    "decisions:rescind": (
        "GET",                         "405    405    405    405    405    405    405    405",
        "POST",                        "login  403    403    403    403    403    redir  403"),
    "decisions:offer_next": (
        "GET",                         "405    405    405    405    405    405    405    405",
        "POST",                        "login  403    403    403    403    403    redir  403"),
    # Payments (treasurer records; board and staff look; the treasurer's own rows are in
    # tests/payments/test_access.py). The award is the submitted one, not accepted: a 404.
    "payments:awards": (
        "GET",                         "login  403    403    403    403    403    ok     ok",
        "POST",                        "login  403    403    403    403    403    405    405"),
    "payments:award": (  # POST needs payments.add_payment, which only the treasurer holds
        "GET",                         "login  403    403    403    403    403    404    404",
        "POST",                        "login  403    403    403    403    403    403    403"),
    "payments:export_csv": (
        "GET",                         "login  403    403    403    403    403    ok     ok",
        "POST",                        "login  403    403    403    403    403    405    405"),
    "payments:export_xlsx": (
        "GET",                         "login  403    403    403    403    403    ok     ok",
        "POST",                        "login  403    403    403    403    403    405    405"),
    "payments:payee": (  # the grantee's own accepted award only; this one is not accepted
        "GET",                         "login  404    404    404    404    404    404    404",
        "POST",                        "login  404    404    404    404    404    404    404"),
    # Notifications ---------------------------------------------------------------------------
    "notifications:inbox": (
        "GET",                         "login  ok     ok     ok     ok     ok     ok     ok",
        "POST",                        "login  ok     ok     ok     ok     ok     ok     ok"),
    "notifications:mark_read": (  # the owner's notice
        "GET",                         "login  405    405    405    405    405    405    405",
        "POST",                        "login  redir  404    404    404    404    404    404"),
    "notifications:mark_all_read": (
        "GET",                         "login  405    405    405    405    405    405    405",
        "POST",                        "login  redir  redir  redir  redir  redir  redir  redir"),
    # Reports -------------------------------------------------------------------------------
    "reports:edit": (  # the owner's report (a draft) on their accepted grant
        "GET",                         "login  ok     404    404    404    404    404    404",
        "POST",                        "login  redir  404    404    404    404    404    404"),
    "reports:submit": (  # incomplete: the owner is sent back to it with what is missing
        "GET",                         "login  405    405    405    405    405    405    405",
        "POST",                        "login  redir  404    404    404    404    404    404"),
    "reports:document": (  # its certificate: the owner and the people who read reports
        "GET",                         "login  ok     404    404    404    404    ok     ok",
        "POST",                        "login  405    405    405    405    405    405    405"),
    "reports:office": (
        "GET",                         "login  403    403    403    403    403    ok     ok",
        "POST",                        "login  403    403    403    403    403    403    405"),
    "reports:cycle": (
        "GET",                         "login  403    403    403    403    403    ok     ok",
        "POST",                        "login  403    403    403    403    403    403    405"),
    "reports:review": (  # the board reads reports; staff accept them or ask for changes
        "GET",                         "login  403    403    403    403    403    ok     ok",
        "POST",                        "login  403    403    403    403    403    403    ok"),
    "reports:impact": (
        "GET",                         "login  403    403    403    403    403    ok     ok",
        "POST",                        "login  403    403    403    403    403    403    405"),
    "reports:impact_reports": (
        "GET",                         "login  403    403    403    403    403    ok     ok",
        "POST",                        "login  403    403    403    403    403    403    405"),
    "reports:impact_csv": (
        "GET",                         "login  403    403    403    403    403    ok     ok",
        "POST",                        "login  403    403    403    403    403    403    405"),
    # Privacy ------------------------------------------------------------------------------
    "privacy:overview": (
        "GET",                         "login  ok     ok     ok     ok     ok     ok     ok",
        "POST",                        "login  405    405    405    405    405    405    405"),
    "privacy:download": (
        "GET",                         "login  ok     ok     ok     ok     ok     ok     ok",
        "POST",                        "login  405    405    405    405    405    405    405"),
    "privacy:delete_account": (
        "GET",                         "login  ok     ok     ok     ok     ok     ok     ok",
        "POST",                        "login  ok     ok     ok     ok     ok     ok     ok"),
}
# fmt: on

CODES = {"redir": "redirect"}


def expected_cells(key: str) -> dict[tuple[str, str], str]:
    get_label, get_row, post_label, post_row = EXPECTED[key]
    assert (get_label, post_label) == ("GET", "POST"), key
    cells = {}
    for method, row in (("GET", get_row), ("POST", post_row)):
        codes = row.split()
        assert len(codes) == len(ROLES), f"{key} {method}: {len(codes)} codes for {len(ROLES)}"
        for role, code in zip(ROLES, codes, strict=True):
            cells[(method, role)] = CODES.get(code, code)
    return cells


def base_name(key: str) -> str:
    return key.split(" [", 1)[0]


def url_for(key: str, kwargs: dict) -> str:
    return reverse(base_name(key), kwargs=kwargs.get(key, {}))


def mismatches(world, keys) -> list[str]:
    kwargs = url_kwargs(world)
    clients = signed_in_clients(world.people)
    found = []
    for key in keys:
        url = url_for(key, kwargs)
        for (method, role), want in expected_cells(key).items():
            got = outcome(request_with(clients[role], method, url))
            if got != want:
                found.append(f"{key} ({url}) {method} as {role}: expected {want}, got {got}")
    return found


# The tests ---------------------------------------------------------------------------------


def test_every_url_pattern_has_a_row_in_the_table():
    missing = sorted({route.name for route in named_routes()} - set(EXPECTED))
    assert missing == [], (
        "URL patterns with no row in the permission matrix (add one to EXPECTED in "
        f"tests/security/test_permission_matrix.py, saying who may use them): {missing}"
    )


def test_every_row_names_a_url_pattern_that_exists():
    names = {route.name for route in named_routes()}
    stale = sorted(key for key in EXPECTED if base_name(key) not in names)
    assert stale == [], f"Rows for URL patterns that no longer exist: {stale}"


@pytest.mark.django_db
def test_every_url_with_parameters_has_real_objects_to_fill_them():
    kwargs = url_kwargs(build_world())
    needs = {route.name for route in named_routes() if route.params}
    lacking = sorted(key for key in EXPECTED if base_name(key) in needs and key not in kwargs)
    assert lacking == [], f"Give these URLs objects in tests/security/matrix_objects.py: {lacking}"


# Every cell of the table is requested by tests/security/test_crawler.py, which also reads
# the bodies and checks that refusals write nothing.


@pytest.mark.django_db
def test_the_matrix_catches_a_view_that_forgets_its_owner_check(monkeypatch):
    """A stand-in for a view whose author forgot to look the application up among the
    person's own: the matrix must report every role that could now read it."""

    def forgetful_detail(request, pk):
        application = get_object_or_404(Application, pk=pk)  # no owner check
        return HttpResponse(application.title)

    route = _pattern_named("grants", "application_detail")
    monkeypatch.setattr(route, "callback", forgetful_detail)
    world = build_world()

    found = mismatches(world, ["grants:application_detail"])

    where = f"grants:application_detail (/applications/{world.draft.pk}/)"
    assert found == [
        f"{where} GET as anonymous: expected login, got ok",
        *[f"{where} GET as {role}: expected 404, got ok" for role in ROLES[2:]],
        f"{where} POST as anonymous: expected login, got ok",
        *[f"{where} POST as {role}: expected 405, got ok" for role in ROLES[1:]],
    ]


def _pattern_named(namespace: str, name: str):
    resolver = get_resolver()
    for entry in resolver.url_patterns:
        if getattr(entry, "namespace", None) == namespace:
            for pattern in entry.url_patterns:
                if getattr(pattern, "name", None) == name:
                    return pattern
    raise LookupError(f"{namespace}:{name}")
