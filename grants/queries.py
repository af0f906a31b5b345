"""Read side of grants: named QuerySet methods that annotate and prefetch once."""

from django.db import models
from django.db.models import Count, Q, Sum
from django.utils import timezone

from grants.workflow import State


class CycleQuerySet(models.QuerySet):
    def open_at(self, moment):
        return self.filter(opens_at__lte=moment, closes_at__gt=moment)

    def open_now(self):
        return self.open_at(timezone.now())

    def public(self):
        """Every cycle the public list shows: open, upcoming and closed, soonest close first."""
        return self.order_by("closes_at")

    def with_state_counts(self):
        return self.annotate(
            **{
                f"count_{state.value}": Count("applications", filter=Q(applications__state=state))
                for state in State
            }
        )


class ApplicationQuerySet(models.QuerySet):
    def in_cycle(self, cycle):
        return self.filter(cycle=cycle)

    def of_applicant(self, user):
        return self.filter(applicant=user)

    def in_state(self, *states):
        return self.filter(state__in=states)

    def for_dashboard(self):
        return self.select_related("cycle").order_by("-created_at")

    def for_office_list(self):
        return self.select_related("cycle", "applicant").order_by("-submitted_at", "-created_at")

    def awarded_total(self):
        return self.filter(state=State.AWARDED).aggregate(total=Sum("awarded_amount", default=0))[
            "total"
        ]
