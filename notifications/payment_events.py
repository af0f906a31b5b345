"""Who hears of payments (connected in notifications/receivers.py): the grantee, asked
where to send the money once they accept, and told of each payment (never the
treasurer's note)."""

from grants.workflow import Transition
from notifications import formatting, links
from notifications.compose import Message, queue_email
from notifications.formatting import about
from notifications.models import Event

# Payments -----------------------------------------------------------------------------


def on_award_accepted(sender, instance, name, **kwargs):
    """Once the grantee accepts, ask where the treasurer should send the money."""
    if name != Transition.ACCEPT or kwargs.get("exception") is not None:
        return
    cycle = instance.cycle
    message = Message(
        event=Event.PAYEE_DETAILS_ASKED,
        subject=f"One more step: where should we send your grant? {about(instance)}",
        template="payee_details_asked",
        reason=f"you accepted an award in {cycle}.",
        path=links.first_url(("payments:payee", (instance.pk,))),
        context={"amount": formatting.money(instance.awarded_amount, cycle.currency)},
        notice_body="Tell the treasurer your legal name, postal address and tax form.",
        cycle=cycle,
        application=instance,
    )
    queue_email(message, instance.applicant)


def on_payment_recorded(sender, payment, total_paid, by=None, **kwargs):
    application = payment.application
    cycle = application.cycle

    def money(amount):
        return formatting.money(amount, cycle.currency)

    amount, paid, awarded = (
        money(payment.amount),
        money(total_paid),
        money(application.awarded_amount),
    )
    message = Message(
        event=Event.PAYMENT_RECORDED,
        subject=f"A payment of your grant is on its way: {about(application)}",
        template="payment_recorded",
        reason=f"you accepted an award in {cycle} and the treasurer recorded a payment.",
        path=links.first_url(("payments:payee", (application.pk,))),
        context={
            "amount": amount,
            "paid_on": payment.paid_on.isoformat(),
            "method": payment.get_method_display().lower(),
            "paid": paid,
            "awarded": awarded,
            "outstanding": money(application.awarded_amount - total_paid),
            "fully_paid": total_paid >= application.awarded_amount,
        },
        notice_body=f"{amount} sent; {paid} of {awarded} paid so far.",
        cycle=cycle,
        application=application,
        related_ref=f"payments.payment:{payment.pk}",
    )
    queue_email(message, application.applicant)
