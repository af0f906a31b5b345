"""Recording payments: accepted awards only, never more than the award, always audited."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from grants.models import ApplicationEvent, TransitionRefused
from grants.workflow import Action, State
from payments import services
from payments.models import Method, Payment
from tests import factories
from tests.payments.conftest import make_accepted_award

pytestmark = pytest.mark.django_db


def pay(application, by, amount, **extra):
    values = {
        "paid_on": timezone.localdate(),
        "method": Method.BANK_TRANSFER,
        "reference": "",
        "note": "",
    }
    values.update(extra)
    return services.record_payment(application, by=by, amount=Decimal(amount), **values)


def test_an_instalment_is_recorded_and_audited(accepted_award, treasurer):
    payment = pay(accepted_award, treasurer, "400.00", reference="TRF-1", note="First half")

    assert Payment.objects.get() == payment
    assert (payment.amount, payment.reference, payment.note, payment.recorded_by) == (
        Decimal("400.00"),
        "TRF-1",
        "First half",
        treasurer,
    )
    event = ApplicationEvent.objects.get(application=accepted_award, name=Action.PAYMENT_RECORDED)
    assert event.actor == treasurer
    assert event.note == (
        f"400.00 USD by bank transfer on {timezone.localdate().isoformat()}; "
        "paid to date 400.00 USD of 1,000.00 USD."
    )
    accepted_award.refresh_from_db()
    assert accepted_award.paid_in_full_at is None


def test_the_last_instalment_marks_the_award_paid_in_full(accepted_award, treasurer):
    pay(accepted_award, treasurer, "400.00")
    pay(accepted_award, treasurer, "600.00", method=Method.CHECK, reference="1042")

    accepted_award.refresh_from_db()
    assert accepted_award.paid_in_full_at is not None
    assert accepted_award.state == State.ACCEPTED  # the final report is still to come
    names = list(
        ApplicationEvent.objects.filter(application=accepted_award)
        .order_by("pk")
        .values_list("name", flat=True)
    )
    assert names[-3:] == [Action.PAYMENT_RECORDED, Action.PAYMENT_RECORDED, Action.PAID_IN_FULL]


def test_a_payment_above_the_outstanding_amount_is_refused_and_names_it(accepted_award, treasurer):
    pay(accepted_award, treasurer, "700.00")

    with pytest.raises(TransitionRefused) as refused:
        pay(accepted_award, treasurer, "300.01")

    assert refused.value.message == (
        "That is more than is outstanding: 300.00 USD is outstanding (awarded 1,000.00 USD, "
        "paid so far 700.00 USD). Record at most the outstanding amount."
    )
    assert Payment.objects.count() == 1


def test_a_fully_paid_award_takes_no_more_payments(accepted_award, treasurer):
    pay(accepted_award, treasurer, "1000.00")

    with pytest.raises(TransitionRefused) as refused:
        pay(accepted_award, treasurer, "0.01")

    assert refused.value.message == (
        "This award is already paid in full (1,000.00 USD); nothing is outstanding."
    )


@pytest.mark.parametrize("state", [State.AWARDED, State.REVIEWED, State.RESCINDED])
def test_payments_are_only_for_accepted_awards(treasurer, state):
    application = factories.force_state(
        factories.ApplicationFactory(), state, awarded_amount=Decimal("500.00")
    )

    with pytest.raises(TransitionRefused) as refused:
        pay(application, treasurer, "100.00")

    assert refused.value.message.startswith(
        "Payments are recorded only on an award the grantee has accepted; this application is "
    )
    assert Payment.objects.count() == 0


@pytest.mark.parametrize("amount", ["0", "-5", "10.001"])
def test_amounts_that_are_not_positive_cents_are_refused(accepted_award, treasurer, amount):
    with pytest.raises(TransitionRefused):
        pay(accepted_award, treasurer, amount)
    assert Payment.objects.count() == 0


def test_a_payment_dated_in_the_future_is_refused(accepted_award, treasurer):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    with pytest.raises(TransitionRefused) as refused:
        pay(accepted_award, treasurer, "10.00", paid_on=tomorrow)

    assert refused.value.message == (
        "The payment date is in the future. Record a payment on the day it is made."
    )


@pytest.mark.parametrize("who", ["applicant", "board_member", "staff_member", "reviewer"])
def test_only_a_treasurer_records_payments(request, accepted_award, who):
    person = accepted_award.applicant if who == "applicant" else request.getfixturevalue(who)

    with pytest.raises(TransitionRefused) as refused:
        pay(accepted_award, person, "10.00")

    assert refused.value.message == "You are not allowed to record payments."


def test_payments_of_one_award_do_not_count_against_another(treasurer):
    first = make_accepted_award(amount=Decimal("500.00"))
    second = make_accepted_award(amount=Decimal("500.00"))
    pay(first, treasurer, "500.00")

    payment = pay(second, treasurer, "500.00")

    assert payment.amount == Decimal("500.00")


def test_the_grantee_is_told_of_each_payment(accepted_award, treasurer):
    from notifications.models import Email, Notice

    pay(accepted_award, treasurer, "250.00", note="Asked the bank to hurry")

    email = Email.objects.get(recipient=accepted_award.applicant, event="payment_recorded")
    assert "Asked the bank" not in email.body_text + email.body_html
    assert email.subject == (
        f"A payment of your grant is on its way: {accepted_award.title} — {accepted_award.cycle}"
    )
    assert "250.00 USD" in email.body_text
    assert "750.00 USD" in email.body_text
    assert "/payments/my-awards/" in email.body_text
    notice = Notice.objects.get(user=accepted_award.applicant, event="payment_recorded")
    assert notice.body == "250.00 USD sent; 250.00 USD of 1,000.00 USD paid so far."


def test_the_grantee_is_asked_for_payee_details_on_accepting(accepted_award):
    from notifications.models import Email

    email = Email.objects.get(recipient=accepted_award.applicant, event="payee_details_asked")

    assert email.subject == (
        "One more step: where should we send your grant? "
        f"{accepted_award.title} — {accepted_award.cycle}"
    )
    assert f"/payments/my-awards/{accepted_award.pk}/payee/" in email.body_text
