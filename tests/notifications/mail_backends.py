"""Mail backends for tests: a mail server that is down (a real SMTP backend that cannot
connect) and a local one on which two workers must meet."""

import smtplib
import threading

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.mail.backends.smtp import EmailBackend

DOWN = "tests.notifications.mail_backends.SMTPDownBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


class SMTPDownBackend(EmailBackend):
    def open(self):
        raise smtplib.SMTPConnectError(421, "smtp.example.org: Service not available")


def mail_server_down(settings):
    settings.MAILERS = {"default": {"BACKEND": DOWN, "OPTIONS": {"host": "smtp.example.org"}}}


def mail_server_up(settings):
    settings.MAILERS = {"default": {"BACKEND": LOCMEM}}


class RendezvousBackend(LocmemBackend):
    """Local memory mail that makes two workers meet while each holds a different email,
    proving they really send at the same time; records which worker sent each message."""

    barrier = None
    met = set()

    def send_messages(self, messages):
        worker = threading.current_thread().name
        if self.barrier is not None and worker not in self.met:
            self.met.add(worker)
            self.barrier.wait(timeout=20)
        for message in messages:
            message.sent_by_worker = worker
        return super().send_messages(messages)
