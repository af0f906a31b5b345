"""Hostile input to every form: no 500, nothing invalid stored, output escaped.

Each case posts values drawn by hypothesis (very long strings, any unicode, control
characters including NUL, HTML and script, spreadsheet formula prefixes, negative, huge
and malformed amounts, wrong types: a list where one value is expected, a field left
out) to one form as the person who may use it. Each example runs in a transaction that is
rolled back, so examples do not see each other's data. After each example:

- the response is not a server error;
- every stored row of the tool still passes its model validation, no amount is negative
  and no cycle has awarded more than its budget;
- the injected markup never comes back unescaped, neither in the response nor on the
  page that shows the value.

FUZZ_EXAMPLES sets the examples per form (default 30).
"""

import copy
import os
import re
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from accounts.models import User
from grants.models import Answer, Application, Attachment, BudgetLine, Cycle, CycleQuestion
from grants.services import remaining_budget
from grants.uploads import KINDS as UPLOAD_KINDS
from grants.workflow import State
from reviews.models import Assignment, KnownConflict, Review, Score
from tests import factories
from tests.security.matrix_objects import url_kwargs
from tests.security.urlwalk import signed_in_clients
from tests.security.world import build_world

MARKER = "<script>alert('fuzz')</script>"
HOSTILE_SAMPLES = [
    MARKER,
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "\x00",
    "nul\x00inside",
    "\x01\x02\x07\x1b[31m\x7f",
    "line\r\nbreak",
    '=HYPERLINK("http://evil.example","x")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1",
    "'; DROP TABLE accounts_user; --",
    "{{ request.user.password }}",
    "{% debug %}",
    "../../etc/passwd",
    "\u202egnp.exe",
    "\ufeffbom",
    "Zalgo z̷̡̛a̶l̷g̸o̵",
    "😀" * 300,
    "ａｂｃ１２３",  # noqa: RUF001 - full-width letters on purpose
    " ",
    "",
]
NUMBER_SAMPLES = [
    "-1",
    "-0.01",
    "0",
    "0.001",
    "1e308",
    "-1e308",
    "NaN",
    "Infinity",
    "-Infinity",
    "99999999999999999999999999.99",
    "1,2,3",
    "$-5",
    "1 200,50",
    "１２３",  # noqa: RUF001 - full-width digits on purpose
    "١٢٣",
    "0x10",
    "1_000",
    "12.3456789",
    "999999999999",
]

text = st.one_of(
    st.sampled_from(HOSTILE_SAMPLES),
    st.text(max_size=60),
    st.builds(
        lambda ch, n: ch * n,
        st.sampled_from(["a", "é", "<", "\x00", "💥"]),
        st.integers(1000, 12000),
    ),
    st.builds(lambda a, b: a + MARKER + b, st.text(max_size=10), st.text(max_size=10)),
)
number = st.one_of(
    st.sampled_from(NUMBER_SAMPLES),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True, places=None).map(str),
    text,
)
upload = st.builds(
    lambda name, head, body, tail, claimed: SimpleUploadedFile(
        name, head + body + tail, content_type=claimed
    ),
    name=st.one_of(
        st.sampled_from(
            [
                "quote.pdf",
                "letter.docx",
                "photo.jpg",
                "page.html.pdf",
                "../../etc/passwd",
                "setup.exe",
                "a" * 300 + ".pdf",
                "évidence.PDF",
                ".pdf",
                "<script>x</script>.pdf",
            ]
        ),
        st.text(min_size=1, max_size=40).filter(lambda n: "\x00" not in n and n.strip()),
    ),
    # The first bytes of real formats (and of things that are not documents).
    head=st.sampled_from(
        [b"%PDF-1.4\n", b"PK\x03\x04", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"<html>", b"MZ", b""]
    ),
    body=st.binary(max_size=3000),
    tail=st.sampled_from([b"", b"\n%%EOF\n"]),
    claimed=st.sampled_from(
        ["application/pdf", "text/html", "image/png", "application/x-msdownload"]
    ),
)
flag = st.one_of(st.sampled_from(["on", "", "true", "false", "1", "0", "yes"]), text)


def choice(*valid):
    return st.one_of(st.sampled_from([str(v) for v in valid]), text)


def anything(strategy):
    """A value as a browser would send it, or left out (None), or sent several times."""
    return st.one_of(strategy, strategy, st.none(), st.lists(strategy, min_size=2, max_size=3))


# The forms ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormCase:
    name: str
    url: str  # a key of tests.security.matrix_objects.url_kwargs, or a plain URL name
    role: str
    fields: object  # world -> {field name: strategy}
    method: str = "POST"
    then_get: str = ""  # a page that shows what was stored
    extra: dict = field(default_factory=dict)


def draft_fields(world):
    question = CycleQuestion.objects.filter(cycle=world.open_cycle).first()
    fields = {
        "title": text,
        "purpose": choice("professional_development", "community_service", "other"),
        "summary": text,
        "need_and_plan": text,
        "beneficiaries": text,
        "timeline": text,
        "amount_requested": number,
        "eligibility_confirmed": flag,
        "budget-TOTAL_FORMS": st.one_of(st.sampled_from(["0", "1", "2", "3"]), number),
        "budget-INITIAL_FORMS": st.one_of(st.just("0"), number),
        "budget-0-description": text,
        "budget-0-amount": number,
        "budget-0-DELETE": flag,
        "budget-1-description": text,
        "budget-1-amount": number,
        f"question-q{question.pk}": text,
        "next": choice("check", "save"),
    }
    return fields


def review_fields(world):
    criterion = world.criterion
    return {
        "action": choice("draft", "submit", "submit_next"),
        f"criterion_{criterion.pk}": choice(1, 2, 3, 4, 5, "na"),
        f"comment_{criterion.pk}": text,
        "overall_comment": text,
        "recommendation": choice("fund", "fund_with_changes", "do_not_fund"),
    }


def assignment_fields(world):
    ids = [str(a.pk) for a in Application.objects.filter(cycle=world.closed_cycle)]
    return {
        "reviewer": choice(world.unassigned_reviewer.pk, world.owner.pk, 0, -1),
        "applications": st.one_of(st.lists(choice(*ids), max_size=3), choice(*ids)),
    }


CASES = [
    FormCase(
        "signup",
        "accounts:signup",
        "anonymous",
        lambda w: {
            "email": st.one_of(st.emails().map(str), text),
            "full_name": text,
            "credentials": text,
            "city": text,
            "region": text,
            "country": text,
            "listing": text,
            "phone": text,
            "password1": st.one_of(st.just("calm-hands-and-kind-words"), text),
            "password2": st.one_of(st.just("calm-hands-and-kind-words"), text),
        },
    ),
    FormCase(
        "login",
        "accounts:login",
        "anonymous",
        lambda w: {"username": st.one_of(st.just("owner@example.org"), text), "password": text},
    ),
    FormCase("password reset", "accounts:password_reset", "anonymous", lambda w: {"email": text}),
    FormCase(
        "profile",
        "accounts:profile",
        "owner",
        lambda w: {
            "full_name": text,
            "credentials": text,
            "city": text,
            "region": text,
            "country": text,
            "listing": text,
            "phone": text,
            "wants_reminders": flag,
        },
        then_get="accounts:profile",
    ),
    FormCase(
        "password change",
        "accounts:password_change",
        "owner",
        lambda w: {"old_password": text, "new_password1": text, "new_password2": text},
    ),
    FormCase(
        "two-step setup code", "accounts:two_factor_setup", "owner", lambda w: {"token": text}
    ),
    FormCase(
        "two-step turn off", "accounts:two_factor_disable", "owner", lambda w: {"password": text}
    ),
    FormCase(
        "application draft with budget lines and questions",
        "grants:application_edit",
        "owner",
        draft_fields,
        then_get="grants:application_edit",
    ),
    FormCase(
        "application draft: a document upload",
        "grants:application_edit",
        "owner",
        lambda w: {"attachment-file": upload, "title": text},
        then_get="grants:application_edit",
    ),
    FormCase("submit", "grants:submit", "owner", lambda w: {"confirm": flag}),
    FormCase(
        "withdraw",
        "grants:withdraw",
        "owner",
        lambda w: {"note": text},
        then_get="grants:application_detail",
    ),
    FormCase("apply", "grants:apply", "other_applicant", lambda w: {"anything": text}),
    FormCase(
        "office: return for changes",
        "fresh:office_return",
        "staff",
        lambda w: {"note": text, "until": st.one_of(st.just("2099-01-01T10:00"), text, number)},
        then_get="fresh:office_application",
    ),
    FormCase(
        "office: extend the deadline",
        "grants:office_extend",
        "staff",
        lambda w: {"note": text, "until": st.one_of(st.just("2099-01-01T10:00"), text, number)},
    ),
    FormCase(
        "office: start review", "fresh:office_start_review", "board", lambda w: {"note": text}
    ),
    FormCase(
        "office: complete review", "fresh:office_complete_review", "board", lambda w: {"note": text}
    ),
    FormCase(
        "reviewer: conflict declaration",
        "undeclared:declare",
        "unassigned_reviewer",
        lambda w: {"answer": choice("conflict", "no_conflict"), "reason": text},
        then_get="undeclared:declare",
    ),
    FormCase(
        "reviewer: review form",
        "reviews:review",
        "assigned_reviewer",
        review_fields,
        then_get="reviews:review",
    ),
    FormCase("board: assign reviewers", "reviews:assignments", "board", assignment_fields),
    FormCase(
        "board: auto-assign",
        "reviews:auto_assign",
        "board",
        lambda w: {
            "seed": number,
            "max_per_reviewer": number,
            "exclude_applicants_in_cycle": flag,
            "fingerprint": text,
            "confirm": flag,
        },
    ),
    FormCase(
        "board: known conflict",
        "reviews:conflicts",
        "board",
        lambda w: {
            "reviewer": choice(w.assigned_reviewer.pk, 0, "x"),
            "applicant_email": st.one_of(st.just("other.applicant@example.org"), text),
            "reason": text,
        },
        then_get="reviews:conflicts",
    ),
    FormCase(
        "desk: decision",
        "decisions:decide",
        "board",
        lambda w: {
            "action": choice("award", "waitlist", "decline"),
            "amount": number,
            "note": text,
            "seen_state": choice("reviewed", "awarded", "draft"),
        },
        then_get="decisions:application",
    ),
    FormCase(
        "desk: bulk decision",
        "decisions:bulk",
        "board",
        lambda w: {
            "action": choice("waitlist", "decline", "award"),
            "selected": st.lists(choice(w.submitted.pk, 0, -1), max_size=3),
            "confirmed": flag,
            "item": st.lists(choice(f"{w.submitted.pk}:reviewed", "1:awarded"), max_size=2),
            "note": text,
        },
    ),
    FormCase("desk: release", "decisions:release", "board", lambda w: {"confirm_undecided": flag}),
    FormCase(
        "privacy: delete account",
        "privacy:delete_account",
        "owner",
        lambda w: {"password": text, "understood": flag},
    ),
    FormCase("inbox: mark read", "notifications:mark_read", "owner", lambda w: {"page": number}),
    # Query strings are input too.
    FormCase(
        "office list filters",
        "grants:office_applications",
        "staff",
        lambda w: {"state": choice("draft", "submitted"), "purpose": text, "page": number},
        method="GET",
    ),
    FormCase(
        "desk filters and sorting",
        "decisions:desk",
        "board",
        lambda w: {
            "state": text,
            "purpose": text,
            "sort": choice("rank", "title", "amount"),
            "dir": choice("asc", "desc"),
            "flagged": flag,
            "page": number,
        },
        method="GET",
    ),
    FormCase(
        "ranking order",
        "reviews:ranking",
        "board",
        lambda w: {"order": text, "page": number},
        method="GET",
    ),
    FormCase(
        "inbox page", "notifications:inbox", "owner", lambda w: {"page": number}, method="GET"
    ),
]


# The checks ---------------------------------------------------------------------------------

VALIDATED = [
    (User, ["password"]),
    # The state is protected (only transitions move it); checked against State below.
    (Application, ["state"]),
    (BudgetLine, []),
    (Answer, []),
    (Assignment, []),
    (Review, []),
    (Score, []),
    (KnownConflict, []),
]


def assert_stored_data_valid():
    for model, excluded in VALIDATED:
        # Keys are the database's to enforce; validating them here costs a query each.
        keys = [f.name for f in model._meta.concrete_fields if f.is_relation]
        exclude = [*excluded, *keys]
        for row in model.objects.all():
            # Field validators only: the database itself enforces the constraints.
            row.clean_fields(exclude=exclude)
    assert not Application.objects.exclude(state__in=State.values).exists()
    assert not BudgetLine.objects.filter(amount__lte=0).exists()
    assert not Application.objects.filter(amount_requested__lte=0).exists()
    for cycle in Cycle.objects.all():
        assert remaining_budget(cycle) >= 0, f"{cycle} awarded more than its budget"
    for attachment in Attachment.objects.all():
        assert attachment.content_type in UPLOAD_KINDS, attachment.content_type
        assert 0 < attachment.size <= settings.ATTACHMENT_MAX_BYTES
        assert re.fullmatch(r"attachments/[0-9a-f]{32}", attachment.file.name), attachment.file.name
        assert not set(attachment.original_name) & {"/", "\\", "\x00"}, attachment.original_name
    for app in Application.objects.exclude(unsaved_input={}):
        assert "\x00" not in repr(app.unsaved_input)


def assert_escaped(response):
    if "html" not in response.get("Content-Type", ""):
        return
    body = response.content.decode("utf-8", errors="replace")
    assert MARKER not in body, "injected markup came back unescaped"
    assert "<img src=x onerror" not in body
    assert "<svg onload" not in body


def extra_objects(world) -> dict:
    """Objects in the state each form needs (a submitted application for the office, an
    assignment still waiting for its conflict declaration)."""
    fresh = factories.ApplicationFactory(cycle=world.closed_cycle, title="Fresh submission")
    fresh = factories.force_state(
        fresh, "submitted", submitted_at=timezone.now() - timedelta(days=11)
    )
    return {
        "fresh:office_return": ("grants:office_return", {"pk": fresh.pk}),
        "fresh:office_application": ("grants:office_application", {"pk": fresh.pk}),
        "fresh:office_start_review": ("grants:office_start_review", {"pk": fresh.pk}),
        "fresh:office_complete_review": ("grants:office_complete_review", {"pk": fresh.pk}),
        "undeclared:declare": (
            "reviews:declare",
            {"pk": world.unassigned_reviewer_assignment.pk},
        ),
    }


def resolve(key, world, kwargs, extras) -> str:
    if key in extras:
        name, params = extras[key]
        return reverse(name, kwargs=params)
    return reverse(key.split(" [")[0], kwargs=kwargs.get(key, {}))


def encoded(values: dict) -> dict:
    return {name: value for name, value in values.items() if value is not None}


EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "30"))


@pytest.fixture
def world(db):
    return build_world()


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
@hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
@given(data=st.data())
def test_hostile_input_is_refused_or_stored_safely(world, case, data):
    if not hasattr(world, "_fuzz"):
        world._fuzz = (
            url_kwargs(world),
            extra_objects(world),
            signed_in_clients(world.people),
        )
    kwargs, extras, clients = world._fuzz
    client = clients[case.role]
    url = resolve(case.url, world, kwargs, extras)
    values = encoded(
        data.draw(
            st.fixed_dictionaries(
                {name: anything(strategy) for name, strategy in case.fields(world).items()}
            )
        )
    )
    saved_cookies = copy.deepcopy(client.cookies)
    try:
        with transaction.atomic():
            send = client.get if case.method == "GET" else client.post
            response = send(url, values)
            assert response.status_code < 500, f"{case.name}: {response.status_code}"
            assert_escaped(response)
            assert_stored_data_valid()
            if case.then_get:
                shown = client.get(resolve(case.then_get, world, kwargs, extras))
                assert shown.status_code < 500
                assert_escaped(shown)
            transaction.set_rollback(True)
    finally:
        client.cookies = saved_cookies


def test_the_escaping_check_sees_injected_markup():
    from django.http import HttpResponse

    with pytest.raises(AssertionError):
        assert_escaped(HttpResponse(f"<p>{MARKER}</p>"))
    assert_escaped(HttpResponse("<p>&lt;script&gt;alert(&#x27;fuzz&#x27;)&lt;/script&gt;</p>"))
