"""Signals grants sends for audited actions that are not transitions (transitions send
django-fsm's post_transition). Only notifications/receivers.py listens."""

from django.dispatch import Signal

# An award's amount changed: application, previous, amount, reason, by.
award_corrected = Signal()
