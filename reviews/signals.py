"""Events of the review process that other layers (notifications) listen to.

Sent inside the transaction of the change; receivers must only write rows (an outbox
entry, a notice), never talk to the outside world directly.
"""

from django.dispatch import Signal

# assignment=Assignment, by=User
reviewer_assigned = Signal()
# assignment=Assignment (status conflict, reason in conflict_reason), by=User
conflict_declared = Signal()
# review=Review, by=User, revised=bool
review_submitted = Signal()
# cycle=Cycle, by=User  (after decisions_released_at is set)
decisions_released = Signal()
