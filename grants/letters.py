"""The decision letters: the seven kinds, their default texts and placeholders, and
filling one with an application's values.

Staff may write each cycle's own subject and body for any kind (grants.cycle_letters.
CycleLetter, edited with the cycle in the admin); a blank subject or body uses the
default below. Bodies are Markdown. Placeholders are `{name}`; each kind allows its own
list, and a text naming any other is refused when saved.

Filling is safe whatever the values say: the plain-text part is the filled text, and the
HTML part renders the staff's Markdown first and puts each value in afterwards, escaped,
so an applicant's title or a reviewer's comment can never become a link or markup.
notifications sends the letters; the release page previews them (decisions).
"""

import html
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.safestring import SafeString, mark_safe

from grants import workflow
from grants.markdown import PLACEHOLDER, clean_html, fill_placeholders, render_markdown
from grants.money import format_money


class LetterKind(models.TextChoices):
    AWARD = "award", "Award"
    PARTIAL_AWARD = "partial_award", "Partial award"
    WAITLIST = "waitlist", "Waitlist"
    DECLINE = "decline", "Decline"
    OFFER_TO_NEXT = "offer_to_next", "Offer to the next on the waiting list"
    CORRECTION = "correction", "Correction of the amount"
    RESCIND = "rescind", "Rescinded award"


# What every letter may say about the application.
COMMON = ("name", "title", "cycle", "purpose", "requested")
AWARD_VALUES = ("amount", "accept_by")
CORRECTION_VALUES = ("amount", "previous_amount", "reason")
RESCIND_VALUES = ("amount", "reason")


@dataclass(frozen=True)
class LetterSpec:
    when: str  # when the letter is sent, for staff
    subject: str
    body: str
    placeholders: tuple[str, ...]


def _text(*paragraphs: str) -> str:
    """A default body: one line per paragraph, so mail programs wrap it to the reader."""
    return "\n\n".join(paragraphs) + "\n"


ANSWER_THE_OFFER = (
    "Thank you for the care you bring to people living with cancer. Please read the grant "
    "agreement and accept the award (or decline it) on the grants site; the link is below. "
    "After that the grants office will write about how the grant is paid and what we ask "
    "you to report afterwards."
)
THE_REASON = ("The board's reason:", "> {reason}")

CATALOGUE: dict[LetterKind, LetterSpec] = {
    LetterKind.AWARD: LetterSpec(
        when="On release, to each application awarded the full amount it asked for.",
        subject="Your grant is awarded: {title} — {cycle}",
        body=_text(
            'Congratulations! The board has awarded your application "{title}" in {cycle} a '
            "grant of **{amount}**.",
            ANSWER_THE_OFFER,
        ),
        placeholders=COMMON + AWARD_VALUES,
    ),
    LetterKind.PARTIAL_AWARD: LetterSpec(
        when="On release, to each application awarded less than it asked for.",
        subject="Your grant is awarded in part: {title} — {cycle}",
        body=_text(
            'Congratulations! The board has awarded your application "{title}" in {cycle} a '
            "grant of **{amount}**: {amount} of the {requested} you asked for. The budget of "
            "this round could not cover every request in full.",
            ANSWER_THE_OFFER,
        ),
        placeholders=COMMON + AWARD_VALUES,
    ),
    LetterKind.WAITLIST: LetterSpec(
        when="On release, to each waitlisted application.",
        subject="Your application is on the waitlist: {title} — {cycle}",
        body=_text(
            'Thank you for applying to {cycle}. The board has placed your application "{title}" '
            "on the waitlist.",
            "This means the board would like to fund it, but the budget for this round is "
            "already committed. If funds become available, for example because an awarded "
            "project does not go ahead, we will write to you straight away. You do not need to "
            "do anything now.",
        ),
        placeholders=COMMON,
    ),
    LetterKind.DECLINE: LetterSpec(
        when=(
            "On release, to each declined application (with the reviewers' comments when "
            "the board shares them)."
        ),
        subject="Not funded this time: {title} — {cycle}",
        body=_text(
            'Thank you for applying to {cycle} with "{title}". We are sorry to tell you that '
            "the board could not fund it this time.",
            "There were more good applications than the budget could cover, and this decision "
            "is not a judgement of your work. We hope you will apply again in a future round; "
            "the grants office is glad to answer questions.",
        ),
        placeholders=COMMON,
    ),
    LetterKind.OFFER_TO_NEXT: LetterSpec(
        when=(
            "After the release, when the board offers money that came back to a "
            "waitlisted application."
        ),
        subject="Good news: your grant is awarded from the waitlist: {title} — {cycle}",
        body=_text(
            "Good news! Money has become free in {cycle}, and the board now offers your "
            'waitlisted application "{title}" a grant of **{amount}** (you asked for '
            "{requested}).",
            ANSWER_THE_OFFER,
        ),
        placeholders=COMMON + AWARD_VALUES,
    ),
    LetterKind.CORRECTION: LetterSpec(
        when="When the board corrects the amount of an award.",
        subject="Your award amount has changed: {title} — {cycle}",
        body=_text(
            "This letter corrects your award. The board has changed the grant for your "
            'application "{title}" in {cycle}:',
            "- before: {previous_amount}\n- now: {amount} (you asked for {requested})",
            *THE_REASON,
        ),
        placeholders=COMMON + CORRECTION_VALUES,
    ),
    LetterKind.RESCIND: LetterSpec(
        when="When the board rescinds an award.",
        subject="Your award is withdrawn: {title} — {cycle}",
        body=_text(
            "We are sorry to write that the board has withdrawn the award of **{amount}** for "
            'your application "{title}" in {cycle}.',
            *THE_REASON,
            "If you have questions, or think this is a mistake, please reply to the grants office.",
        ),
        placeholders=COMMON + RESCIND_VALUES,
    ),
}

# The letter each state sends on release, from the workflow table (an award splits in two:
# release_kind).
RELEASE_KINDS = {
    state: LetterKind(spec.letter) for state, spec in workflow.STATES.items() if spec.letter
}


def placeholder_list(kind) -> str:
    return ", ".join("{" + name + "}" for name in CATALOGUE[LetterKind(kind)].placeholders)


def is_partial(application) -> bool:
    awarded, requested = application.awarded_amount, application.amount_requested
    return awarded is not None and requested is not None and awarded < requested


def release_kind(application) -> LetterKind | None:
    """The letter the release sends this application, or None (undecided)."""
    kind = RELEASE_KINDS.get(application.state)
    if kind == LetterKind.AWARD and is_partial(application):
        return LetterKind.PARTIAL_AWARD
    return kind


def letter_values(application, **extra) -> dict[str, str]:
    """Every placeholder's value for this application; `extra` adds previous_amount and
    reason (Decimal amounts are written as money)."""
    cycle = application.cycle
    values = {
        "name": application.applicant.get_full_name(),
        "title": str(application),
        "cycle": str(cycle),
        "purpose": application.get_purpose_display() or "not given",
        "requested": format_money(application.amount_requested, cycle.currency),
        "amount": format_money(application.awarded_amount, cycle.currency),
        "accept_by": cycle.format_local(cycle.acceptance_deadline) or "no fixed date",
    }
    for name, value in extra.items():
        values[name] = format_money(value, cycle.currency) if isinstance(value, Decimal) else value
    return values


@dataclass(frozen=True)
class Comment:
    """One thing a reviewer wrote for the applicant, without their name or scores."""

    heading: str  # "Reviewer 1" or "Reviewer 1, on Feasibility"
    text: str


@dataclass(frozen=True)
class Letter:
    kind: LetterKind
    subject: str  # one line, filled
    text: str  # the filled Markdown: the email's plain-text part
    html: SafeString  # the rendered, sanitised HTML part


def cycle_text(cycle, kind, *, overrides=None) -> tuple[str, str]:
    """(subject, body) of the cycle's letter of this kind: the staff's text, blank parts
    taken from the default. `overrides` (kind -> CycleLetter) saves a query per letter."""
    spec = CATALOGUE[LetterKind(kind)]
    if overrides is None:
        overrides = {letter.kind: letter for letter in cycle.letters.all()}
    own = overrides.get(LetterKind(kind))
    subject = (own.subject.strip() if own else "") or spec.subject
    body = (own.body.strip() if own else "") or spec.body
    return subject, body


def compose(cycle, kind, values: dict[str, str], *, comments=(), overrides=None) -> Letter:
    """The cycle's letter of `kind` filled with `values`, with the reviewers' comments
    (a list of Comment) at the end when the board shares them."""
    kind = LetterKind(kind)
    subject, body = cycle_text(cycle, kind, overrides=overrides)
    allowed = {name: values.get(name, "") for name in CATALOGUE[kind].placeholders}
    body, allowed = _with_comments(body, allowed, comments)
    return Letter(
        kind=kind,
        subject=" ".join(fill_placeholders(subject, allowed).split()),
        text=fill_placeholders(body, allowed).strip() + "\n",
        html=_filled_html(body, allowed),
    )


COMMENTS_INTRO = (
    "The board shares what the reviewers wrote, to help with a future application. "
    "Reviewers are not named, and their scores stay with the board."
)


def _with_comments(body: str, values: dict[str, str], comments) -> tuple[str, dict]:
    """The body followed by a section of comments; each heading and comment is a value,
    so it is escaped like any other."""
    if not comments:
        return body, values
    values = dict(values)
    parts = [body.rstrip(), "", "### What the reviewers wrote", "", COMMENTS_INTRO]
    for number, comment in enumerate(comments, start=1):
        values[f"comment_heading_{number}"] = comment.heading
        values[f"comment_text_{number}"] = comment.text
        parts += ["", f"**{{comment_heading_{number}}}**", "", f"{{comment_text_{number}}}"]
    return "\n".join(parts) + "\n", values


def _filled_html(body: str, values: dict[str, str]) -> SafeString:
    """Render the staff's Markdown with a token where each value goes, then put the
    values in, HTML-escaped (line breaks kept), and clean the result once more."""
    nonce = secrets.token_hex(6)
    tokens: dict[str, str] = {}

    def token(match):
        name = match.group(1)
        if name not in values:
            return match.group(0)
        key = f"letterv{nonce}n{len(tokens)}x"
        tokens[key] = values[name]
        return key

    rendered = render_markdown(PLACEHOLDER.sub(token, body))
    for key, value in tokens.items():
        rendered = rendered.replace(
            key, html.escape(str(value).replace("\r\n", "\n")).replace("\n", "<br>\n")
        )
    return mark_safe(clean_html(rendered))  # noqa: S308 - cleaned by nh3 just above
