"""The release page's preview: each letter the release will send, filled with the values
of a real application of the cycle. Reading only: nothing is sent or changed.

The sample for each kind is the first application (by title) that gets it and that the
viewer has no conflict with, so a conflicted board member never reads the reviewers'
comments of their own case here.
"""

from dataclasses import dataclass, field

from grants.letters import LetterKind, compose, letter_values, release_kind
from grants.models import Application, Cycle
from grants.workflow import HIDDEN_UNTIL_RELEASE
from reviews.board_conflicts import conflicted_ids
from reviews.feedback import applicant_comments

# The letters a release can send, in the order the page shows them.
RELEASE_LETTERS = (
    LetterKind.AWARD,
    LetterKind.PARTIAL_AWARD,
    LetterKind.WAITLIST,
    LetterKind.DECLINE,
)


@dataclass
class Preview:
    kind: LetterKind
    count: int = 0  # how many applicants the release sends it to
    sample: Application | None = None  # whose values fill it (None: none, or conflicted)
    letter: object = None  # grants.letters.Letter
    # Decline only: the same letter as it reads when the board shares the comments.
    shared: object = None
    has_comments: bool = False

    @property
    def label(self) -> str:
        return self.kind.label

    @property
    def all_conflicted(self) -> bool:
        return self.count > 0 and self.sample is None


@dataclass
class ReleasePreview:
    letters: list[Preview] = field(default_factory=list)

    @property
    def sent(self) -> list[Preview]:
        return [preview for preview in self.letters if preview.count]

    @property
    def not_sent(self) -> list[Preview]:
        return [preview for preview in self.letters if not preview.count]


def release_preview(cycle: Cycle, *, viewer) -> ReleasePreview:
    """Five queries, whatever the size of the cycle: the decided applications, the
    viewer's conflicts, the cycle's letter texts, and one sample's comments (two)."""
    hidden = conflicted_ids(viewer, cycle)
    decided = (
        Application.objects.in_cycle(cycle)
        .filter(state__in=HIDDEN_UNTIL_RELEASE)
        .select_related("applicant")
        .order_by("title", "pk")
    )
    previews = {kind: Preview(kind=kind) for kind in RELEASE_LETTERS}
    for application in decided:
        kind = release_kind(application)
        if kind not in previews:
            continue
        preview = previews[kind]
        preview.count += 1
        if preview.sample is None and application.pk not in hidden:
            application.cycle = cycle
            preview.sample = application
    overrides = {letter.kind: letter for letter in cycle.letters.all()}
    for preview in previews.values():
        if preview.sample is None:
            continue
        values = letter_values(preview.sample)
        preview.letter = compose(cycle, preview.kind, values, overrides=overrides)
        if preview.kind == LetterKind.DECLINE:
            comments = applicant_comments([preview.sample.pk]).get(preview.sample.pk, [])
            preview.has_comments = bool(comments)
            preview.shared = compose(
                cycle, preview.kind, values, comments=comments, overrides=overrides
            )
    return ReleasePreview(letters=list(previews.values()))
