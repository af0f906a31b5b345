"""The letter catalogue and the cycle's own texts: defaults that say what the fixed
letters said, placeholders checked on save with a plain message, and the admin where staff
edit them with the cycle (the typed text kept on an error)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.roles import Role, declared_role_permissions
from grants.letters import (
    CATALOGUE,
    Comment,
    LetterKind,
    compose,
    cycle_text,
    letter_values,
    release_kind,
)
from grants.models import CycleLetter
from grants.workflow import State
from tests.factories import ApplicationFactory, CycleFactory, force_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def award(applicant):
    cycle = CycleFactory(title="Spring 2027")
    application = ApplicationFactory(
        cycle=cycle,
        applicant=applicant,
        title="Lymphedema course",
        amount_requested=Decimal("1700.00"),
    )
    return force_state(application, State.AWARDED, awarded_amount=Decimal("1000.00"))


def filled(application, kind, **extra):
    return compose(application.cycle, kind, letter_values(application, **extra))


def test_the_catalogue_has_the_seven_letters_of_the_issue():
    assert list(CATALOGUE) == [
        LetterKind.AWARD,
        LetterKind.PARTIAL_AWARD,
        LetterKind.WAITLIST,
        LetterKind.DECLINE,
        LetterKind.OFFER_TO_NEXT,
        LetterKind.CORRECTION,
        LetterKind.RESCIND,
    ]
    for spec in CATALOGUE.values():
        assert {"name", "title", "cycle"} <= set(spec.placeholders)


def test_default_letters_say_what_the_fixed_templates_said(award):
    full = filled(award, LetterKind.AWARD)
    assert full.subject == "Your grant is awarded: Lymphedema course — Spring 2027"
    assert (
        'The board has awarded your application "Lymphedema course" in Spring 2027 a grant of '
        "**1,000.00 USD**." in full.text
    )
    assert "accept the award (or decline it) on the grants site" in full.text
    assert "what we ask you to report afterwards" in full.text

    waitlist = filled(award, LetterKind.WAITLIST)
    assert (
        waitlist.subject == "Your application is on the waitlist: Lymphedema course — Spring 2027"
    )
    assert "on the waitlist" in waitlist.text
    assert "we will write to you straight away. You do not need to do anything now." in (
        waitlist.text
    )

    decline = filled(award, LetterKind.DECLINE)
    assert decline.subject == "Not funded this time: Lymphedema course — Spring 2027"
    assert "the board could not fund it this time" in decline.text
    assert "this decision is not a judgement of your work" in decline.text

    correction = filled(
        award, LetterKind.CORRECTION, previous_amount=Decimal("900.00"), reason="A typo."
    )
    assert correction.subject == "Your award amount has changed: Lymphedema course — Spring 2027"
    assert "- before: 900.00 USD\n- now: 1,000.00 USD (you asked for 1,700.00 USD)" in (
        correction.text
    )
    assert "<li>before: 900.00 USD</li>" in correction.html
    assert "The board's reason:\n\n> A typo." in correction.text

    rescind = filled(award, LetterKind.RESCIND, reason="Cancelled.")
    assert rescind.subject == "Your award is withdrawn: Lymphedema course — Spring 2027"
    assert "has withdrawn the award of **1,000.00 USD**" in rescind.text
    assert "<blockquote>\n<p>Cancelled.</p>\n</blockquote>" in rescind.html


def test_an_award_below_the_request_gets_the_partial_award_letter(award):
    assert release_kind(award) == LetterKind.PARTIAL_AWARD
    partial = filled(award, LetterKind.PARTIAL_AWARD)
    assert "1,000.00 USD of the 1,700.00 USD you asked for" in partial.text
    award.awarded_amount = Decimal("1700.00")
    assert release_kind(award) == LetterKind.AWARD
    others = {
        state: force_state(ApplicationFactory(cycle=award.cycle), state)
        for state in (State.DECLINED, State.WAITLISTED, State.REVIEWED)
    }
    assert [release_kind(app) for app in others.values()] == [
        LetterKind.DECLINE,
        LetterKind.WAITLIST,
        None,
    ]


def test_a_cycle_text_replaces_the_default_and_blank_parts_keep_it(award):
    CycleLetter.objects.create(cycle=award.cycle, kind="waitlist", subject="", body="Wait, {name}.")
    subject, body = cycle_text(award.cycle, LetterKind.WAITLIST)
    assert subject == CATALOGUE[LetterKind.WAITLIST].subject
    assert body == "Wait, {name}."
    assert cycle_text(award.cycle, LetterKind.DECLINE)[1] == CATALOGUE[LetterKind.DECLINE].body
    letter = filled(award, LetterKind.WAITLIST)
    assert letter.text == f"Wait, {award.applicant.get_full_name()}.\n"


def test_values_are_escaped_in_the_html_and_never_become_links(award):
    award.title = "[x](javascript:alert(1)) <script>"
    CycleLetter.objects.create(
        cycle=award.cycle, kind="rescind", body="[Read more]({reason}) about {title}"
    )
    letter = filled(award, LetterKind.RESCIND, reason="javascript:alert(2)")
    assert "<script>" not in letter.html
    assert "javascript:" not in letter.html.replace("[x](javascript:alert(1))", "")
    assert "&lt;script&gt;" in letter.html


def test_comments_are_values_too(award):
    comments = [Comment(heading="Reviewer 1", text="**Loud** <i>x</i>\nsecond line")]
    letter = compose(award.cycle, LetterKind.DECLINE, letter_values(award), comments=comments)
    assert "What the reviewers wrote" in letter.text
    assert "**Reviewer 1**\n\n**Loud** <i>x</i>\nsecond line" in letter.text
    assert "<p>**Loud** &lt;i&gt;x&lt;/i&gt;<br>\nsecond line</p>" in letter.html


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("body", "Dear {nmae},", "These placeholders are not known here: {nmae}."),
        ("body", "Before {previous_amount}", "These placeholders are not known here: "),
        (
            "subject",
            "{title.__class__}",
            "These placeholders are not known here: {title.__class__}",
        ),
        ("body", "Dear {name, welcome", "A “{” or “}” has no partner"),
        ("subject", "Hello name}", "A “{” or “}” has no partner"),
    ],
)
def test_unknown_or_malformed_placeholders_are_refused_naming_the_allowed_ones(
    award, field, text, message
):
    letter = CycleLetter(cycle=award.cycle, kind="award", **{field: text})
    with pytest.raises(ValidationError) as refused:
        letter.full_clean()
    errors = refused.value.message_dict[field]
    assert any(message in error for error in errors)
    assert (
        "The award letter may use: {name}, {title}, {cycle}, {purpose}, {requested}, {amount}, "
        "{accept_by}." in errors
    )


def test_the_correction_letter_allows_the_previous_amount_and_the_reason(award):
    CycleLetter(
        cycle=award.cycle, kind="correction", body="{previous_amount} to {amount}: {reason}"
    ).full_clean()


def test_staff_may_edit_letters(award):
    staff = set(declared_role_permissions()[Role.STAFF])
    assert {"grants.add_cycleletter", "grants.change_cycleletter"} <= staff


# The admin, where staff edit the cycle --------------------------------------------------


def cycle_form(cycle, letters: list[dict]) -> dict:
    data = {
        "title": cycle.title,
        "slug": cycle.slug,
        "description": cycle.description,
        "eligibility": cycle.eligibility,
        "opens_at_0": cycle.opens_at.strftime("%Y-%m-%d"),
        "opens_at_1": cycle.opens_at.strftime("%H:%M:%S"),
        "closes_at_0": cycle.closes_at.strftime("%Y-%m-%d"),
        "closes_at_1": cycle.closes_at.strftime("%H:%M:%S"),
        "time_zone": cycle.time_zone,
        "currency": cycle.currency,
        "total_budget": "10000.00",
        "max_request": "2500.00",
        "reviewers_per_application": "2",
        "blind_review": "on",
        "disagreement_spread": "25.00",
        "agreement_text": cycle.agreement_text,
        "questions-TOTAL_FORMS": "0",
        "questions-INITIAL_FORMS": "0",
        "letters-TOTAL_FORMS": str(len(letters)),
        "letters-INITIAL_FORMS": "0",
    }
    for number, letter in enumerate(letters):
        for key, value in letter.items():
            data[f"letters-{number}-{key}"] = value
    return data


def defaults_as_a_browser_sends_them():
    return [
        {
            "kind": kind.value,
            "subject": spec.subject,
            "body": spec.body.replace("\n", "\r\n"),
        }
        for kind, spec in CATALOGUE.items()
    ]


def test_the_admin_offers_every_letter_with_its_default_text(admin_client, award):
    page = admin_client.get(reverse("admin:grants_cycle_change", args=[award.cycle_id]))
    html = page.content.decode()
    assert 'name="letters-TOTAL_FORMS" value="7"' in html
    assert "Congratulations! The board has awarded your application" in html
    assert "Placeholders: {name}, {title}, {cycle}, {purpose}, {requested}, {amount}" in html
    assert 'name="agreement_text"' in html


def test_untouched_defaults_are_not_saved_and_an_edited_letter_is(admin_client, award):
    cycle = award.cycle
    letters = defaults_as_a_browser_sends_them()
    letters[3]["body"] = "Thank you, {name}.\r\n\r\nNot this time."
    url = reverse("admin:grants_cycle_change", args=[cycle.pk])

    response = admin_client.post(url, cycle_form(cycle, letters))

    assert response.status_code == 302
    saved = CycleLetter.objects.get(cycle=cycle)
    assert (saved.kind, saved.subject, saved.body) == (
        "decline",
        "",
        "Thank you, {name}.\n\nNot this time.",
    )


def test_a_bad_placeholder_in_the_admin_is_refused_and_the_text_kept(admin_client, award):
    cycle = award.cycle
    letters = defaults_as_a_browser_sends_them()
    letters[0]["body"] = "Dear {nmae}, you get {amount}."
    url = reverse("admin:grants_cycle_change", args=[cycle.pk])

    response = admin_client.post(url, cycle_form(cycle, letters))

    assert response.status_code == 200
    html = response.content.decode()
    assert "These placeholders are not known here: {nmae}." in html
    assert "The award letter may use: {name}" in html
    assert "Dear {nmae}, you get {amount}.</textarea>" in html
    assert not CycleLetter.objects.exists()


def test_a_new_cycle_starts_with_every_default_letter_offered(admin_client):
    html = admin_client.get(reverse("admin:grants_cycle_add")).content.decode()
    assert 'name="letters-TOTAL_FORMS" value="7"' in html
    assert "Good news! Money has become free in {cycle}" in html
