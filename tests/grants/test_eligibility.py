"""A cycle can be only for verified Preferred Practitioners: an unverified applicant
writes drafts as usual, sees why they cannot submit yet and how to be verified, and the
server refuses their submission."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts import services as accounts
from accounts.roles import Role
from grants import services
from grants.models import ApplicationEvent, TransitionRefused
from grants.workflow import State
from tests import factories

NOT_VERIFIED = (
    "Your listing as an S4OM Preferred Practitioner has not been verified yet, and this "
    "cycle is only for verified Preferred Practitioners. Your draft is kept. "
)
WAIT_FOR_OFFICE = (
    "The grants office checks listings against the society's directory; you can submit as "
    "soon as yours is verified."
)
ADD_LISTING = (
    "Add your listing ID or the web address of your listing to your profile, so the grants "
    "office can check it against the society's directory."
)


@pytest.fixture
def practitioner(db):
    return factories.UserFactory(roles=[Role.APPLICANT], listing="PP-1042")


@pytest.fixture
def strict_cycle(db):
    return factories.CycleFactory(requires_verified_practitioner=True)


@pytest.mark.django_db
def test_an_unverified_applicant_cannot_submit_where_verification_is_required(
    practitioner, strict_cycle
):
    draft = factories.ApplicationFactory(cycle=strict_cycle, applicant=practitioner)

    with pytest.raises(TransitionRefused) as refused:
        services.submit(draft, by=practitioner)

    assert refused.value.reasons == [NOT_VERIFIED + WAIT_FOR_OFFICE]
    draft.refresh_from_db()
    assert draft.state == State.DRAFT
    assert draft.submitted_at is None
    assert not ApplicationEvent.objects.filter(application=draft).exists()


@pytest.mark.django_db
def test_without_a_listing_the_refusal_says_to_add_one(strict_cycle):
    person = factories.UserFactory(roles=[Role.APPLICANT], listing="")
    draft = factories.ApplicationFactory(cycle=strict_cycle, applicant=person)

    with pytest.raises(TransitionRefused) as refused:
        services.submit(draft, by=person)

    assert refused.value.reasons == [NOT_VERIFIED + ADD_LISTING]


@pytest.mark.django_db
def test_an_unverified_applicant_still_writes_and_saves_drafts(practitioner, strict_cycle):
    draft, created = services.create_draft(strict_cycle, by=practitioner)

    saved = services.save_draft(
        draft,
        by=practitioner,
        fields={"title": "Oncology massage course"},
    )

    assert created is True
    draft.refresh_from_db()
    assert draft.title == "Oncology massage course"
    assert saved.application.state == State.DRAFT


@pytest.mark.django_db
def test_a_verified_applicant_submits(practitioner, strict_cycle, staff_member):
    accounts.verify_practitioner(practitioner_id=practitioner.pk, by=staff_member)
    draft = factories.ApplicationFactory(cycle=strict_cycle, applicant=practitioner)

    services.submit(draft, by=practitioner)

    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED


@pytest.mark.django_db
def test_a_verification_removed_blocks_submitting_again(practitioner, strict_cycle, staff_member):
    accounts.verify_practitioner(practitioner_id=practitioner.pk, by=staff_member)
    accounts.unverify_practitioner(practitioner_id=practitioner.pk, by=staff_member)
    draft = factories.ApplicationFactory(cycle=strict_cycle, applicant=practitioner)

    with pytest.raises(TransitionRefused):
        services.submit(draft, by=practitioner)


@pytest.mark.django_db
def test_a_cycle_that_does_not_require_it_takes_unverified_applicants(practitioner):
    draft = factories.ApplicationFactory(applicant=practitioner)
    assert draft.cycle.requires_verified_practitioner is False

    services.submit(draft, by=practitioner)

    draft.refresh_from_db()
    assert draft.state == State.SUBMITTED


@pytest.mark.django_db
def test_the_check_page_says_why_and_offers_no_submit_button(client, practitioner, strict_cycle):
    draft = factories.ApplicationFactory(cycle=strict_cycle, applicant=practitioner)
    client.force_login(practitioner)

    response = client.get(reverse("grants:application_check", args=[draft.pk]))

    page = response.content.decode()
    assert response.context["eligibility_problem"] == NOT_VERIFIED + WAIT_FOR_OFFICE
    assert "has not been verified yet" in page
    assert 'href="/accounts/profile/">Your profile and listing</a>' in page
    assert "and your listing is verified." in page
    assert "Submit application</button>" not in page


@pytest.mark.django_db
def test_posting_submit_anyway_keeps_the_draft_and_says_why(client, practitioner, strict_cycle):
    draft = factories.ApplicationFactory(cycle=strict_cycle, applicant=practitioner)
    client.force_login(practitioner)

    response = client.post(reverse("grants:submit", args=[draft.pk]), {"confirm": "on"})

    assert response.status_code == 302
    assert response["Location"] == reverse("grants:application_check", args=[draft.pk])
    assert [str(m) for m in get_messages(response.wsgi_request)] == [NOT_VERIFIED + WAIT_FOR_OFFICE]
    draft.refresh_from_db()
    assert draft.state == State.DRAFT


@pytest.mark.django_db
def test_the_dashboard_tells_an_unverified_applicant_before_they_try(
    client, practitioner, strict_cycle
):
    factories.ApplicationFactory(cycle=strict_cycle, applicant=practitioner)
    factories.ApplicationFactory(applicant=practitioner)  # a cycle open to everyone
    client.force_login(practitioner)

    response = client.get(reverse("grants:dashboard"))

    problems = [entry["eligibility_problem"] for entry in response.context["entries"]]
    assert sorted(problems) == ["", NOT_VERIFIED + WAIT_FOR_OFFICE]
    assert response.content.decode().count("has not been verified yet") == 1


@pytest.mark.django_db
def test_the_profile_shows_the_verification_status(client, practitioner, staff_member):
    client.force_login(practitioner)
    before = client.get(reverse("accounts:profile")).content.decode()
    accounts.verify_practitioner(practitioner_id=practitioner.pk, by=staff_member)
    after = client.get(reverse("accounts:profile")).content.decode()

    assert "Your S4OM Preferred Practitioner listing is not verified yet." in before
    assert "Your S4OM Preferred Practitioner listing is verified." in after


@pytest.mark.django_db
def test_the_demo_open_cycle_requires_verification_and_its_applicant_is_verified():
    from demo.seeding import grants as grants_seed
    from demo.seeding.people import seed_people
    from notifications.models import Event, Notice

    context = {"people": seed_people()}
    grants_seed.seed(context)
    seed_people()  # idempotent: no second verification, no second notice

    people = context["people"]
    assert context["open_cycle"].requires_verified_practitioner is True
    assert context["closed_cycle"].requires_verified_practitioner is False
    assert people["applicant@example.org"].is_verified_practitioner is True
    assert people["applicant2@example.org"].is_verified_practitioner is False
    alma_draft, bea_draft = context["draft_applications"]
    assert bea_draft.eligibility_refusal() == NOT_VERIFIED + WAIT_FOR_OFFICE
    assert alma_draft.eligibility_refusal() == ""
    assert people["applicant@example.org"].listing_verifications.count() == 1
    staff_notices = Notice.objects.filter(
        user=people["staff@example.org"], event=Event.AWAITING_VERIFICATION
    )
    assert sorted(staff_notices.values_list("title", flat=True)) == [
        "Listing to verify: Bea Practitioner"
    ]


@pytest.mark.django_db
def test_the_cycle_page_says_it_is_only_for_verified_practitioners(client, strict_cycle):
    open_to_all = factories.CycleFactory()

    strict = client.get(reverse("grants:cycle_detail", args=[strict_cycle.slug]))
    relaxed = client.get(reverse("grants:cycle_detail", args=[open_to_all.slug]))

    sentence = "Only verified S4OM Preferred Practitioners can submit to this cycle."
    assert sentence in strict.content.decode()
    assert sentence not in relaxed.content.decode()


@pytest.mark.django_db
def test_an_incomplete_draft_hears_of_both_problems_at_once(practitioner, strict_cycle):
    draft = factories.ApplicationFactory(cycle=strict_cycle, applicant=practitioner, title="")

    with pytest.raises(TransitionRefused) as refused:
        services.submit(draft, by=practitioner)

    assert refused.value.reasons == [
        NOT_VERIFIED + WAIT_FOR_OFFICE,
        "Your application is not complete yet.",
        "Still missing: Title.",
    ]
