"""Every grants page renders for the people who may see it."""

import pytest
from django.urls import reverse

from grants.workflow import State
from tests.factories import (
    AnswerFactory,
    ApplicationFactory,
    AttachmentFactory,
    CycleQuestionFactory,
    force_state,
)


@pytest.mark.django_db
def test_applicant_and_office_pages_render(client, applicant, staff_member):
    application = ApplicationFactory(applicant=applicant)
    question = CycleQuestionFactory(cycle=application.cycle)
    AnswerFactory(application=application, question=question, value="Twice a week")
    attachment = AttachmentFactory(application=application)
    client.force_login(applicant)
    pk = application.pk
    for url in [
        reverse("home"),
        reverse("grants:cycle_list"),
        reverse("grants:cycle_detail", args=[application.cycle.slug]),
        reverse("grants:dashboard"),
        reverse("grants:application_detail", args=[pk]),
        reverse("grants:application_edit", args=[pk]),
        reverse("grants:application_check", args=[pk]),
        reverse("grants:withdraw", args=[pk]),
        reverse("grants:attachment_delete", args=[pk, attachment.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    download = reverse("grants:attachment_download", args=[pk, attachment.pk])
    assert client.get(download).status_code == 200

    force_state(application, State.SUBMITTED)
    client.force_login(staff_member)
    for url in [
        reverse("grants:office_cycles"),
        reverse("grants:office_applications", args=[application.cycle.slug]),
        reverse("grants:office_application", args=[pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
