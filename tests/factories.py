"""factory-boy factories for every model. Keep one factory per model here."""

from datetime import timedelta
from decimal import Decimal

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import User
from grants.choices import Purpose, QuestionKind
from grants.models import (
    Answer,
    Application,
    ApplicationEvent,
    Attachment,
    BudgetLine,
    Cycle,
    CycleQuestion,
)

TEST_PASSWORD = "a-long-test-password-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    credentials = "LMT"
    city = "Asheville"
    region = "NC"
    country = "USA"
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*[Group.objects.get_or_create(name=role)[0] for role in extracted])


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cycle
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Practitioner grants round {n}")
    slug = factory.Sequence(lambda n: f"round-{n}")
    description = "Grants for **professional development** and community service."
    eligibility = "S4OM Preferred Practitioners in good standing."
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=20))
    time_zone = "America/New_York"
    currency = "USD"
    total_budget = Decimal("10000.00")
    max_request = Decimal("2500.00")
    reviewers_per_application = 2
    blind_review = True


class CycleQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CycleQuestion

    cycle = factory.SubFactory(CycleFactory)
    position = factory.Sequence(int)
    label = factory.Sequence(lambda n: f"Extra question {n}")
    kind = QuestionKind.SHORT_TEXT
    required = True


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A complete draft, ready to submit (budget matches, attestation given)."""

    class Meta:
        model = Application
        skip_postgeneration_save = True

    cycle = factory.SubFactory(CycleFactory)
    applicant = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Oncology massage course {n}")
    purpose = Purpose.PROFESSIONAL_DEVELOPMENT
    summary = "A certification course in oncology massage."
    need_and_plan = "I will take the course this spring and practise at the cancer center."
    beneficiaries = "Clients in treatment at the local cancer center."
    timeline = "March to June."
    amount_requested = Decimal("1200.00")
    eligibility_confirmed = True

    @factory.post_generation
    def budget(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            extracted = [("Course fee", self.amount_requested or Decimal("0.01"))]
        for position, (description, amount) in enumerate(extracted):
            BudgetLine.objects.create(
                application=self, position=position, description=description, amount=amount
            )


def force_state(application: Application, state: str, **fields) -> Application:
    """Put an application straight into a state for a test's starting point (no audit)."""
    Application.objects.filter(pk=application.pk).update(state=state, **fields)
    application.refresh_from_db()
    return application


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    application = factory.SubFactory(ApplicationFactory, budget=[])
    description = "Course fee"
    amount = Decimal("100.00")


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    application = factory.SubFactory(ApplicationFactory)
    question = factory.SubFactory(CycleQuestionFactory)
    value = "Yes"


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attachment

    application = factory.SubFactory(ApplicationFactory)
    file = factory.django.FileField(filename="quote.pdf", data=b"%PDF-1.4\n%test\n")
    original_name = "quote.pdf"
    content_type = "application/pdf"
    size = 15


class ApplicationEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationEvent

    application = factory.SubFactory(ApplicationFactory)
    name = "submit"
    source = "draft"
    target = "submitted"


# Reviews ------------------------------------------------------------------------------

from reviews import stored_scores  # noqa: E402
from reviews.models import (  # noqa: E402
    Assignment,
    Criterion,
    KnownConflict,
    Review,
    ReviewRevision,
    Rubric,
    Score,
)


class RubricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rubric

    cycle = factory.SubFactory(CycleFactory)
    instructions = "Score each criterion against its level descriptions."


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    rubric = factory.SubFactory(RubricFactory)
    position = factory.Sequence(int)
    name = factory.Sequence(lambda n: f"Criterion {n}")
    guidance = "Look for a clear plan."
    weight = Decimal("1.00")
    scale_min = 1
    scale_max = 5
    level_descriptions = "Poor\nWeak\nAdequate\nStrong\nExcellent"
    allows_na = False


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    application = factory.SubFactory(ApplicationFactory)
    reviewer = factory.SubFactory(UserFactory)
    due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))


class KnownConflictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KnownConflict

    reviewer = factory.SubFactory(UserFactory)
    applicant = factory.SubFactory(UserFactory)
    reason = "Business partners"


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    assignment = factory.SubFactory(AssignmentFactory)
    overall_comment = "A clear, realistic plan."


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score

    review = factory.SubFactory(ReviewFactory)
    criterion = factory.SubFactory(CriterionFactory)
    value = 4

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # The review's stored score follows its values, as reviews.services keeps it.
        score = super()._create(model_class, *args, **kwargs)
        stored_scores.store_review_score(score.review)
        return score


class ReviewRevisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewRevision

    review = factory.SubFactory(ReviewFactory)


# Notifications ------------------------------------------------------------------------

from notifications.models import Email, Event, Notice, ReminderKind, ReminderLog  # noqa: E402


class EmailFactory(factory.django.DjangoModelFactory):
    """An outbox row waiting to be sent (no task is scheduled: send it with delivery)."""

    class Meta:
        model = Email

    recipient = factory.SubFactory(UserFactory)
    to_address = factory.LazyAttribute(lambda e: e.recipient.email)
    subject = factory.Sequence(lambda n: f"Application received: Course {n} — Round 1")
    body_text = "Hello,\n\nWe have received your application.\n"
    body_html = "<p>Hello,</p><p>We have received your application.</p>"
    event = Event.RECEIPT


class NoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notice

    user = factory.SubFactory(UserFactory)
    event = Event.RECEIPT
    title = factory.Sequence(lambda n: f"Application received: Course {n} — Round 1")
    body = "Submitted today."
    url = "/"


class ReminderLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReminderLog

    kind = ReminderKind.DRAFT_7_DAYS
    object_id = factory.Sequence(int)
    recipient = factory.SubFactory(UserFactory)
