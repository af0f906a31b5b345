import pytest

from accounts.roles import Role
from tests import factories


@pytest.fixture
def applicant(db):
    return factories.UserFactory(roles=[Role.APPLICANT])


@pytest.fixture
def other_applicant(db):
    return factories.UserFactory(roles=[Role.APPLICANT])


@pytest.fixture
def reviewer(db):
    return factories.UserFactory(roles=[Role.APPLICANT, Role.REVIEWER])


@pytest.fixture
def board_member(db):
    return factories.UserFactory(roles=[Role.APPLICANT, Role.BOARD])


@pytest.fixture
def staff_member(db):
    return factories.UserFactory(roles=[Role.APPLICANT, Role.STAFF])


@pytest.fixture(autouse=True)
def private_media(tmp_path, settings):
    """Uploaded files go to a throwaway folder in every test."""
    location = tmp_path / "private"
    settings.MEDIA_ROOT = location
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location), "base_url": "/private-files-are-never-served/"},
        },
    }
    return location
