"""Every (transition, source state, role): allowed ones succeed and are audited, the
rest are refused and change nothing."""

from decimal import Decimal

import pytest
from django.forms.models import model_to_dict

from grants import services
from grants.models import Application, ApplicationEvent, TransitionRefused
from grants.workflow import State
from tests.factories import ApplicationFactory, AssignmentFactory, force_state

OFFICE = {"board", "staff"}
# transition -> (source states it may start from, roles that may take it, target)
ALLOWED = {
    "submit": ({State.DRAFT}, {"owner"}, State.SUBMITTED),
    "withdraw": ({State.DRAFT, State.SUBMITTED, State.UNDER_REVIEW}, {"owner"}, State.WITHDRAWN),
    "return_for_changes": ({State.SUBMITTED}, OFFICE, State.DRAFT),
    "start_review": ({State.SUBMITTED}, OFFICE, State.UNDER_REVIEW),
    "complete_review": ({State.UNDER_REVIEW}, OFFICE, State.REVIEWED),
    "award": ({State.REVIEWED, State.WAITLISTED}, {"board"}, State.AWARDED),
    "waitlist": ({State.REVIEWED}, {"board"}, State.WAITLISTED),
    "decline": ({State.REVIEWED, State.WAITLISTED}, {"board"}, State.DECLINED),
}
ARGUMENTS = {
    "submit": {},
    "withdraw": {"note": "My plans changed."},
    "return_for_changes": {"note": "Please add the course quote."},
    "start_review": {"note": ""},
    "complete_review": {"note": "Forced: one reviewer dropped out."},
    "award": {"amount": Decimal("1000.00"), "note": "A strong, clear plan."},
    "waitlist": {"note": "If money is left."},
    "decline": {"note": "Outside this cycle's purpose."},
}
ROLES = ["owner", "other_applicant", "reviewer", "board", "staff"]
CASES = [(name, state, role) for name in ALLOWED for state in State for role in ROLES]


@pytest.fixture
def people(applicant, other_applicant, reviewer, board_member, staff_member):
    return {
        "owner": applicant,
        "other_applicant": other_applicant,
        "reviewer": reviewer,
        "board": board_member,
        "staff": staff_member,
    }


def _snapshot(application: Application) -> dict:
    application.refresh_from_db()
    return model_to_dict(application)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "state", "role"), CASES)
def test_transition_by_state_and_role(name, state, role, people):
    application = ApplicationFactory(applicant=people["owner"])
    AssignmentFactory(application=application, reviewer=people["reviewer"])
    force_state(application, state)
    sources, roles, target = ALLOWED[name]
    actor = people[role]
    before = _snapshot(application)

    if state in sources and role in roles:
        getattr(services, name)(application, by=actor, **ARGUMENTS[name])

        application.refresh_from_db()
        assert application.state == target
        events = list(
            ApplicationEvent.objects.filter(application=application).values_list(
                "actor_id", "name", "source", "target", "note"
            )
        )
        expected_note = ARGUMENTS[name].get("note", "")
        assert events == [(actor.pk, name, state.value, target.value, expected_note)]
    else:
        with pytest.raises(TransitionRefused) as refused:
            getattr(services, name)(application, by=actor, **ARGUMENTS[name])

        assert refused.value.reasons
        assert _snapshot(application) == before
        assert ApplicationEvent.objects.filter(application=application).count() == 0


@pytest.mark.django_db
def test_refusal_for_the_wrong_person_says_not_allowed(applicant, other_applicant):
    application = ApplicationFactory(applicant=applicant)

    with pytest.raises(TransitionRefused) as refused:
        services.submit(application, by=other_applicant)

    assert refused.value.reasons == [services.NOT_ALLOWED]


@pytest.mark.django_db
def test_refusal_for_the_wrong_state_names_the_state(applicant):
    application = force_state(ApplicationFactory(applicant=applicant), State.AWARDED)

    with pytest.raises(TransitionRefused) as refused:
        services.withdraw(application, by=applicant, note="Changed my mind")

    assert refused.value.reasons == ["You cannot withdraw an application that is awarded."]


@pytest.mark.django_db
def test_submitting_an_incomplete_draft_lists_what_is_missing_by_name(applicant):
    application = ApplicationFactory(
        applicant=applicant, title="", summary="  ", eligibility_confirmed=False
    )

    with pytest.raises(TransitionRefused) as refused:
        services.submit(application, by=applicant)

    assert refused.value.missing == ["Title", "Summary", "Eligibility confirmation"]
    assert refused.value.reasons == [
        "Your application is not complete yet.",
        "Still missing: Title; Summary; Eligibility confirmation.",
    ]
    application.refresh_from_db()
    assert application.state == State.DRAFT


@pytest.mark.django_db
def test_submit_refuses_a_budget_that_does_not_add_up(applicant):
    application = ApplicationFactory(
        applicant=applicant,
        amount_requested=Decimal("1200.00"),
        budget=[("Course fee", Decimal("900.00")), ("Travel", Decimal("200.00"))],
    )

    with pytest.raises(TransitionRefused) as refused:
        services.submit(application, by=applicant)

    assert refused.value.missing == [
        "Budget: the line items add up to 1100.00, but the amount requested is 1200.00"
    ]


@pytest.mark.django_db
def test_return_for_changes_needs_a_message(applicant, staff_member):
    application = force_state(ApplicationFactory(applicant=applicant), State.SUBMITTED)

    with pytest.raises(TransitionRefused) as refused:
        services.return_for_changes(application, by=staff_member, note="  ")

    assert refused.value.reasons == ["Write a message telling the applicant what to change."]
    application.refresh_from_db()
    assert application.state == State.SUBMITTED


@pytest.mark.django_db
def test_award_more_than_requested_is_refused(applicant, board_member):
    application = force_state(ApplicationFactory(applicant=applicant), State.REVIEWED)

    with pytest.raises(TransitionRefused) as refused:
        services.award(application, by=board_member, amount=Decimal("1200.01"))

    assert refused.value.reasons == [
        "The award (1200.01) cannot be more than the amount requested (1200.00)."
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-5"), "lots", None])
def test_award_of_nothing_or_nonsense_is_refused(applicant, board_member, amount):
    application = force_state(ApplicationFactory(applicant=applicant), State.REVIEWED)

    with pytest.raises(TransitionRefused):
        services.award(application, by=board_member, amount=amount)

    application.refresh_from_db()
    assert application.state == State.REVIEWED
    assert application.awarded_amount is None


@pytest.mark.django_db
def test_award_beyond_the_remaining_budget_is_refused(applicant, other_applicant, board_member):
    first = force_state(
        ApplicationFactory(
            applicant=applicant,
            amount_requested=Decimal("2500.00"),
            budget=[("Course", Decimal("2500.00"))],
        ),
        State.REVIEWED,
    )
    cycle = first.cycle
    cycle.total_budget = Decimal("3000.00")
    cycle.save()
    second = force_state(
        ApplicationFactory(
            applicant=other_applicant,
            cycle=cycle,
            amount_requested=Decimal("1000.00"),
            budget=[("Course", Decimal("1000.00"))],
        ),
        State.REVIEWED,
    )
    services.award(first, by=board_member, amount=Decimal("2500.00"))

    with pytest.raises(TransitionRefused) as refused:
        services.award(second, by=board_member, amount=Decimal("1000.00"))

    assert refused.value.reasons == [
        "The award (1000.00) is more than the budget left (500.00 USD): 2,500.00 USD of "
        "the 3,000.00 USD budget is committed."
    ]
    assert services.remaining_budget(cycle) == Decimal("500.00")


@pytest.mark.django_db
def test_a_decision_on_a_stale_page_is_refused(applicant, board_member):
    application = force_state(ApplicationFactory(applicant=applicant), State.REVIEWED)
    stale = Application.objects.get(pk=application.pk)
    services.decline(application, by=board_member, note="No")

    with pytest.raises(TransitionRefused) as refused:
        services.award(stale, by=board_member, amount=Decimal("100.00"))

    assert "just decided by" in refused.value.reasons[0]
    application.refresh_from_db()
    assert application.state == State.DECLINED
