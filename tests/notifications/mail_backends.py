"""A mail server that is down, as a real SMTP backend that cannot connect."""

import smtplib

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
