"""The permission matrix's treasurer column: every named URL, GET and POST, requested as a
person who holds only the Treasurer role, in the matrix's world (tests.security.world).

The treasurer is, everywhere but the money pages, a signed-in person with no other role:
each URL's outcome must equal the matrix's "other_applicant" cell (an applicant with no
application of their own in play), unless TREASURER below says otherwise, with the
reason. A new URL is so checked for the treasurer the day its matrix row is written.
The treasurer's pages on an accepted award (record a payment, read the signed agreement,
payee details) are in tests/payments/test_access.py; the world's award is only submitted.
"""

import pytest
from django.test import Client

from accounts.roles import Role
from tests import factories
from tests.security.matrix_objects import url_kwargs
from tests.security.test_permission_matrix import CODES, EXPECTED, expected_cells, url_for
from tests.security.urlwalk import outcome, request_with
from tests.security.world import build_world

LIKE = "other_applicant"

# fmt: off
#                          GET       POST
TREASURER = {
    # No draft of her own in the open cycle: the page to start one (the other applicant
    # is sent to theirs).
    "grants:apply":          ("ok",    "redirect"),
    # The results (without review details) and the payments, as staff download them.
    "decisions:export_xlsx": ("ok",    "405"),
    "decisions:export_csv":  ("ok",    "405"),
    "payments:awards":       ("ok",    "405"),
    "payments:export_csv":   ("ok",    "405"),
    "payments:export_xlsx":  ("ok",    "405"),
    # The world's award is submitted, not accepted: not a payable award, a 404 (the
    # treasurer may use the page; there is nothing there to pay).
    "payments:award":        ("404",   "404"),
}
# fmt: on


def test_every_treasurer_row_names_a_matrix_row():
    assert sorted(set(TREASURER) - set(EXPECTED)) == []


@pytest.mark.django_db
def test_the_treasurer_gets_what_the_matrix_says():
    world = build_world()
    kwargs = url_kwargs(world)
    treasurer = factories.UserFactory(
        full_name="Tia Treasurer", email="treasurer@example.org", roles=[Role.TREASURER]
    )
    client = Client()
    client.force_login(treasurer)
    found = []
    for key in EXPECTED:
        url = url_for(key, kwargs)
        cells = expected_cells(key)
        for index, method in enumerate(("GET", "POST")):
            if key in TREASURER:
                want = CODES.get(TREASURER[key][index], TREASURER[key][index])
            else:
                want = cells[(method, LIKE)]
            got = outcome(request_with(client, method, url))
            if got != want:
                found.append(f"{key} ({url}) {method} as the treasurer: expected {want}, got {got}")
    assert found == []
