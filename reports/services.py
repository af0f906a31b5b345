"""Write operations on reports: one function per use case, in transaction.atomic().

Rows are locked in a fixed order: the application (through grants.offers, when a final
report closes a grant) after the report. Refusals are grants.refusals.TransitionRefused.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django_fsm import ConcurrentTransition, can_proceed

from grants import offers
from grants.models import Application
from grants.refusals import TransitionRefused
from grants.uploads import UploadRefused, check_upload
from grants.workflow import REPORT_TRANSITIONS, ReportTransition, Transition, sources_of
from reports import permissions as can
from reports.forms import ReportForm
from reports.models import (
    MEASURE_KINDS,
    ImpactMeasure,
    Report,
    ReportAnswer,
    ReportKind,
    ReportQuestion,
    ReportQuestionKind,
    ReportRequest,
)

NOT_ALLOWED = "You are not allowed to do this with this report."
# Grants still open: accepted and not closed yet (the sources of closing a grant).
OPEN_GRANT_STATES = sources_of(Transition.CLOSE)

STANDARD_MEASURES = [
    (ImpactMeasure.PEOPLE_SERVED, "How many people did you serve?", "people"),
    (ImpactMeasure.SESSIONS, "How many sessions did you give?", "sessions"),
    (ImpactMeasure.HOURS, "How many hours of oncology massage did you give?", "hours"),
    (ImpactMeasure.CERTIFICATION, "Did you complete the course or certification?", ""),
    (ImpactMeasure.CERTIFICATE, "Attach your certificate, if you have one.", ""),
]
STANDARD_HELP = "Since your last report, if you sent one."


# Configuring requests ----------------------------------------------------------------


def add_standard_measures(request: ReportRequest) -> list[ReportQuestion]:
    """Add the society's impact measures the request does not ask yet (one click)."""
    have = set(request.questions.exclude(measure="").values_list("measure", flat=True))
    start = request.questions.count()
    added = []
    for offset, (measure, label, unit) in enumerate(STANDARD_MEASURES):
        if measure in have:
            continue
        kind = MEASURE_KINDS[measure]
        numeric = kind == ReportQuestionKind.NUMBER
        added.append(
            ReportQuestion.objects.create(
                request=request,
                position=start + offset,
                label=label,
                help_text=STANDARD_HELP if numeric else "",
                kind=kind,
                minimum=0 if numeric else None,
                unit=unit,
                measure=measure,
                required=measure != ImpactMeasure.CERTIFICATE,
            )
        )
    return added


def accepted_at(application: Application):
    agreement = getattr(application, "agreement", None)
    return agreement.signed_at if agreement is not None else timezone.now()


def ensure_reports(application: Application) -> list[Report]:
    """A report for each of the cycle's requests, for a grantee who accepted the award."""
    made = []
    moment = accepted_at(application)
    for request in application.cycle.report_requests.all():
        report, created = Report.objects.get_or_create(
            request=request,
            application=application,
            defaults={"due_on": request.due_date_for(moment)},
        )
        if created:
            made.append(report)
    return made


def ensure_reports_for_request(request: ReportRequest) -> int:
    """A new or changed request reaches every grantee of the cycle with an open grant."""
    applications = Application.objects.filter(
        cycle=request.cycle_id, state__in=OPEN_GRANT_STATES
    ).select_related("agreement", "cycle")
    count = 0
    for application in applications:
        report, created = Report.objects.get_or_create(
            request=request,
            application=application,
            defaults={"due_on": request.due_date_for(accepted_at(application))},
        )
        count += created
    return count


# The grantee's draft -------------------------------------------------------------------


@dataclass
class SavedReport:
    report: Report
    form: ReportForm
    upload_errors: list[str]


def _locked(report: Report) -> Report:
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("request", "application__cycle")
        .get(pk=report.pk)
    )


@transaction.atomic
def save_draft(report: Report, *, by, data: dict, files=None) -> SavedReport:
    """Store every valid answer, typed; keep every invalid one as typed, marked."""
    current = _locked(report)
    if not can.is_grantee_of(current, by):
        raise TransitionRefused(NOT_ALLOWED)
    if not current.is_editable:
        raise TransitionRefused(f"This report is {current.state_in_a_sentence}: it cannot change.")
    questions = list(current.request.questions.all())
    form = ReportForm(data, files, questions=questions)
    form.is_valid()
    upload_errors = []
    unsaved = dict(current.unsaved_input or {})
    for question, value in form.valid_answers():
        unsaved.pop(f"q{question.pk}", None)
        try:
            _store(current, question, value)
        except UploadRefused as refusal:
            upload_errors.append(f"{question.label}: {refusal.message}")
    for name, raw in form.raw_invalid_values().items():
        unsaved[name] = raw
    current.unsaved_input = unsaved
    current.save(update_fields=["unsaved_input", "updated_at"])
    report.refresh_from_db()
    return SavedReport(report=current, form=form, upload_errors=upload_errors)


def _store(report: Report, question: ReportQuestion, value) -> None:
    kind = question.kind
    if kind == ReportQuestionKind.DOCUMENT:
        if value is None:
            return  # no new file: keep the one attached
        if value is False:  # "clear" ticked
            ReportAnswer.objects.filter(report=report, question=question).delete()
            return
        attached = ReportAnswer.objects.filter(report=report).exclude(document="").count()
        checked = check_upload(value, already_attached=attached)
        answer, _ = ReportAnswer.objects.get_or_create(report=report, question=question)
        answer.document.save("document", value, save=False)
        answer.original_name = checked.original_name
        answer.content_type = checked.content_type
        answer.size = checked.size
        answer.save()
        return
    fields = {"text": "", "number": None, "date": None, "yes_no": None}
    if value in (None, ""):
        ReportAnswer.objects.filter(report=report, question=question).delete()
        return
    if kind == ReportQuestionKind.NUMBER:
        fields["number"] = value
    elif kind == ReportQuestionKind.DATE:
        fields["date"] = value
    elif kind == ReportQuestionKind.YES_NO:
        fields["yes_no"] = value == "yes"
    else:
        fields["text"] = str(value).strip()
    ReportAnswer.objects.update_or_create(report=report, question=question, defaults=fields)


# Transitions -----------------------------------------------------------------------------


def run(report: Report, name: ReportTransition, *, by, **kwargs) -> Report:
    """Take transition `name` on a locked report: state, permission, conditions, save."""
    method = getattr(report, name)
    spec = REPORT_TRANSITIONS[name]
    if not can.transition_permission(spec.permission)(report, by):
        raise TransitionRefused(NOT_ALLOWED)
    if not can_proceed(method, check_conditions=False):
        raise TransitionRefused(
            f"You cannot {spec.verb} a report that is {report.state_in_a_sentence}."
        )
    if not can_proceed(method):
        missing = report.missing_for_submission()
        raise TransitionRefused(
            ["Your report is not complete yet.", "Still missing: " + "; ".join(missing) + "."],
            missing=missing,
        )
    try:
        method(by=by, **kwargs)
        report.save()
    except ConcurrentTransition as error:
        raise TransitionRefused(
            "Someone else changed this report a moment ago. Reload the page to see where it "
            "stands now."
        ) from error
    return report


def _synced(caller: Report, current: Report) -> Report:
    if caller is not current:
        caller.refresh_from_db()
    return current


@transaction.atomic
def submit(report: Report, *, by, note="") -> Report:
    return _synced(report, run(_locked(report), ReportTransition.SUBMIT, by=by, note=note))


@transaction.atomic
def accept(report: Report, *, by, note="") -> Report:
    """Staff accept the report; an accepted final report may close the grant."""
    current = run(_locked(report), ReportTransition.ACCEPT, by=by, note=note)
    if current.request.kind == ReportKind.FINAL:
        offers.note_final_report_accepted(current.application, by=by)
    return _synced(report, current)


@transaction.atomic
def ask_for_changes(report: Report, *, by, note="") -> Report:
    return _synced(report, run(_locked(report), ReportTransition.ASK_FOR_CHANGES, by=by, note=note))
