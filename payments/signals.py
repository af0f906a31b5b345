"""Sent by payments.services inside the payment's transaction; notifications listens.

payment_recorded: sender=Payment, payment, by, total_paid (Decimal, this payment included).
"""

from django.dispatch import Signal

payment_recorded = Signal()
