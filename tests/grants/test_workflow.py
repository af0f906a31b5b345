"""The workflow table is the state machine: the graph, the flags and the audit contract."""

import ast
from pathlib import Path

import pytest

from grants import audit, transitions
from grants.models import Application, ApplicationEvent, TransitionRefused
from grants.workflow import (
    DECIDABLE_STATES,
    OWNER,
    STATES,
    TRANSITIONS,
    State,
    Transition,
    sources_of,
)
from tests.factories import ApplicationFactory, UserFactory, force_state

ROOT = Path(__file__).resolve().parents[2]
APPS = ["accounts", "grants", "reviews", "decisions", "notifications", "privacy", "demo", "bench"]


def test_the_state_machine_graph_equals_the_declared_table():
    declared = {
        (name.value, source.value, spec.target.value)
        for name, spec in TRANSITIONS.items()
        for source in spec.sources
    }
    # django-fsm's own list of the model's edges.
    built = {(t.name, t.source, t.target) for t in Application().get_all_state_transitions()}
    assert built == declared


def test_every_state_is_declared_once_with_words():
    assert set(STATES) == set(State)
    for state, spec in STATES.items():
        assert spec.applicant_words and spec.in_a_sentence, state


def test_every_transition_is_an_application_method_and_names_a_permission():
    for name, spec in TRANSITIONS.items():
        assert callable(getattr(Application, name)), name
        assert spec.permission == OWNER or spec.permission.startswith("grants."), name


def test_decidable_states_are_the_sources_of_the_board_decisions():
    board_sources = set()
    for spec in TRANSITIONS.values():
        if spec.board_decision:
            board_sources |= set(spec.sources)
    assert board_sources == DECIDABLE_STATES


def test_terminal_states_have_no_way_out():
    for state, spec in STATES.items():
        leaves = {name for name, t in TRANSITIONS.items() if state in t.sources}
        if spec.terminal:
            assert leaves == set(), state


# No module outside grants/workflow.py lists states by hand --------------------------------


def _state_literals(path: Path) -> list[int]:
    """Line numbers of literal collections (set, list, tuple, dict keys) naming 2+ states."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))

    def is_state(node) -> bool:
        return (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "State"
        )

    lines = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
            members = node.elts
        elif isinstance(node, ast.Dict):
            members = [key for key in node.keys if key is not None]
        else:
            continue
        if sum(1 for member in members if is_state(member)) >= 2:
            lines.append(node.lineno)
    return lines


def _modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts and path != ROOT / "grants" / "workflow.py":
                yield path


def test_no_module_outside_the_workflow_lists_states_by_hand():
    offenders = {
        str(path.relative_to(ROOT)): lines
        for path in _modules()
        if (lines := _state_literals(path))
    }
    assert offenders == {}


def test_the_state_literal_checker_finds_one(tmp_path):
    module = tmp_path / "bad.py"
    module.write_text(
        "from grants.workflow import State\n"
        "OPEN = (State.SUBMITTED, State.UNDER_REVIEW)\n"
        "WORDS = {State.DRAFT: 'a', State.REVIEWED: 'b'}\n"
        "ONE = State.DRAFT\n"
    )
    assert _state_literals(module) == [2, 3]


# Bulk moves go through the same contract --------------------------------------------------


@pytest.mark.django_db
def test_a_bulk_move_writes_one_event_per_moved_application_and_one_signal(board_member):
    submitted = [force_state(ApplicationFactory(), State.SUBMITTED) for _ in range(3)]
    draft = ApplicationFactory()
    heard = []

    def listener(sender, **kwargs):
        heard.append(kwargs)

    audit.applications_moved.connect(listener, dispatch_uid="test.moved")
    try:
        moved = transitions.move_many(
            [app.pk for app in [*submitted, draft]],
            Transition.START_REVIEW,
            by=board_member,
            note="First reviewer assigned.",
        )
    finally:
        audit.applications_moved.disconnect(dispatch_uid="test.moved")

    assert sorted(moved) == sorted(app.pk for app in submitted)
    assert set(Application.objects.filter(pk__in=moved).values_list("state", flat=True)) == {
        State.UNDER_REVIEW
    }
    events = ApplicationEvent.objects.order_by("application_id")
    assert list(events.values_list("application_id", "actor_id", "name", "source", "target")) == [
        (app.pk, board_member.pk, "start_review", "submitted", "under_review")
        for app in sorted(submitted, key=lambda a: a.pk)
    ]
    draft.refresh_from_db()
    assert draft.state == State.DRAFT
    assert len(heard) == 1
    assert sorted(heard[0]["application_ids"]) == sorted(moved)
    assert (heard[0]["name"], heard[0]["source"], heard[0]["target"]) == (
        "start_review",
        "submitted",
        "under_review",
    )


@pytest.mark.django_db
def test_a_bulk_move_checks_the_transitions_permission(applicant):
    apps = [force_state(ApplicationFactory(), State.SUBMITTED) for _ in range(2)]
    with pytest.raises(TransitionRefused):
        transitions.move_many([a.pk for a in apps], Transition.START_REVIEW, by=applicant)
    assert not ApplicationEvent.objects.exists()
    assert set(Application.objects.values_list("state", flat=True)) == {State.SUBMITTED}


@pytest.mark.django_db
def test_a_person_holding_manage_review_directly_may_bulk_move():
    from django.contrib.auth.models import Permission

    person = UserFactory()
    person.user_permissions.add(Permission.objects.get(codename="manage_review"))
    app = force_state(ApplicationFactory(), State.SUBMITTED)
    assert transitions.move_many([app.pk], Transition.START_REVIEW, by=person) == [app.pk]
    assert ApplicationEvent.objects.filter(application=app).count() == 1


def test_withdraw_sources_come_from_the_table():
    assert sources_of(Transition.WITHDRAW) == {State.DRAFT, State.SUBMITTED, State.UNDER_REVIEW}


# Reports: the same contract for the report's table ---------------------------------------


def test_the_report_state_machine_graph_equals_the_declared_table():
    from grants.workflow import REPORT_STATES, REPORT_TRANSITIONS, ReportState
    from reports.models import Report

    declared = {
        (name.value, source.value, spec.target.value)
        for name, spec in REPORT_TRANSITIONS.items()
        for source in spec.sources
    }
    built = {(t.name, t.source, t.target) for t in Report().get_all_state_transitions()}
    assert built == declared
    assert set(REPORT_STATES) == set(ReportState)
