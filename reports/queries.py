"""The read side of reports: each page costs a fixed number of queries.

Overdue: a report still editable (a draft) whose due date has passed. The impact page
adds up the accepted reports' answers to the standard measures in one grouped query.
"""

from django.db.models import Count, F, Prefetch, Q, Sum
from django.utils import timezone

from grants.models import Cycle
from grants.workflow import State
from reports.models import COUNTED_MEASURES, SUMMED_MEASURES, Report, ReportAnswer, ReportQuestion
from reports.report import AWAITING_STAFF_STATES, EDITABLE_REPORT_STATES, IMPACT_STATES
from reports.services import OPEN_GRANT_STATES

IMPACT_MEASURES = (*SUMMED_MEASURES, *COUNTED_MEASURES)


def today():
    return timezone.localdate()


def _with_parts(queryset):
    questions = ReportQuestion.objects.order_by("position", "id")
    return queryset.select_related(
        "request", "application__cycle", "application__applicant"
    ).prefetch_related(
        Prefetch("request__questions", queryset=questions),
        Prefetch("answers", queryset=ReportAnswer.objects.select_related("question")),
    )


def own_report(user, pk) -> Report | None:
    """The grantee's own report with its questions and answers; None for anyone else's."""
    if not user.is_authenticated:
        return None
    return _with_parts(Report.objects.filter(application__applicant=user, pk=pk)).first()


def report_for_office(pk) -> Report | None:
    return _with_parts(Report.objects.filter(pk=pk).prefetch_related("events__actor")).first()


def reports_due_for(user) -> list[Report]:
    """The grantee's reports not accepted yet on open grants, soonest due first."""
    return list(
        Report.objects.filter(application__applicant=user, application__state__in=OPEN_GRANT_STATES)
        .exclude(state__in=IMPACT_STATES)
        .select_related("request", "application__cycle")
        .order_by("due_on", "pk")
    )


def cycle_reports(cycle) -> dict[str, list[Report]]:
    """A cycle's reports in the office's sections: submitted, overdue, drafts, accepted."""
    now = today()
    sections = {"submitted": [], "overdue": [], "draft": [], "accepted": []}
    rows = (
        Report.objects.filter(application__cycle=cycle)
        .select_related("request", "application__applicant")
        .order_by("due_on", "pk")
    )
    for report in rows:
        if report.state in AWAITING_STAFF_STATES:
            sections["submitted"].append(report)
        elif report.state in IMPACT_STATES:
            sections["accepted"].append(report)
        elif report.due_on < now and report.application.state in OPEN_GRANT_STATES:
            sections["overdue"].append(report)
        else:
            sections["draft"].append(report)
    return sections


def cycle_counts() -> list[dict]:
    """Per cycle: grants open (accepted, not closed), reports overdue, grants closed."""
    now = today()
    cycles = Cycle.objects.annotate(
        grants_open=Count("applications", filter=Q(applications__state__in=OPEN_GRANT_STATES)),
        grants_closed=Count("applications", filter=Q(applications__state=State.CLOSED)),
    ).order_by("-closes_at")
    overdue = dict(
        Report.objects.filter(
            state__in=EDITABLE_REPORT_STATES,
            due_on__lt=now,
            application__state__in=OPEN_GRANT_STATES,
        )
        .values_list("application__cycle")
        .annotate(n=Count("pk"))
    )
    return [
        {
            "cycle": cycle,
            "open": cycle.grants_open,
            "overdue": overdue.get(cycle.pk, 0),
            "closed": cycle.grants_closed,
        }
        for cycle in cycles
    ]


# Impact ---------------------------------------------------------------------------------


def impact_answers(cycle=None):
    """Accepted reports' answers to the impact measures, as rows grouped by cycle, purpose,
    region and measure: {cycle_id, cycle_title, purpose, region, measure, total, count}."""
    answers = ReportAnswer.objects.filter(
        report__state__in=IMPACT_STATES, question__measure__in=IMPACT_MEASURES
    )
    if cycle is not None:
        answers = answers.filter(report__application__cycle=cycle)
    return list(
        answers.values(
            cycle_id=F("report__application__cycle_id"),
            cycle_title=F("report__application__cycle__title"),
            cycle_slug=F("report__application__cycle__slug"),
            purpose=F("report__application__purpose"),
            region=F("report__application__applicant__region"),
            measure=F("question__measure"),
        )
        .annotate(total=Sum("number"), yes=Count("pk", filter=Q(yes_no=True)))
        .order_by("cycle_id", "purpose", "region", "measure")
    )


def reports_behind(*, measure, cycle=None, purpose=None, region=None):
    """The accepted reports that gave a value for `measure`, within the given groups."""
    answers = ReportAnswer.objects.filter(
        report__state__in=IMPACT_STATES, question__measure=measure
    )
    if measure in COUNTED_MEASURES:
        answers = answers.filter(yes_no=True)
    else:
        answers = answers.exclude(number__isnull=True)
    if cycle is not None:
        answers = answers.filter(report__application__cycle=cycle)
    if purpose is not None:
        answers = answers.filter(report__application__purpose=purpose)
    if region is not None:
        answers = answers.filter(report__application__applicant__region=region)
    return list(
        answers.select_related(
            "report__request", "report__application__cycle", "report__application__applicant"
        ).order_by("report__application__cycle_id", "report_id")
    )
