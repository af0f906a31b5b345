"""Pages anyone may read: the grant cycles and what each offers."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from grants.models import Application, Cycle
from grants.workflow import State

CLOSED_SHOWN = 12


@require_GET
def cycle_list(request):
    now = timezone.now()
    return render(
        request,
        "grants/cycle_list.html",
        {
            "current_cycles": list(Cycle.objects.upcoming_or_open(now)),
            "closed_cycles": list(Cycle.objects.closed_at(now)[:CLOSED_SHOWN]),
        },
    )


@require_GET
def cycle_detail(request, slug):
    cycle = get_object_or_404(Cycle.objects.prefetch_related("questions"), slug=slug)
    mine = None
    if request.user.is_authenticated:
        mine = (
            Application.objects.of_applicant(request.user)
            .in_cycle(cycle)
            .exclude(state=State.WITHDRAWN)
            .first()
        )
    return render(request, "grants/cycle_detail.html", {"cycle": cycle, "mine": mine})
