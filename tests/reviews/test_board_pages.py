"""The board's review pages: access, actions, and query budgets at two data sizes."""

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.workflow import State
from reviews import services
from reviews.models import Assignment, AssignmentStatus, KnownConflict
from tests import factories
from tests.reviews.conftest import make_reviewers, submitted_application


def _board_urls(cycle, application):
    return [
        reverse("reviews:board"),
        reverse("reviews:assignments", args=[cycle.slug]),
        reverse("reviews:auto_assign", args=[cycle.slug]) + "?seed=4",
        reverse("reviews:conflicts", args=[cycle.slug]),
        reverse("reviews:ranking", args=[cycle.slug]),
        reverse("reviews:ranking", args=[cycle.slug]) + "?order=normalised",
        reverse("reviews:board_application", args=[application.pk]),
    ]


def test_board_pages_refuse_reviewers_and_send_strangers_to_login(client, review_cycle, reviewer):
    app = submitted_application(review_cycle)
    for url in _board_urls(review_cycle, app):
        assert client.get(url).status_code == 302, url
    client.force_login(reviewer)
    for url in _board_urls(review_cycle, app):
        assert client.get(url).status_code == 403, url


def test_staff_may_look_but_not_change(client, review_cycle, staff_member, reviewer):
    app = submitted_application(review_cycle)
    client.force_login(staff_member)
    for url in _board_urls(review_cycle, app):
        assert client.get(url).status_code == 200, url
    response = client.post(
        reverse("reviews:board_application", args=[app.pk]), {"reviewers": [reviewer.pk]}
    )
    assert response.status_code == 403
    assert Assignment.objects.count() == 0


def test_board_assigns_several_reviewers_to_one_application(client, review_cycle, board_member):
    app = submitted_application(review_cycle)
    reviewers = make_reviewers(2)
    client.force_login(board_member)
    response = client.post(
        reverse("reviews:board_application", args=[app.pk]),
        {"reviewers": [r.pk for r in reviewers]},
    )
    assert response.status_code == 302
    assert sorted(Assignment.objects.values_list("reviewer_id", flat=True)) == sorted(
        r.pk for r in reviewers
    )
    app.refresh_from_db()
    assert app.state == State.UNDER_REVIEW


def test_board_assigns_one_reviewer_to_ticked_applications(client, review_cycle, board_member):
    apps = [submitted_application(review_cycle) for _ in range(3)]
    (reviewer,) = make_reviewers(1)
    client.force_login(board_member)
    response = client.post(
        reverse("reviews:assignments", args=[review_cycle.slug]),
        {"reviewer": reviewer.pk, "applications": [apps[0].pk, apps[2].pk]},
    )
    assert response.status_code == 302
    assert sorted(Assignment.objects.values_list("application_id", flat=True)) == [
        apps[0].pk,
        apps[2].pk,
    ]


def test_refused_assignment_keeps_the_ticks_and_says_why(client, review_cycle, board_member):
    (reviewer,) = make_reviewers(1)
    own = submitted_application(review_cycle, applicant=reviewer)
    client.force_login(board_member)
    response = client.post(
        reverse("reviews:assignments", args=[review_cycle.slug]),
        {"reviewer": reviewer.pk, "applications": [own.pk]},
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "is the applicant of" in text
    assert f'value="{own.pk}" id="select-{own.pk}" checked' in text


def test_auto_assign_preview_then_confirm(client, review_cycle, board_member):
    apps = [submitted_application(review_cycle) for _ in range(2)]
    make_reviewers(3)
    client.force_login(board_member)
    url = reverse("reviews:auto_assign", args=[review_cycle.slug])
    preview = client.get(url, {"seed": 11, "exclude_applicants_in_cycle": "on"})
    assert "4 new assignments" in preview.content.decode()
    assert Assignment.objects.count() == 0
    plan = services.auto_assign(review_cycle, seed=11)
    response = client.post(
        url,
        {"seed": 11, "exclude_applicants_in_cycle": "on", "fingerprint": plan.fingerprint},
    )
    assert response.status_code == 302
    assert sorted(Assignment.objects.values_list("application_id", "reviewer_id")) == list(
        plan.pairs
    )
    for app in apps:
        app.refresh_from_db()
        assert app.state == State.UNDER_REVIEW


def test_auto_assign_confirm_with_a_stale_preview_saves_nothing(client, review_cycle, board_member):
    submitted_application(review_cycle)
    make_reviewers(3)
    client.force_login(board_member)
    response = client.post(
        reverse("reviews:auto_assign", args=[review_cycle.slug]),
        {"seed": 11, "exclude_applicants_in_cycle": "on", "fingerprint": "old"},
    )
    assert response.status_code == 200
    assert "nothing was saved" in response.content.decode()
    assert Assignment.objects.count() == 0


def test_board_records_a_known_conflict_by_email(client, review_cycle, board_member):
    app = submitted_application(review_cycle)
    (reviewer,) = make_reviewers(1)
    client.force_login(board_member)
    response = client.post(
        reverse("reviews:conflicts", args=[review_cycle.slug]),
        {"reviewer": reviewer.pk, "applicant_email": app.applicant.email.upper(), "reason": "Kin"},
    )
    assert response.status_code == 302
    conflict = KnownConflict.objects.get()
    assert (conflict.reviewer, conflict.applicant, conflict.reason, conflict.recorded_by) == (
        reviewer,
        app.applicant,
        "Kin",
        board_member,
    )
    page = client.get(reverse("reviews:conflicts", args=[review_cycle.slug])).content.decode()
    assert app.applicant.full_name in page


def test_board_application_page_names_reviewers_and_shows_a_needed_reviewer(
    client, review_cycle, board_member
):
    app = submitted_application(review_cycle)
    first, second = make_reviewers(2)
    a1, a2 = services.assign(by=board_member, applications=[app], reviewers=[first, second])
    services.declare_conflict(assignment=a2, by=second, reason="Neighbour")
    client.force_login(board_member)
    text = client.get(reverse("reviews:board_application", args=[app.pk])).content.decode()
    assert first.full_name in text
    assert "Conflict declared: Neighbour" in text
    assert "This application needs 1 more reviewer." in text


def test_unassign_from_the_board_page(client, review_cycle, board_member):
    app = submitted_application(review_cycle)
    (reviewer,) = make_reviewers(1)
    (assignment,) = services.assign(by=board_member, applications=[app], reviewers=[reviewer])
    client.force_login(board_member)
    response = client.post(reverse("reviews:unassign", args=[assignment.pk]))
    assert response.status_code == 302
    assert Assignment.objects.count() == 0


# Query budgets ------------------------------------------------------------------------


def _populate(cycle, board_member, reviewers, count):
    """`count` applications, each with two submitted reviews, one draft and a conflict."""
    criteria = list(cycle.rubric.criteria.all())
    for _ in range(count):
        app = submitted_application(cycle)
        factories.force_state(app, State.UNDER_REVIEW)
        for reviewer in reviewers[:2]:
            assignment = factories.AssignmentFactory(
                application=app, reviewer=reviewer, status=AssignmentStatus.SUBMITTED
            )
            review = factories.ReviewFactory(assignment=assignment, submitted_at=timezone.now())
            for criterion in criteria:
                factories.ScoreFactory(
                    review=review, criterion=criterion, value=criterion.scale_max
                )
        factories.AssignmentFactory(application=app, reviewer=reviewers[2])
        factories.AssignmentFactory(
            application=app, reviewer=reviewers[3], status=AssignmentStatus.CONFLICT
        )
        factories.KnownConflictFactory(reviewer=reviewers[4], applicant=app.applicant)


def _queries(client, url, expected=None, django_assert_num_queries=None):
    """Queries of one GET after a warm-up (content types and permissions are cached);
    with `expected`, asserted exactly through django_assert_num_queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    if expected is not None:
        with django_assert_num_queries(expected):
            response = client.get(url)
        assert response.status_code == 200
        return expected
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["assignments", "ranking", "ranking_normalised", "conflicts"])
def test_board_pages_cost_the_same_queries_at_two_sizes(
    client, board_member, page, django_assert_num_queries
):
    counts = []
    for size in (3, 30):
        cycle = factories.CycleFactory(reviewers_per_application=2)
        rubric = factories.RubricFactory(cycle=cycle)
        factories.CriterionFactory(rubric=rubric)
        factories.CriterionFactory(rubric=rubric, scale_min=0, scale_max=10)
        reviewers = make_reviewers(5)
        _populate(cycle, board_member, reviewers, size)
        name = "ranking" if page.startswith("ranking") else page
        url = reverse(f"reviews:{name}", args=[cycle.slug])
        if page == "ranking_normalised":
            url += "?order=normalised"
        client.force_login(board_member)
        expected = counts[0] if counts else None
        counts.append(_queries(client, url, expected, django_assert_num_queries))
    # session, user, roles, inbox badge and session save are 7 of these
    assert counts[0] <= 16


def test_board_application_page_costs_the_same_with_more_reviews(
    client, board_member, django_assert_num_queries
):
    counts = []
    for reviewer_count in (2, 8):
        cycle = factories.CycleFactory(reviewers_per_application=2)
        rubric = factories.RubricFactory(cycle=cycle)
        criteria = [factories.CriterionFactory(rubric=rubric) for _ in range(3)]
        app = factories.force_state(submitted_application(cycle), State.UNDER_REVIEW)
        make_reviewers(1)  # someone left to add, so the form shows at both sizes
        for reviewer in make_reviewers(reviewer_count):
            assignment = factories.AssignmentFactory(
                application=app, reviewer=reviewer, status=AssignmentStatus.SUBMITTED
            )
            review = factories.ReviewFactory(assignment=assignment, submitted_at=timezone.now())
            for criterion in criteria:
                factories.ScoreFactory(review=review, criterion=criterion, value=3)
            factories.ReviewRevisionFactory(review=review, revised_by=reviewer)
        client.force_login(board_member)
        url = reverse("reviews:board_application", args=[app.pk])
        expected = counts[0] if counts else None
        counts.append(_queries(client, url, expected, django_assert_num_queries))


def test_reviewer_dashboard_costs_the_same_at_two_sizes(
    client, board_member, django_assert_num_queries
):
    counts = []
    for size in (3, 30):
        cycle = factories.CycleFactory()
        (reviewer,) = make_reviewers(1)
        apps = [submitted_application(cycle) for _ in range(size)]
        services.assign(by=board_member, applications=apps, reviewers=[reviewer])
        for assignment in Assignment.objects.filter(reviewer=reviewer)[: size // 3]:
            services.declare_no_conflict(assignment=assignment, by=reviewer)
            factories.ReviewFactory(assignment=assignment)
        client.force_login(reviewer)
        expected = counts[0] if counts else None
        counts.append(
            _queries(client, reverse("reviews:my_reviews"), expected, django_assert_num_queries)
        )
    assert counts[0] <= 14
