"""privacy adds its page to the profile; accounts never names it."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_profile_links_to_the_data_export_and_deletion_page(client, applicant):
    client.force_login(applicant)

    html = client.get(reverse("accounts:profile")).content.decode()

    assert "<h2>Your data</h2>" in html
    assert '<li><a href="/privacy/">Download your data or delete your account</a></li>' in html
