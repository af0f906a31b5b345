"""Email verification at sign-up: the emailed link confirms the address; until then the
person may write drafts but not submit."""

import pytest
from django.urls import reverse

from accounts import email_verification
from accounts.models import SecurityEvent, SecurityEventKind, User
from accounts.services import register_applicant
from grants import services as grant_services
from grants.models import TransitionRefused
from grants.workflow import State
from tests.accounts.test_signup_and_login import SIGNUP
from tests.accounts.test_two_factor import emailed_path
from tests.factories import ApplicationFactory, UserFactory


def unconfirmed_applicant(**kwargs):
    return register_applicant(
        email=kwargs.pop("email", "new@example.org"),
        full_name="New Person",
        password="calm-hands-and-kind-words",
        **kwargs,
    )


@pytest.mark.django_db
def test_the_emailed_link_confirms_the_address_once_and_is_audited(client, mailoutbox):
    client.post(reverse("accounts:signup"), SIGNUP)
    link = emailed_path(mailoutbox[0])

    first = client.get(link)
    client.get(link)

    user = User.objects.get()
    assert first.url == reverse("accounts:login")
    assert user.email_verified_at is not None
    assert list(SecurityEvent.objects.filter(user=user).values_list("kind", flat=True)) == [
        SecurityEventKind.EMAIL_VERIFIED
    ]


@pytest.mark.django_db
def test_a_forged_or_foreign_link_confirms_nothing(client):
    user = unconfirmed_applicant()
    other = unconfirmed_applicant(email="other@example.org")
    token_for_other = email_verification.make_token("verify-email", other.pk, user.email)

    client.get(reverse("accounts:verify_email", kwargs={"token": "forged"}))
    client.get(reverse("accounts:verify_email", kwargs={"token": token_for_other}))

    user.refresh_from_db()
    other.refresh_from_db()
    assert (user.email_verified_at, other.email_verified_at) == (None, None)


@pytest.mark.django_db
def test_an_unconfirmed_applicant_keeps_a_draft_but_cannot_submit():
    user = unconfirmed_applicant()
    draft = ApplicationFactory(applicant=user)

    with pytest.raises(TransitionRefused) as refused:
        grant_services.submit(draft, by=user)

    draft.refresh_from_db()
    assert draft.state == State.DRAFT
    assert str(refused.value) == email_verification.SUBMIT_REFUSAL


@pytest.mark.django_db
def test_the_submit_page_refuses_an_unconfirmed_applicant_in_plain_words(client):
    user = unconfirmed_applicant()
    draft = ApplicationFactory(applicant=user)
    client.force_login(user)

    response = client.post(
        reverse("grants:submit", args=[draft.pk]), {"confirm": "on"}, follow=True
    )

    draft.refresh_from_db()
    assert draft.state == State.DRAFT
    assert "Please confirm your email address before you submit" in response.content.decode()


@pytest.mark.django_db
def test_once_confirmed_the_applicant_submits(client, mailoutbox):
    user = unconfirmed_applicant()
    draft = ApplicationFactory(applicant=user)
    client.force_login(user)
    client.post(reverse("accounts:verify_email_resend"))
    client.get(emailed_path(mailoutbox[-1]))

    grant_services.submit(draft, by=User.objects.get(pk=user.pk))

    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED


@pytest.mark.django_db
def test_staff_demo_and_test_accounts_count_as_confirmed():
    assert email_verification.is_verified(UserFactory())
    assert email_verification.is_verified(User.objects.create_user("x@example.org", "pw"))


@pytest.mark.django_db
def test_register_applicant_takes_plain_keyword_values_not_a_form():
    with pytest.raises(TypeError):
        register_applicant(form=object())  # the old signature
    with pytest.raises(TypeError):
        register_applicant("a@example.org", "A", "pw")
