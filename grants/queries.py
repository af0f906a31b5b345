"""Read side of grants: named QuerySet methods that annotate and prefetch once."""

from decimal import Decimal

from django.db import models
from django.db.models import Count, F, Prefetch, Q, Sum

from grants.money import CENT, ZERO
from grants.workflow import BUDGET_STATES, State


class CycleQuerySet(models.QuerySet):
    def open_at(self, moment):
        return self.filter(opens_at__lte=moment, closes_at__gt=moment)

    def public(self):
        """Every cycle the public list shows: open, upcoming and closed, soonest close first."""
        return self.order_by("closes_at")

    def upcoming_or_open(self, moment):
        """Cycles one can still apply to, or soon: the soonest deadline first."""
        return self.filter(closes_at__gt=moment).order_by("closes_at", "opens_at")

    def closed_at(self, moment):
        """Cycles whose deadline has passed, the most recent first."""
        return self.filter(closes_at__lte=moment).order_by("-closes_at")

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
        """The applicant's list: each with its cycle and its timeline, in three queries."""
        from grants.models import ApplicationEvent

        return (
            self.select_related("cycle", "applicant")
            .prefetch_related(
                Prefetch("events", queryset=ApplicationEvent.objects.order_by("created_at", "id"))
            )
            .order_by("-created_at", "-id")
        )

    def for_office_list(self):
        return self.select_related("cycle", "applicant").order_by(
            F("submitted_at").desc(nulls_last=True), "-created_at", "-id"
        )

    def for_detail(self):
        """One application with everything its pages show, read once."""
        from grants.models import ApplicationEvent

        return self.select_related("cycle", "applicant", "agreement").prefetch_related(
            "budget_lines",
            "answers",
            "attachments",
            "cycle__questions",
            Prefetch(
                "events",
                queryset=ApplicationEvent.objects.select_related("actor").order_by(
                    "created_at", "id"
                ),
            ),
        )

    def filtered(self, *, state="", purpose=""):
        queryset = self
        if state:
            queryset = queryset.filter(state=state)
        if purpose:
            queryset = queryset.filter(purpose=purpose)
        return queryset

    def committed_total(self) -> Decimal:
        """Money spent from the budget: the amounts of applications in a budget state."""
        total = self.filter(state__in=BUDGET_STATES).aggregate(
            total=Sum("awarded_amount", default=ZERO)
        )["total"]
        return Decimal(total).quantize(CENT)
