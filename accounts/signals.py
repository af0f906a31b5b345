"""Events of accounts that other layers listen to (notifications emails the owner).

Sent inside the transaction of the change; receivers only write rows (an outbox entry).
"""

from django.dispatch import Signal

# event=accounts.models.SecurityEvent (user, kind, at, ip_address, detail)
account_security_event = Signal()
