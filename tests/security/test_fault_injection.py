"""A failure in the middle of a use case leaves nothing half-applied.

Each test injects a fault at one step of a real use case: the audit write, the email
outbox or the inbox notice raises, the way a full disk, a lost connection or a bug
would. Afterwards the application's state, its audit trail, the outbox, the inbox and
the scheduled deliveries must be exactly as before.

Faults are injected with Django's own pre_save signal (the write raises before it
reaches the database) and, on PostgreSQL, with a real database trigger.
"""

from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection
from django.db.models.signals import pre_save
from django_fsm.signals import post_transition
from guardian.shortcuts import get_users_with_perms

from decisions import services as decisions
from grants import services as grant_services
from grants.models import Application, ApplicationEvent
from notifications.models import Email, Notice
from reviews import services as review_services
from reviews.models import Assignment, AssignmentStatus, Review
from reviews.services import ScoreInput
from tests import factories
from tests.security.world import build_world


@contextmanager
def failing_writes(model):
    """Every save of `model` raises inside this block."""

    def refuse(sender, instance, **kwargs):
        raise DatabaseError(f"injected: writing a {model.__name__} failed")

    uid = f"fault-injection-{model.__name__}"
    pre_save.connect(refuse, sender=model, dispatch_uid=uid, weak=False)
    try:
        yield
    finally:
        pre_save.disconnect(sender=model, dispatch_uid=uid)


def snapshot(application: Application) -> dict:
    row = Application.objects.values(
        "state", "submitted_at", "awarded_amount", "decided_by", "decided_at", "decision_note"
    ).get(pk=application.pk)
    return {
        "application": row,
        "events": list(
            ApplicationEvent.objects.filter(application=application).values_list("name", flat=True)
        ),
        "emails": Email.objects.count(),
        "notices": Notice.objects.count(),
        "assignments": list(
            Assignment.objects.filter(application=application).values_list("reviewer_id", "status")
        ),
        "reviews": list(
            Review.objects.filter(assignment__application=application).values_list(
                "pk", "submitted_at"
            )
        ),
    }


FAULTS = {"audit": ApplicationEvent, "outbox": Email, "inbox": Notice}


# Submitting ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("where", sorted(FAULTS))
def test_a_failed_submit_leaves_the_draft_as_it_was(where, django_capture_on_commit_callbacks):
    world = build_world()
    before = snapshot(world.draft)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        failing_writes(FAULTS[where]),
        pytest.raises(DatabaseError),
    ):
        grant_services.submit(world.draft, by=world.owner)

    assert snapshot(world.draft) == before
    assert before["application"]["state"] == "draft"
    assert callbacks == []  # no delivery was scheduled


@pytest.mark.django_db
def test_the_same_submit_succeeds_once_the_fault_is_gone(django_capture_on_commit_callbacks):
    world = build_world()
    with failing_writes(ApplicationEvent), pytest.raises(DatabaseError):
        grant_services.submit(world.draft, by=world.owner)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        grant_services.submit(world.draft, by=world.owner)

    after = snapshot(world.draft)
    assert after["application"]["state"] == "submitted"
    assert after["events"][-1] == "submit"
    assert callbacks, "the receipt's delivery is scheduled after the commit"


@pytest.mark.django_db
def test_a_receiver_that_raises_rolls_the_transition_back(django_capture_on_commit_callbacks):
    """Any listener of the transition failing (here one added for the test) undoes it."""
    world = build_world()
    before = snapshot(world.draft)

    def broken_listener(sender, instance, name, **kwargs):
        raise RuntimeError("injected: the notification could not be queued")

    post_transition.connect(broken_listener, sender=Application, dispatch_uid="test.broken")
    try:
        with (
            django_capture_on_commit_callbacks(execute=True) as callbacks,
            pytest.raises(RuntimeError),
        ):
            grant_services.submit(world.draft, by=world.owner)
    finally:
        post_transition.disconnect(sender=Application, dispatch_uid="test.broken")

    assert snapshot(world.draft) == before
    assert callbacks == []


# Deciding -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["audit"])
def test_a_failed_award_spends_no_budget_and_records_nothing(where):
    world = build_world()
    app = Application.objects.get(pk=world.submitted.pk)
    before = snapshot(app)
    budget_before = grant_services.remaining_budget(world.closed_cycle)

    with failing_writes(FAULTS[where]), pytest.raises(DatabaseError):
        decisions.decide(
            app, by=world.board, action=decisions.Action.AWARD, amount=Decimal("900.00")
        )

    assert snapshot(app) == before
    assert before["application"]["state"] == "reviewed"
    assert grant_services.remaining_budget(world.closed_cycle) == budget_before


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["outbox", "inbox"])
def test_a_failed_decision_letter_after_release_undoes_the_decision(where):
    """After the release a decision's letter is queued at once; if it cannot be, the
    decision must not stand without it."""
    world = build_world()
    other = factories.ApplicationFactory(cycle=world.closed_cycle, title="Late decision")
    other = factories.force_state(other, "reviewed")
    app = Application.objects.get(pk=world.submitted.pk)
    decisions.decide(app, by=world.board, action=decisions.Action.DECLINE)
    decisions.release_decisions(world.closed_cycle, by=world.board, confirm_undecided=True)
    before = snapshot(other)

    with failing_writes(FAULTS[where]), pytest.raises(DatabaseError):
        decisions.decide(other, by=world.board, action=decisions.Action.WAITLIST)

    assert snapshot(other) == before


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["outbox", "inbox"])
def test_a_failed_release_releases_nothing(where, django_capture_on_commit_callbacks):
    world = build_world()
    app = Application.objects.get(pk=world.submitted.pk)
    decisions.decide(app, by=world.board, action=decisions.Action.AWARD, amount=Decimal("800"))
    before = snapshot(app)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        failing_writes(FAULTS[where]),
        pytest.raises(DatabaseError),
    ):
        decisions.release_decisions(world.closed_cycle, by=world.board, confirm_undecided=True)

    world.closed_cycle.refresh_from_db()
    assert world.closed_cycle.decisions_released_at is None
    assert snapshot(app) == before
    assert callbacks == []


# Reviewing ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["outbox", "inbox"])
def test_a_failed_assignment_gives_no_reviewer_any_right(where):
    world = build_world()
    app = factories.ApplicationFactory(cycle=world.closed_cycle, title="Waiting for reviewers")
    app = factories.force_state(app, "submitted")
    before = snapshot(app)

    with failing_writes(FAULTS[where]), pytest.raises(DatabaseError):
        review_services.assign(
            by=world.board, applications=[app], reviewers=[world.unassigned_reviewer]
        )

    assert snapshot(app) == before
    assert before["application"]["state"] == "submitted"
    assert list(get_users_with_perms(app, with_group_users=False)) == []


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["audit", "inbox"])
def test_a_failed_last_review_neither_submits_it_nor_completes_the_application(where):
    world = build_world()
    app = factories.ApplicationFactory(cycle=world.closed_cycle, title="One review to go")
    app = factories.force_state(app, "submitted")
    (assignment,) = review_services.assign(
        by=world.board, applications=[app], reviewers=[world.unassigned_reviewer]
    )
    review_services.declare_no_conflict(assignment=assignment, by=world.unassigned_reviewer)
    before = snapshot(app)

    with failing_writes(FAULTS[where]), pytest.raises(DatabaseError):
        review_services.submit_review(
            assignment=assignment,
            by=world.unassigned_reviewer,
            scores={world.criterion.pk: ScoreInput(value=5)},
            overall_comment="Strong.",
            recommendation="fund",
        )

    assert snapshot(app) == before
    assert before["application"]["state"] == "under_review"
    assert Assignment.objects.get(pk=assignment.pk).status == AssignmentStatus.ASSIGNED


@pytest.mark.django_db
def test_a_failed_conflict_declaration_keeps_the_reviewer_assigned():
    world = build_world()
    app = factories.ApplicationFactory(cycle=world.closed_cycle, title="Conflicted")
    app = factories.force_state(app, "submitted")
    (assignment,) = review_services.assign(
        by=world.board, applications=[app], reviewers=[world.unassigned_reviewer]
    )
    before = snapshot(app)

    with failing_writes(Email), pytest.raises(DatabaseError):
        review_services.declare_conflict(
            assignment=assignment, by=world.unassigned_reviewer, reason="My cousin"
        )

    assert snapshot(app) == before
    assert world.unassigned_reviewer in get_users_with_perms(app, with_group_users=False)


# A real database fault (PostgreSQL) ----------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_database_trigger_failing_the_audit_insert_rolls_back_the_submit():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    world = build_world()
    before = snapshot(world.draft)
    table = ApplicationEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION refuse_audit() RETURNS trigger AS $$ BEGIN "
            "RAISE EXCEPTION 'injected: audit table unavailable'; END $$ LANGUAGE plpgsql"
        )
        cursor.execute(
            f"CREATE TRIGGER refuse_audit BEFORE INSERT ON {table} "  # noqa: S608
            "FOR EACH ROW EXECUTE FUNCTION refuse_audit()"
        )

    with pytest.raises(DatabaseError, match="audit table unavailable"):
        grant_services.submit(world.draft, by=world.owner)

    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER refuse_audit ON {table}")
        cursor.execute("DROP FUNCTION refuse_audit()")
    assert snapshot(world.draft) == before
