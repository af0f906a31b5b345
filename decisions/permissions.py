"""Who may use the board's room, asked as permissions (accounts.access).

The desk and decisions need `grants.decide_application`, the release
`grants.release_decisions`, the downloads `grants.export_results`; a downloader sees
review details only while holding `reviews.view_review` (and never those of their own
conflicts, reviews.board_conflicts).
"""

from accounts.access import holds

DECIDE = "grants.decide_application"
RELEASE = "grants.release_decisions"
EXPORT = "grants.export_results"
READ_REVIEWS = "reviews.view_review"


def may_use_desk(user) -> bool:
    return holds(user, DECIDE)


def may_release(user) -> bool:
    return holds(user, RELEASE)


def may_export(user) -> bool:
    return holds(user, EXPORT)


def may_read_reviews(user) -> bool:
    return holds(user, READ_REVIEWS)
