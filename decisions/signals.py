"""Events of the board's decisions that notifications listens to.

Sent inside the transaction of the change; receivers must only write rows (an outbox
entry, a notice), never talk to the outside world directly.
"""

from django.dispatch import Signal

# cycle=Cycle, by=User  (after decisions_released_at is set)
decisions_released = Signal()
