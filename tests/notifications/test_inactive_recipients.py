"""A switched-off account (e.g. a deleted person's placeholder) is sent nothing."""

import pytest

from grants import services as grant_services
from notifications.models import Email, Notice
from tests import factories

pytestmark = pytest.mark.django_db


def test_nothing_is_queued_for_a_switched_off_account(cycle, applicant, committed, mailoutbox):
    application = factories.ApplicationFactory(cycle=cycle, applicant=applicant)
    applicant.is_active = False
    applicant.save()

    with committed():
        grant_services.submit(application, by=applicant)

    assert Email.objects.filter(recipient=applicant).count() == 0
    assert Notice.objects.filter(user=applicant).count() == 0
    assert all(applicant.email not in message.to for message in mailoutbox)
