"""Events from accounts that higher layers may react to (only notifications does).

Sent inside the transaction of the change; receivers only write rows (an outbox entry).
"""

from django.dispatch import Signal

# An applicant gave a listing that nobody has verified yet (at sign-up or on the profile).
# Sent with `user`.
awaiting_verification = Signal()

# Staff (or the directory import) changed a person's verification. Sent with `user`,
# `verified` (bool) and `by` (None for the command line).
verification_changed = Signal()

# event=accounts.models.SecurityEvent (user, kind, at, ip_address, detail)
account_security_event = Signal()
