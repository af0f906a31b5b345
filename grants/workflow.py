"""The application's states, in one enum shared by models, views, templates and tests."""

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


# What each state means to the applicant, in plain words. Decisions are shown only after
# the board releases them; until then a decided application reads as "reviewed".
APPLICANT_STATE_WORDS = {
    State.DRAFT: "Draft — not sent yet. You can keep editing and submit before the deadline.",
    State.SUBMITTED: "Submitted — we have it. Reviewers will read it after the deadline.",
    State.UNDER_REVIEW: "Being reviewed by volunteer reviewers.",
    State.REVIEWED: "Reviews are complete. The board will decide soon.",
    State.AWARDED: "Awarded — congratulations!",
    State.DECLINED: "Not funded this time.",
    State.WAITLISTED: "On the waiting list.",
    State.WITHDRAWN: "Withdrawn — you took this application back.",
}

# How a state reads in a sentence: "an application that is still a draft".
STATE_IN_A_SENTENCE = {
    State.DRAFT: "still a draft",
    State.SUBMITTED: "submitted",
    State.UNDER_REVIEW: "under review",
    State.REVIEWED: "reviewed",
    State.AWARDED: "awarded",
    State.DECLINED: "declined",
    State.WAITLISTED: "waitlisted",
    State.WITHDRAWN: "withdrawn",
}

DECISION_STATES = frozenset({State.AWARDED, State.DECLINED, State.WAITLISTED})
# States in which reviewers may be working on the application.
REVIEWABLE_STATES = frozenset({State.SUBMITTED, State.UNDER_REVIEW, State.REVIEWED})
# Applications that count against the cycle's budget.
BUDGET_STATES = frozenset({State.AWARDED})
# States the applicant may still edit in.
EDITABLE_STATES = frozenset({State.DRAFT})


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
