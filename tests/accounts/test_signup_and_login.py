import pytest
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role, has_role
from notifications.models import Email
from tests.factories import TEST_PASSWORD, UserFactory

SIGNUP = {
    "email": "New.Person@Example.org",
    "full_name": "New Person",
    "credentials": "LMT, licence 1234",
    "city": "Asheville",
    "region": "NC",
    "country": "USA",
    "listing": "PP-77",
    "phone": "",
    "password1": "calm-hands-and-kind-words",
    "password2": "calm-hands-and-kind-words",
}


@pytest.mark.django_db
def test_signup_creates_an_unconfirmed_applicant_and_emails_a_link(client, mailoutbox):
    response = client.post(reverse("accounts:signup"), SIGNUP)

    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    user = User.objects.get()
    assert user.email == "new.person@example.org"
    assert user.full_name == "New Person"
    assert user.listing == "PP-77"
    assert user.email_verified_at is None
    assert has_role(user, Role.APPLICANT)
    assert not has_role(user, Role.REVIEWER)
    assert mailoutbox[0].to == ["new.person@example.org"]
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_signup_with_a_taken_email_answers_the_same_and_emails_the_owner(client, mailoutbox):
    """The finding: sign-up said "An account with this email already exists"."""
    owner = UserFactory(email="taken@example.org")

    taken = client.post(reverse("accounts:signup"), {**SIGNUP, "email": "TAKEN@example.org"})
    fresh = client.post(reverse("accounts:signup"), {**SIGNUP, "email": "free@example.org"})

    assert taken.status_code == fresh.status_code == 200
    assert taken.content.decode().replace("taken@example.org", "X") == (
        fresh.content.decode().replace("free@example.org", "X")
    )
    assert User.objects.filter(email__iexact="taken@example.org").get() == owner
    assert Email.objects.get(recipient=owner).subject == (
        "Your account: someone tried to sign up with this address"
    )
    assert not any("taken@example.org" in m.to for m in mailoutbox if "confirm" in m.subject)


@pytest.mark.django_db
def test_signup_with_mismatched_passwords_keeps_what_was_typed(client):
    response = client.post(
        reverse("accounts:signup"), {**SIGNUP, "password2": "different-one-entirely"}
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert User.objects.count() == 0
    assert 'value="New Person"' in body
    assert 'value="LMT, licence 1234"' in body
    assert "The two passwords are different" in body
    assert 'aria-invalid="true"' in body


@pytest.mark.django_db
def test_signup_refuses_a_weak_password(client):
    response = client.post(
        reverse("accounts:signup"), {**SIGNUP, "password1": "12345678", "password2": "12345678"}
    )

    assert response.status_code == 200
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_login_by_email_in_any_case(client):
    UserFactory(email="alma@example.org")

    response = client.post(
        reverse("accounts:login"), {"username": "ALMA@example.org", "password": TEST_PASSWORD}
    )

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(reverse("accounts:profile")).status_code == 200


@pytest.mark.django_db
def test_login_with_a_wrong_password_says_what_to_do(client):
    UserFactory(email="alma@example.org")

    response = client.post(
        reverse("accounts:login"), {"username": "alma@example.org", "password": "wrong-password"}
    )

    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()


@pytest.mark.django_db
def test_logout_ends_the_session(client):
    user = UserFactory()
    client.force_login(user)

    client.post(reverse("accounts:logout"))

    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_password_reset_sends_a_link_that_works(client, mailoutbox):
    UserFactory(email="alma@example.org")

    client.post(reverse("accounts:password_reset"), {"email": "alma@example.org"})

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["alma@example.org"]
    assert message.subject == "Reset your S4OM Grants password"
    link = next(line for line in message.body.splitlines() if "/accounts/password/reset/" in line)
    path = link.split("testserver", 1)[1].strip()
    follow = client.get(path, follow=True)
    assert "Choose a new password" in follow.content.decode()


@pytest.mark.django_db
def test_profile_saves_practitioner_fields(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("accounts:profile"),
        {
            "full_name": "Alma Changed",
            "credentials": "LMT, CMT",
            "city": "Boone",
            "region": "NC",
            "country": "USA",
            "listing": "https://s4om.example/pp/1",
            "phone": "555-0100",
            "wants_reminders": "",
        },
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.city, user.listing, user.wants_reminders) == (
        "Alma Changed",
        "Boone",
        "https://s4om.example/pp/1",
        False,
    )
