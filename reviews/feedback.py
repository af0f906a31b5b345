"""What reviewers wrote, as a declined applicant may read it when the board shares it:
the comments of submitted, non-recused reviews, never a reviewer's name, score or
recommendation. Two queries for any number of applications."""

from django.db.models import Prefetch

from grants.letters import Comment
from reviews.models import Review, Score


def applicant_comments(application_ids) -> dict[int, list[Comment]]:
    """application id -> its reviewers' comments, "Reviewer 1", "Reviewer 2", ... in the
    order the reviews came in; each review's overall comment, then its comments on the
    criteria in the rubric's order. Empty comments are left out."""
    reviews = (
        Review.objects.submitted()
        .filter(assignment__application_id__in=list(application_ids))
        .select_related("assignment")
        .prefetch_related(
            Prefetch(
                "scores",
                queryset=Score.objects.exclude(comment="")
                .select_related("criterion")
                .order_by("criterion__position", "criterion_id"),
            )
        )
        .order_by("assignment__application_id", "submitted_at", "pk")
    )
    found: dict[int, list[Comment]] = {}
    numbers: dict[int, int] = {}
    for review in reviews:
        application_id = review.assignment.application_id
        written = [(None, review.overall_comment)] + [
            (score.criterion.name, score.comment) for score in review.scores.all()
        ]
        written = [(on, text.strip()) for on, text in written if text and text.strip()]
        if not written:
            continue
        numbers[application_id] = number = numbers.get(application_id, 0) + 1
        for on, text in written:
            heading = f"Reviewer {number}" + (f", on {on}" if on else "")
            found.setdefault(application_id, []).append(Comment(heading=heading, text=text))
    return found
