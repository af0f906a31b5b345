"""Events of the review process that other layers (notifications) listen to.

Sent inside the transaction of the change; receivers must only write rows (an outbox
entry, a notice), never talk to the outside world directly.
"""

from django.dispatch import Signal

# assignment=Assignment, by=User
reviewer_assigned = Signal()
# assignments=list[Assignment] (application, cycle and reviewer loaded), by=User.
# Sent once by automatic assignment instead of one reviewer_assigned per assignment,
# so a reviewer given many applications hears of them in one message.
reviewers_assigned = Signal()
# assignment=Assignment (status conflict, reason in conflict_reason), by=User
conflict_declared = Signal()
# review=Review, by=User, revised=bool
review_submitted = Signal()
