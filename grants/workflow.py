"""The application workflow, declared once: every state with its words and flags, every
transition with its sources, target, permission and words.

Everything else is derived from these two tables: the `@transition` methods on
`Application` take their sources, targets and permissions from TRANSITIONS; every set of
states used elsewhere (editable, assignable, ranked, decidable, counted against the
budget, hidden until release, terminal) is read from a flag below. A test holds the
state machine's graph equal to TRANSITIONS and fails when a module outside this one
writes a literal collection of states. docs/architecture.md says how to add a state.
"""

from dataclasses import dataclass

from django.db import models


class State(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    UNDER_REVIEW = "under_review", "Under review"
    REVIEWED = "reviewed", "Reviewed"
    AWARDED = "awarded", "Awarded"
    DECLINED = "declined", "Declined"
    WAITLISTED = "waitlisted", "Waitlisted"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Transition(models.TextChoices):
    """The transitions' names: the `Application` method, the audit row, the signal."""

    SUBMIT = "submit", "Submit"
    WITHDRAW = "withdraw", "Withdraw"
    RETURN_FOR_CHANGES = "return_for_changes", "Return for changes"
    START_REVIEW = "start_review", "Start review"
    COMPLETE_REVIEW = "complete_review", "Complete review"
    AWARD = "award", "Award"
    WAITLIST = "waitlist", "Waitlist"
    DECLINE = "decline", "Decline"


class Action(models.TextChoices):
    """Audited actions that keep the state."""

    CREATE = "create", "Create"
    EXTEND_DEADLINE = "extend_deadline", "Extend deadline"


# Who may take a transition: the application's own applicant, or a model permission.
OWNER = "owner"


@dataclass(frozen=True)
class StateSpec:
    """One state: its words and what it allows."""

    # What the state means to the applicant, in plain words.
    applicant_words: str
    # How it reads in a sentence: "an application that is <in_a_sentence>".
    in_a_sentence: str
    editable: bool = False  # the applicant may still edit it
    assignable: bool = False  # reviewers may be assigned (and remind of their work)
    reviewable: bool = False  # assigned reviewers may score it
    ranked: bool = False  # it appears in the board's ranking
    decidable: bool = False  # the board may decide it (a source of a board decision)
    decided: bool = False  # a board decision stands on it
    counts_against_budget: bool = False  # its awarded amount is spent from the budget
    hidden_until_release: bool = False  # the applicant sees "reviewed" until the release
    terminal: bool = False  # nothing follows it
    # What the applicant's timeline says once the decision is released ({amount} filled).
    release_words: str = ""
    # The decision letter sent on release (a notifications Event value), if any.
    letter: str = ""


STATES: dict[State, StateSpec] = {
    State.DRAFT: StateSpec(
        applicant_words=(
            "Draft — not sent yet. You can keep editing and submit before the deadline."
        ),
        in_a_sentence="still a draft",
        editable=True,
    ),
    State.SUBMITTED: StateSpec(
        applicant_words="Submitted — we have it. Reviewers will read it after the deadline.",
        in_a_sentence="submitted",
        assignable=True,
        reviewable=True,
        ranked=True,
    ),
    State.UNDER_REVIEW: StateSpec(
        applicant_words="Being reviewed by volunteer reviewers.",
        in_a_sentence="under review",
        assignable=True,
        reviewable=True,
        ranked=True,
    ),
    State.REVIEWED: StateSpec(
        applicant_words="Reviews are complete. The board will decide soon.",
        in_a_sentence="reviewed",
        reviewable=True,
        ranked=True,
        decidable=True,
    ),
    State.AWARDED: StateSpec(
        applicant_words="Awarded — congratulations!",
        in_a_sentence="awarded",
        ranked=True,
        decided=True,
        counts_against_budget=True,
        hidden_until_release=True,
        release_words="Decision: awarded {amount}. Congratulations!",
        letter="awarded",
    ),
    State.DECLINED: StateSpec(
        applicant_words="Not funded this time.",
        in_a_sentence="declined",
        ranked=True,
        decided=True,
        hidden_until_release=True,
        terminal=True,
        release_words="Decision: not funded this time.",
        letter="declined",
    ),
    State.WAITLISTED: StateSpec(
        applicant_words="On the waiting list.",
        in_a_sentence="waitlisted",
        ranked=True,
        decidable=True,
        decided=True,
        hidden_until_release=True,
        release_words="Decision: on the waiting list. We will write if money becomes free.",
        letter="waitlisted",
    ),
    State.WITHDRAWN: StateSpec(
        applicant_words="Withdrawn — you took this application back.",
        in_a_sentence="withdrawn",
        terminal=True,
    ),
}


@dataclass(frozen=True)
class TransitionSpec:
    """One edge of the state machine and how people read it."""

    sources: tuple[State, ...]
    target: State
    # OWNER, or the model permission ("app_label.codename") the person must hold.
    permission: str
    # "You cannot <verb> an application that is ..."
    verb: str
    # The office's timeline; the applicant's ("" keeps it off their timeline).
    office_words: str
    applicant_words: str = ""
    # Whether the note written with it is meant for the applicant to read.
    note_for_applicant: bool = False
    # A board decision: taken at the desk, under the cycle's row lock.
    board_decision: bool = False


MANAGE_REVIEW = "grants.manage_review"
DECIDE = "grants.decide_application"

TRANSITIONS: dict[Transition, TransitionSpec] = {
    Transition.SUBMIT: TransitionSpec(
        sources=(State.DRAFT,),
        target=State.SUBMITTED,
        permission=OWNER,
        verb="submit",
        office_words="Submitted",
        applicant_words="You submitted it.",
    ),
    Transition.WITHDRAW: TransitionSpec(
        sources=(State.DRAFT, State.SUBMITTED, State.UNDER_REVIEW),
        target=State.WITHDRAWN,
        permission=OWNER,
        verb="withdraw",
        office_words="Withdrawn",
        applicant_words="You withdrew it.",
        note_for_applicant=True,
    ),
    Transition.RETURN_FOR_CHANGES: TransitionSpec(
        sources=(State.SUBMITTED,),
        target=State.DRAFT,
        permission=MANAGE_REVIEW,
        verb="return for changes",
        office_words="Returned for changes",
        applicant_words="The grants office returned it to you for changes.",
        note_for_applicant=True,
    ),
    Transition.START_REVIEW: TransitionSpec(
        sources=(State.SUBMITTED,),
        target=State.UNDER_REVIEW,
        permission=MANAGE_REVIEW,
        verb="start the review of",
        office_words="Review started",
        applicant_words="Volunteer reviewers started reading it.",
    ),
    Transition.COMPLETE_REVIEW: TransitionSpec(
        sources=(State.UNDER_REVIEW,),
        target=State.REVIEWED,
        permission=MANAGE_REVIEW,
        verb="mark as reviewed",
        office_words="Review completed",
        applicant_words="All reviews are in. The board decides next.",
    ),
    Transition.AWARD: TransitionSpec(
        sources=(State.REVIEWED, State.WAITLISTED),
        target=State.AWARDED,
        permission=DECIDE,
        verb="award",
        office_words="Awarded",
        board_decision=True,
    ),
    Transition.WAITLIST: TransitionSpec(
        sources=(State.REVIEWED,),
        target=State.WAITLISTED,
        permission=DECIDE,
        verb="waitlist",
        office_words="Waitlisted",
        board_decision=True,
    ),
    Transition.DECLINE: TransitionSpec(
        sources=(State.REVIEWED, State.WAITLISTED),
        target=State.DECLINED,
        permission=DECIDE,
        verb="decline",
        office_words="Declined",
        board_decision=True,
    ),
}


@dataclass(frozen=True)
class ActionSpec:
    """An audited action that keeps the state (it is not a transition)."""

    office_words: str
    applicant_words: str = ""


ACTIONS: dict[Action, ActionSpec] = {
    Action.CREATE: ActionSpec("Draft started", "You started this application."),
    Action.EXTEND_DEADLINE: ActionSpec(
        "Deadline extended", "The grants office gave you a personal deadline."
    ),
}


def states_where(flag: str) -> frozenset[State]:
    """Every state whose spec has `flag` set, e.g. states_where("ranked")."""
    return frozenset(state for state, spec in STATES.items() if getattr(spec, flag))


def ordered(states) -> tuple[State, ...]:
    """States in the enum's order, for choices and for messages that list them."""
    return tuple(state for state in State if state in states)


EDITABLE_STATES = states_where("editable")
ASSIGNABLE_STATES = states_where("assignable")
REVIEWABLE_STATES = states_where("reviewable")
RANKED_STATES = ordered(states_where("ranked"))
DECIDABLE_STATES = states_where("decidable")
DECISION_STATES = states_where("decided")
BUDGET_STATES = states_where("counts_against_budget")
HIDDEN_UNTIL_RELEASE = states_where("hidden_until_release")
TERMINAL_STATES = states_where("terminal")
# Ranked and not decided yet: what a release leaves undecided.
UNDECIDED_STATES = ordered(states_where("ranked") - DECISION_STATES)
# Decided by the board, so the applicant's withdrawal and the reviewers' work are over.
BOARD_DECISIONS = tuple(name for name, spec in TRANSITIONS.items() if spec.board_decision)


def sources_of(name: str) -> frozenset[State]:
    return frozenset(TRANSITIONS[name].sources)


def spec(state) -> StateSpec:
    return STATES[State(state)]


def applicant_words(state) -> str:
    return spec(state).applicant_words


def in_a_sentence(state) -> str:
    return spec(state).in_a_sentence


def event_words(name: str) -> tuple[str, str]:
    """(office words, applicant words) for an audit event name; unknown names read as-is."""
    entry = TRANSITIONS.get(name) or ACTIONS.get(name)
    if entry is None:
        return name.replace("_", " ").capitalize(), ""
    return entry.office_words, entry.applicant_words


def note_is_for_applicant(name: str) -> bool:
    entry = TRANSITIONS.get(name)
    return bool(entry and entry.note_for_applicant)


class Purpose(models.TextChoices):
    PROFESSIONAL_DEVELOPMENT = "professional_development", "Professional development"
    COMMUNITY_SERVICE = "community_service", "Community service"
    OTHER = "other", "Other"


class QuestionKind(models.TextChoices):
    SHORT_TEXT = "short_text", "Short text"
    LONG_TEXT = "long_text", "Long text"
    NUMBER = "number", "Number"
    YES_NO = "yes_no", "Yes or no"
    CHOICE = "choice", "Single choice"
