"""The review admin: rubric scales lock once a review exists; reviews are read-only."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories


@pytest.fixture
def admin_user(db):
    return factories.UserFactory(is_staff=True, is_superuser=True)


def test_rubric_scales_are_editable_until_a_review_exists(client, admin_user):
    criterion = factories.CriterionFactory()
    rubric = criterion.rubric
    client.force_login(admin_user)
    url = reverse("admin:reviews_rubric_change", args=[rubric.pk])
    assert 'name="criteria-0-scale_max"' in client.get(url).content.decode()

    factories.ReviewFactory(assignment__application__cycle=rubric.cycle)
    text = client.get(url).content.decode()
    assert 'name="criteria-0-scale_max"' not in text
    assert 'name="criteria-0-weight"' in text


def test_weights_may_change_on_a_locked_rubric(client, admin_user):
    criterion = factories.CriterionFactory()
    rubric = criterion.rubric
    factories.ReviewFactory(assignment__application__cycle=rubric.cycle)
    client.force_login(admin_user)
    url = reverse("admin:reviews_rubric_change", args=[rubric.pk])
    response = client.post(
        url,
        {
            "instructions": rubric.instructions,
            "asks_recommendation": "on",
            "criteria-TOTAL_FORMS": "1",
            "criteria-INITIAL_FORMS": "1",
            "criteria-MIN_NUM_FORMS": "0",
            "criteria-MAX_NUM_FORMS": "1000",
            "criteria-0-id": criterion.pk,
            "criteria-0-rubric": rubric.pk,
            "criteria-0-position": "0",
            "criteria-0-name": criterion.name,
            "criteria-0-guidance": "",
            "criteria-0-weight": "3.50",
            "criteria-0-level_descriptions": "",
            # A tampered scale is ignored: the fields are read-only.
            "criteria-0-scale_max": "10",
        },
    )
    assert response.status_code == 302
    criterion.refresh_from_db()
    assert (str(criterion.weight), criterion.scale_max) == ("3.50", 5)


@pytest.mark.parametrize(
    "name", ["reviews_rubric", "reviews_assignment", "reviews_knownconflict", "reviews_review"]
)
def test_admin_lists_and_pages_open(client, admin_user, name):
    score = factories.ScoreFactory(review__submitted_at=timezone.now())
    factories.KnownConflictFactory()
    factories.ReviewRevisionFactory(review=score.review)
    objects = {
        "reviews_rubric": score.criterion.rubric,
        "reviews_assignment": score.review.assignment,
        "reviews_knownconflict": factories.KnownConflictFactory(),
        "reviews_review": score.review,
    }
    client.force_login(admin_user)
    assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:{name}_change", args=[objects[name].pk])).status_code == 200
