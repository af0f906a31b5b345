"""The workflow, declared once: every state with its words and flags, every transition
with its sources, target, permission and words (applications, then grant reports).

The `@transition` methods read their edges from these tables; every other set of states
is derived from a flag. Tests hold the graphs equal to the tables and refuse literal
collections of states elsewhere. docs/architecture.md says how to add a state.
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
    ACCEPTED = "accepted", "Accepted"
    AWARD_DECLINED = "award_declined", "Award declined"
    RESCINDED = "rescinded", "Rescinded"
    CLOSED = "closed", "Closed"


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
    ACCEPT = "accept", "Accept the award"
    DECLINE_AWARD = "decline_award", "Decline the award"
    RESCIND = "rescind", "Rescind the award"
    CLOSE = "close", "Close the grant"


class Action(models.TextChoices):
    """Audited actions that keep the state."""

    CREATE = "create", "Create"
    EXTEND_DEADLINE = "extend_deadline", "Extend deadline"
    CORRECT_AWARD = "correct_award", "Correct the award"
    PAID_IN_FULL = "paid_in_full", "Paid in full"
    FINAL_REPORT_ACCEPTED = "final_report_accepted", "Final report accepted"
    PAYMENT_RECORDED = "payment_recorded", "Payment recorded"
    RELEASE_DECISION = "release_decision", "Decision released"


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
    offer_open: bool = False  # an award offered to the grantee, waiting for their answer
    post_award: bool = False  # after the grantee's answer: accepted, paid, reported on
    decided: bool = False  # a board decision stands on it
    counts_against_budget: bool = False  # its awarded amount is spent from the budget
    hidden_until_release: bool = False  # the applicant sees "reviewed" until the release
    terminal: bool = False  # nothing follows it
    # What the applicant's timeline says once the decision is released ({amount} filled).
    release_words: str = ""
    letter: str = ""  # the letter sent on release (a grants.letters.LetterKind value)


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
        offer_open=True,
        counts_against_budget=True,
        hidden_until_release=True,
        release_words="Decision: awarded {amount}. Congratulations!",
        letter="award",
    ),
    State.DECLINED: StateSpec(
        applicant_words="Not funded this time.",
        in_a_sentence="declined",
        ranked=True,
        decided=True,
        hidden_until_release=True,
        terminal=True,
        release_words="Decision: not funded this time.",
        letter="decline",
    ),
    State.WAITLISTED: StateSpec(
        applicant_words="On the waiting list.",
        in_a_sentence="waitlisted",
        ranked=True,
        decidable=True,
        decided=True,
        hidden_until_release=True,
        release_words="Decision: on the waiting list. We will write if money becomes free.",
        letter="waitlist",
    ),
    State.WITHDRAWN: StateSpec(
        applicant_words="Withdrawn — you took this application back.",
        in_a_sentence="withdrawn",
        terminal=True,
    ),
    State.ACCEPTED: StateSpec(
        applicant_words="Accepted — you accepted the award and signed the agreement.",
        in_a_sentence="accepted by the grantee",
        ranked=True,
        decided=True,
        counts_against_budget=True,
        post_award=True,
    ),
    State.AWARD_DECLINED: StateSpec(
        applicant_words="You declined the award. Thank you for letting us know.",
        in_a_sentence="declined by the grantee",
        ranked=True,
        decided=True,
        terminal=True,
    ),
    State.RESCINDED: StateSpec(
        applicant_words="The board withdrew this award. The letter we sent says why.",
        in_a_sentence="rescinded",
        ranked=True,
        decided=True,
        terminal=True,
    ),
    State.CLOSED: StateSpec(
        applicant_words="Closed — fully paid and reported on. Thank you.",
        in_a_sentence="closed",
        ranked=True,
        decided=True,
        counts_against_budget=True,
        post_award=True,
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
    Transition.ACCEPT: TransitionSpec(
        sources=(State.AWARDED,),
        target=State.ACCEPTED,
        permission=OWNER,
        verb="accept the award of",
        office_words="Award accepted, agreement signed",
        applicant_words="You accepted the award and signed the agreement.",
    ),
    Transition.DECLINE_AWARD: TransitionSpec(
        sources=(State.AWARDED,),
        target=State.AWARD_DECLINED,
        permission=OWNER,
        verb="decline the award of",
        office_words="Award declined by the grantee",
        applicant_words="You declined the award.",
        note_for_applicant=True,
    ),
    Transition.RESCIND: TransitionSpec(
        sources=(State.AWARDED, State.ACCEPTED),
        target=State.RESCINDED,
        permission=DECIDE,
        verb="rescind the award of",
        office_words="Award rescinded",
        applicant_words="The board rescinded the award.",
        note_for_applicant=True,
    ),
    Transition.CLOSE: TransitionSpec(
        sources=(State.ACCEPTED,),
        target=State.CLOSED,
        permission=MANAGE_REVIEW,
        verb="close",
        office_words="Closed: paid in full and final report accepted",
        applicant_words="Your grant is closed: fully paid, final report accepted.",
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
    Action.CORRECT_AWARD: ActionSpec("Award amount corrected", "The board corrected your award."),
    Action.PAID_IN_FULL: ActionSpec("Paid in full"),
    Action.FINAL_REPORT_ACCEPTED: ActionSpec("Final report accepted"),
    Action.PAYMENT_RECORDED: ActionSpec("Payment recorded", "The treasurer sent you a payment."),
    Action.RELEASE_DECISION: ActionSpec("Decision released to the applicant"),
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
OFFER_STATES = states_where("offer_open")
POST_AWARD_STATES = states_where("post_award")
# Ranked and not decided yet: what a release leaves undecided.
UNDECIDED_STATES = ordered(states_where("ranked") - DECISION_STATES)
# Decided by the board, so the applicant's withdrawal and the reviewers' work are over.
BOARD_DECISIONS = tuple(name for name, spec in TRANSITIONS.items() if spec.board_decision)


def sources_of(name: str) -> frozenset[State]:
    return frozenset(TRANSITIONS[name].sources)


def path(source: State, target: State) -> list[tuple[Transition, State, State]]:
    """The shortest way from `source` to `target` as (name, from, to) steps (seeding writes
    the audit trail a state implies with it); [] when there is none or no need."""
    routes: dict[State, list] = {State(source): []}
    frontier = [State(source)]
    while frontier and State(target) not in routes:
        following = []
        for state in frontier:
            for name, edge in TRANSITIONS.items():
                if state in edge.sources and edge.target not in routes:
                    routes[edge.target] = [*routes[state], (name, state, edge.target)]
                    following.append(edge.target)
        frontier = following
    return routes.get(State(target), [])


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


# Grant reports (the reports app) ------------------------------------------------------
# Drafted by the grantee, submitted, accepted by staff or sent back to draft with a
# message. reports.Report's @transition methods read REPORT_TRANSITIONS.


class ReportState(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    ACCEPTED = "accepted", "Accepted"


class ReportTransition(models.TextChoices):
    SUBMIT = "submit", "Submit the report"
    ACCEPT = "accept", "Accept the report"
    ASK_FOR_CHANGES = "ask_for_changes", "Ask for changes"


@dataclass(frozen=True)
class ReportTransitionSpec(TransitionSpec):
    note_required: bool = False  # refused without a message (the grantee reads it)


REVIEW_REPORT = "reports.review_report"
# StateSpec's flags for a report: editable (by the grantee), reviewable (staff accept it or
# ask for changes), terminal (accepted: nothing follows, and the impact page counts it).
REPORT_STATES: dict[ReportState, StateSpec] = {
    ReportState.DRAFT: StateSpec("Draft — not sent yet.", "still a draft", editable=True),
    ReportState.SUBMITTED: StateSpec("Sent — we will read it.", "sent", reviewable=True),
    ReportState.ACCEPTED: StateSpec("Accepted — thank you.", "accepted", terminal=True),
}
REPORT_TRANSITIONS: dict[ReportTransition, ReportTransitionSpec] = {
    ReportTransition.SUBMIT: ReportTransitionSpec(
        (ReportState.DRAFT,), ReportState.SUBMITTED, OWNER, "submit", "Report submitted"
    ),
    ReportTransition.ACCEPT: ReportTransitionSpec(
        (ReportState.SUBMITTED,), ReportState.ACCEPTED, REVIEW_REPORT, "accept", "Accepted"
    ),
    ReportTransition.ASK_FOR_CHANGES: ReportTransitionSpec(
        (ReportState.SUBMITTED,),
        ReportState.DRAFT,
        REVIEW_REPORT,
        "ask for changes to",
        "Changes asked for",
        note_for_applicant=True,
        note_required=True,
    ),
}
