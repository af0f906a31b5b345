import pytest

from tests import factories


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what would happen after the commit (delivery), as a context manager.

    Tests run inside a transaction that never commits, so on_commit callbacks - the
    scheduling of email delivery - only run inside this block.
    """
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def cycle(db):
    return factories.CycleFactory(title="Spring 2027 practitioner grants")


@pytest.fixture
def application(cycle, applicant):
    return factories.ApplicationFactory(
        cycle=cycle, applicant=applicant, title="Oncology massage certification"
    )
