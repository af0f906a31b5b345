"""The review half of the scale cycle: assignments, object permissions, reviews and
scores, written in bulk (a mixin of demo.seeding.scale's builder)."""

from datetime import timedelta

from django.contrib.auth.models import Permission

from grants import workflow
from grants.models import ApplicationUserObjectPermission
from grants.workflow import State, Transition
from reviews import stored_scores
from reviews.models import Assignment, AssignmentStatus, Recommendation, Review, Score

BATCH = 2000
# States reached through the start of review: those applications have reviewers.
ASSIGNED_STATES = frozenset(
    state
    for state in State
    if any(name == Transition.START_REVIEW for name, _, _ in workflow.path(State.DRAFT, state))
)


class ReviewsMixin:
    """Needs self.spec, self.rng and self.counts (see scale._Builder)."""

    def _reviews(self, cycle, applications, reviewers, criteria, staff):
        """Assign reviewers round-robin (even loads), grant the object permission, and
        write the reviews each state implies: all submitted once an application is
        reviewed, most of them while it is under review."""
        per_app = self.spec.reviews_per_application
        perm = Permission.objects.get(
            content_type__app_label="grants", codename="review_application"
        )
        leniency = {r.pk: self.rng.uniform(-0.6, 0.6) for r in reviewers}
        assignments, perms, plans = [], [], []
        slot = 0
        for app in applications:
            if app.state not in ASSIGNED_STATES:
                continue
            quality = self.rng.uniform(1.5, 4.8)
            for k in range(per_app):
                reviewer = reviewers[(slot + k) % len(reviewers)]
                status, plan = self._assignment_plan(app.state)
                assignments.append(
                    Assignment(
                        application_id=app.pk,
                        reviewer_id=reviewer.pk,
                        assigned_by_id=staff.pk,
                        assigned_at=app.submitted_at + timedelta(days=2),
                        due_at=cycle.reviews_due_at,
                        status=status,
                        no_conflict_declared_at=(
                            app.submitted_at + timedelta(days=3)
                            if plan in ("submitted", "draft")
                            else None
                        ),
                        conflict_declared_at=(
                            app.submitted_at + timedelta(days=3) if plan == "conflict" else None
                        ),
                        conflict_reason="We work at the same clinic." if plan == "conflict" else "",
                    )
                )
                if plan != "conflict":
                    perms.append(
                        ApplicationUserObjectPermission(
                            permission_id=perm.pk, user_id=reviewer.pk, content_object_id=app.pk
                        )
                    )
                plans.append((plan, quality + leniency[reviewer.pk], app.submitted_at))
            slot += per_app
        assignments = Assignment.objects.bulk_create(assignments, batch_size=BATCH)
        ApplicationUserObjectPermission.objects.bulk_create(perms, batch_size=BATCH)
        self.counts["assignments"] = len(assignments)
        self.counts["object_permissions"] = len(perms)
        self._write_reviews(assignments, plans, criteria)
        # Each review's stored score, as the services would have written it: one statement.
        stored_scores.store_cycle_scores(cycle.pk)

    def _assignment_plan(self, state) -> tuple[str, str]:
        if state != State.UNDER_REVIEW:
            return AssignmentStatus.SUBMITTED, "submitted"
        roll = self.rng.random()
        if roll < 0.03:
            return AssignmentStatus.CONFLICT, "conflict"
        if roll < 0.55:
            return AssignmentStatus.SUBMITTED, "submitted"
        if roll < 0.75:
            return AssignmentStatus.ASSIGNED, "draft"
        return AssignmentStatus.ASSIGNED, "not_started"

    def _write_reviews(self, assignments, plans, criteria):
        reviews, review_plans = [], []
        for assignment, (plan, mean, submitted_at) in zip(assignments, plans, strict=True):
            if plan not in ("submitted", "draft"):
                continue
            reviews.append(
                Review(
                    assignment_id=assignment.pk,
                    overall_comment="Clear plan; the budget could say more about travel.",
                    recommendation=self._recommendation(mean) if plan == "submitted" else "",
                    submitted_at=submitted_at + timedelta(days=9) if plan == "submitted" else None,
                )
            )
            review_plans.append((plan, mean))
        reviews = Review.objects.bulk_create(reviews, batch_size=BATCH)
        scores = []
        for review, (plan, mean) in zip(reviews, review_plans, strict=True):
            # A draft review has the first half of its scores filled in.
            scored = criteria if plan == "submitted" else criteria[: max(1, len(criteria) // 2)]
            for criterion in scored:
                na = criterion.allows_na and self.rng.random() < 0.05
                value = None if na else min(5, max(1, round(self.rng.gauss(mean, 0.7))))
                scores.append(
                    Score(review_id=review.pk, criterion_id=criterion.pk, value=value, is_na=na)
                )
        Score.objects.bulk_create(scores, batch_size=BATCH * 2)
        self.counts["reviews"] = len(reviews)
        self.counts["submitted_reviews"] = sum(1 for p, _ in review_plans if p == "submitted")
        self.counts["scores"] = len(scores)

    @staticmethod
    def _recommendation(mean: float) -> str:
        if mean >= 3.8:
            return Recommendation.FUND
        if mean >= 2.8:
            return Recommendation.FUND_WITH_CHANGES
        return Recommendation.DO_NOT_FUND
