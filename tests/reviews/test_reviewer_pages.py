"""The reviewer's pages: queue, conflict check, review form, attachments, and 404s."""

import re

import pytest
from django.urls import reverse

from reviews import services
from reviews.models import Assignment, AssignmentStatus, Review
from tests import factories
from tests.reviews.conftest import submitted_application


@pytest.fixture
def assignment(review_cycle, board_member, reviewer):
    app = submitted_application(review_cycle)
    factories.AttachmentFactory(application=app, original_name="Quote from Jane Doe.pdf")
    (assignment,) = services.assign(by=board_member, applications=[app], reviewers=[reviewer])
    return assignment


def _criteria(cycle):
    return list(cycle.rubric.criteria.order_by("position"))


def _declared(assignment):
    services.declare_no_conflict(assignment=assignment, by=assignment.reviewer)
    return assignment


def test_my_reviews_is_for_reviewers_only(client, applicant):
    assert client.get(reverse("reviews:my_reviews")).status_code == 302
    client.force_login(applicant)
    assert client.get(reverse("reviews:my_reviews")).status_code == 403


def test_my_reviews_lists_the_assignment_with_its_state(client, reviewer, assignment):
    client.force_login(reviewer)
    response = client.get(reverse("reviews:my_reviews"))
    text = response.content.decode()
    assert response.status_code == 200
    assert assignment.application.title in text
    assert "Conflict check needed" in text
    assert "You have submitted <strong>0 of 1</strong> review." in text


def test_review_page_before_declaring_goes_to_the_conflict_check(client, reviewer, assignment):
    client.force_login(reviewer)
    response = client.get(reverse("reviews:review", args=[assignment.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("reviews:declare", args=[assignment.pk])


def test_conflict_check_shows_only_the_summary(client, reviewer, assignment):
    client.force_login(reviewer)
    response = client.get(reverse("reviews:declare", args=[assignment.pk]))
    text = response.content.decode()
    assert assignment.application.summary in text
    assert assignment.application.need_and_plan not in text
    assert "This is a blind review." in text


def test_declaring_no_conflict_opens_the_application(client, reviewer, assignment):
    client.force_login(reviewer)
    response = client.post(
        reverse("reviews:declare", args=[assignment.pk]), {"answer": "no_conflict"}, follow=True
    )
    text = response.content.decode()
    assert assignment.application.need_and_plan in text
    assert "Attachment 1" in text


def test_declaring_a_conflict_without_a_reason_keeps_the_person_on_the_page(
    client, reviewer, assignment
):
    client.force_login(reviewer)
    response = client.post(
        reverse("reviews:declare", args=[assignment.pk]), {"answer": "conflict", "reason": ""}
    )
    assert response.status_code == 200
    assert "There is one thing to fix" in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.ASSIGNED


def test_declaring_a_conflict_recuses_and_then_every_url_is_404(client, reviewer, assignment):
    client.force_login(reviewer)
    response = client.post(
        reverse("reviews:declare", args=[assignment.pk]),
        {"answer": "conflict", "reason": "She is my sister"},
    )
    assert response["Location"] == reverse("reviews:my_reviews")
    attachment = assignment.application.attachments.get()
    for url in _reviewer_urls(assignment, attachment):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"answer": "no_conflict", "action": "draft"}).status_code == 404


def _reviewer_urls(assignment, attachment):
    return [
        reverse("reviews:review", args=[assignment.pk]),
        reverse("reviews:declare", args=[assignment.pk]),
        reverse("reviews:attachment", args=[assignment.pk, attachment.pk]),
    ]


def test_another_reviewer_gets_404_on_every_review_url(client, assignment, second_reviewer):
    client.force_login(second_reviewer)
    attachment = assignment.application.attachments.get()
    for url in _reviewer_urls(assignment, attachment):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"answer": "no_conflict"}).status_code == 404, url
    assert Assignment.objects.get().no_conflict_declared_at is None


def test_unassigned_reviewer_gets_404_and_loses_the_permission(
    client, reviewer, assignment, board_member
):
    _declared(assignment)
    services.unassign(assignment=assignment, by=board_member)
    client.force_login(reviewer)
    attachment = assignment.application.attachments.get()
    for url in _reviewer_urls(assignment, attachment):
        assert client.get(url).status_code == 404, url


def test_a_permission_without_the_assignment_is_not_enough(client, assignment, second_reviewer):
    from guardian.shortcuts import assign_perm

    assign_perm("grants.review_application", second_reviewer, assignment.application)
    client.force_login(second_reviewer)
    assert client.get(reverse("reviews:review", args=[assignment.pk])).status_code == 404


def test_an_assignment_without_the_permission_is_not_enough(client, reviewer, assignment):
    from guardian.shortcuts import remove_perm

    remove_perm("grants.review_application", reviewer, assignment.application)
    client.force_login(reviewer)
    assert client.get(reverse("reviews:review", args=[assignment.pk])).status_code == 404


def test_attachment_downloads_under_a_neutral_name_in_a_blind_cycle(client, reviewer, assignment):
    _declared(assignment)
    client.force_login(reviewer)
    attachment = assignment.application.attachments.get()
    response = client.get(reverse("reviews:attachment", args=[assignment.pk, attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="attachment-1.pdf"'


def test_attachment_keeps_its_name_when_the_cycle_is_not_blind(client, reviewer, assignment):
    cycle = assignment.application.cycle
    cycle.blind_review = False
    cycle.save()
    _declared(assignment)
    client.force_login(reviewer)
    attachment = assignment.application.attachments.get()
    response = client.get(reverse("reviews:attachment", args=[assignment.pk, attachment.pk]))
    assert "Quote from Jane Doe.pdf" in response["Content-Disposition"]


def _form_data(cycle, action, benefit="4", feasibility="8", recommendation="fund"):
    first, second = _criteria(cycle)
    return {
        f"criterion_{first.pk}": benefit,
        f"comment_{first.pk}": "Clear benefit",
        f"criterion_{second.pk}": feasibility,
        f"comment_{second.pk}": "",
        "overall_comment": "Good plan",
        "recommendation": recommendation,
        "action": action,
    }


def test_review_form_shows_levels_and_na_only_where_allowed(client, reviewer, assignment):
    _declared(assignment)
    client.force_login(reviewer)
    text = client.get(reverse("reviews:review", args=[assignment.pk])).content.decode()
    assert "4 — Strong" in text
    assert text.count('value="na"') == 1
    assert "Look for a clear plan." in text


def test_save_draft_keeps_partial_answers(client, reviewer, assignment, review_cycle):
    _declared(assignment)
    client.force_login(reviewer)
    data = _form_data(review_cycle, "draft", feasibility="", recommendation="")
    response = client.post(reverse("reviews:review", args=[assignment.pk]), data)
    assert response.status_code == 302
    review = Review.objects.get()
    assert review.submitted_at is None
    assert sorted((s.criterion.name, s.value, s.comment) for s in review.scores.all()) == [
        ("Benefit", 4, "Clear benefit"),
        ("Feasibility", None, ""),
    ]


def test_incomplete_submission_loses_nothing_typed(client, reviewer, assignment, review_cycle):
    _declared(assignment)
    client.force_login(reviewer)
    data = _form_data(review_cycle, "submit", feasibility="")
    response = client.post(reverse("reviews:review", args=[assignment.pk]), data)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Choose a score or N/A before submitting." in text
    assert "Clear benefit" in text
    assert "Good plan" in text
    assert Review.objects.count() == 0


def test_submit_and_next_goes_to_the_next_assignment(
    client, reviewer, assignment, review_cycle, board_member
):
    other = submitted_application(review_cycle)
    (following,) = services.assign(by=board_member, applications=[other], reviewers=[reviewer])
    _declared(assignment)
    client.force_login(reviewer)
    response = client.post(
        reverse("reviews:review", args=[assignment.pk]), _form_data(review_cycle, "submit_next")
    )
    assert response["Location"] == reverse("reviews:review", args=[following.pk])
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.SUBMITTED


def test_other_reviews_appear_only_after_submitting_and_only_if_the_cycle_allows(
    client, reviewer, second_reviewer, review_cycle, board_member
):
    review_cycle.reviewers_see_other_reviews = True
    review_cycle.save()
    app = submitted_application(review_cycle)
    mine, theirs = services.assign(
        by=board_member, applications=[app], reviewers=[reviewer, second_reviewer]
    )
    for a in (mine, theirs):
        _declared(a)
    first, second = _criteria(review_cycle)
    scores = {
        first.pk: services.ScoreInput(value=2, comment="Their distinctive remark"),
        second.pk: services.ScoreInput(value=3),
    }
    services.submit_review(
        assignment=theirs, by=second_reviewer, scores=scores, recommendation="fund"
    )
    client.force_login(reviewer)
    url = reverse("reviews:review", args=[mine.pk])
    assert "Their distinctive remark" not in client.get(url).content.decode()
    client.post(url, _form_data(review_cycle, "submit"))
    assert "Their distinctive remark" in client.get(url).content.decode()
    review_cycle.reviewers_see_other_reviews = False
    review_cycle.save()
    assert "Their distinctive remark" not in client.get(url).content.decode()


def test_blind_cycle_leaks_no_applicant_identity_anywhere_a_reviewer_can_reach(
    client, reviewer, review_cycle, board_member
):
    applicant = factories.UserFactory(
        full_name="Zelda Quixotic-Applicant",
        email="zelda.unique@example.org",
        phone="555-0199",
        listing="PP-99887",
        city="Kalamazoo",
        region="MI",
    )
    app = submitted_application(review_cycle, applicant=applicant)
    factories.AttachmentFactory(application=app, original_name="Zelda Quixotic CV.pdf")
    (assignment,) = services.assign(by=board_member, applications=[app], reviewers=[reviewer])
    client.force_login(reviewer)
    secrets = ["Zelda", "Quixotic", "zelda.unique", "555-0199", "PP-99887", "Kalamazoo"]

    responses = []
    seen = set()
    queue = [reverse("reviews:my_reviews")]

    def crawl():
        while queue:
            url = queue.pop()
            if url in seen:
                continue
            seen.add(url)
            response = client.get(url)
            responses.append((url, response))
            if response.status_code in (301, 302):
                queue.append(response["Location"])
                continue
            if response.get("Content-Type", "").startswith("text/html"):
                for link in re.findall(r'(?:href|action)="([^"#]+)"', response.content.decode()):
                    link = link.replace("&amp;", "&")
                    if link.startswith("/") and not link.startswith("/static/"):
                        queue.append(link)

    crawl()
    declare_url = reverse("reviews:declare", args=[assignment.pk])
    responses.append(
        ("POST declare", client.post(declare_url, {"answer": "no_conflict"}, follow=True))
    )
    seen.clear()
    queue.append(reverse("reviews:my_reviews"))
    crawl()
    review_url = reverse("reviews:review", args=[assignment.pk])
    responses.append(
        ("POST draft", client.post(review_url, _form_data(review_cycle, "draft"), follow=True))
    )
    responses.append(
        ("POST submit", client.post(review_url, _form_data(review_cycle, "submit"), follow=True))
    )
    seen.clear()
    queue.append(reverse("reviews:my_reviews"))
    crawl()

    reached = {url for url, _ in responses}
    assert review_url in reached
    assert any("/attachments/" in url for url in reached)
    for url, response in responses:
        body = b"".join(response.streaming_content) if response.streaming else response.content
        headers = str(response.headers)
        for secret in secrets:
            assert secret.encode() not in body, (url, secret)
            assert secret not in headers, (url, secret)


def test_after_the_review_deadline_the_page_offers_no_revision(
    client, reviewer, assignment, review_cycle
):
    from datetime import timedelta

    from django.utils import timezone

    _declared(assignment)
    client.force_login(reviewer)
    url = reverse("reviews:review", args=[assignment.pk])
    client.post(url, _form_data(review_cycle, "submit"))
    assert "Save changes as a revision" in client.get(url).content.decode()
    review_cycle.reviews_due_at = timezone.now() - timedelta(hours=1)
    review_cycle.save()
    text = client.get(url).content.decode()
    assert "Save changes as a revision" not in text
    assert "The time for changes has passed" in text
