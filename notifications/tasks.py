"""The background task that sends one outbox row (run by `manage.py db_worker`)."""

from django.tasks import task

from notifications import delivery


@task()
def send_email_task(email_id: int) -> str:
    """Claim the row and send it; a row another worker has, or one already sent, is left be.

    A failure is recorded on the row; where the task backend can run work later, the
    retry is scheduled here, otherwise `send_pending_emails` (cron) picks it up.
    """
    email = delivery.claim(email_id)
    if email is None:
        return "skipped"
    if delivery.send(email):
        return "sent"
    schedule_retry(email)
    return "failed"


def schedule_retry(email) -> None:
    if email.next_attempt_at is None:
        return
    backend = send_email_task.get_backend()
    if backend.supports_defer:
        send_email_task.using(run_after=email.next_attempt_at).enqueue(email.pk)
