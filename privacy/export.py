"""Everything the tool holds about one person, as a JSON-ready dict.

What the person could already see, no more: decisions appear only once the board has
released them, the history speaks of "the grants office" and never names a reviewer or
board member, and no secret (password hash, two-step key) is included.
"""

from axes.models import AccessLog
from django.db.models import Prefetch, Q
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.roles import role_names
from grants.models import Answer, Application
from grants.timeline import applicant_timeline
from grants.workflow import DECISION_STATES
from notifications.models import Email, Event, Notice
from payments.models import PayeeDetails, Payment
from reports.models import Report, ReportAnswer
from reviews.models import Assignment, AssignmentStatus

FORMAT_VERSION = 1
# Emails a reviewer received about applications (assignment, reminders): they can name
# the applicant (a non-blind cycle), who is another person; the export keeps only what
# kind of email it was and when.
REVIEWER_EMAIL_EVENTS = {
    Event.ASSIGNED,
    Event.REVIEW_DUE_REMINDER,
    Event.REVIEW_OVERDUE_REMINDER,
}
WITHHELD = "Not included: it was about an application you were asked to review."
PROFILE_FIELDS = [
    "email",
    "full_name",
    "credentials",
    "city",
    "region",
    "country",
    "listing",
    "phone",
    "wants_reminders",
    "date_joined",
    "last_login",
]
APPLICATION_TEXT_FIELDS = [
    "title",
    "purpose",
    "summary",
    "need_and_plan",
    "beneficiaries",
    "timeline",
    "amount_requested",
    "eligibility_confirmed",
    "returned_note",
    "deadline_extended_until",
    "created_at",
    "updated_at",
    "submitted_at",
]


def personal_data(user) -> dict:
    return {
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.now(),
        "about": (
            "Everything S4OM Grants holds about you. Reviewers' and board members' names "
            "are not included; decisions appear once the board has released them."
        ),
        "profile": _profile(user),
        "applications": [_application(app) for app in _applications_of(user)],
        "reports": [_report(report) for report in _reports_of(user)],
        "reviews_written": [_assignment(a) for a in _assignments_of(user)],
        "inbox_notices": [_notice(n) for n in Notice.objects.of_user(user).newest_first()],
        "emails": [_email(e) for e in _emails_to(user)],
        "login_history": [_login(entry) for entry in _logins_of(user)],
        "account_security": [
            {"at": e.at, "what": e.get_kind_display(), "address": e.ip_address, "note": e.detail}
            for e in user.security_events.order_by("at", "id")
        ],
    }


def _profile(user) -> dict:
    profile = {field: getattr(user, field) for field in PROFILE_FIELDS}
    profile["roles"] = sorted(role_names(user))
    profile["two_step_login"] = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    return profile


def _applications_of(user):
    return (
        Application.objects.of_applicant(user)
        .for_dashboard()
        .select_related("payee_details")
        .prefetch_related(
            "budget_lines",
            "attachments",
            Prefetch("answers", queryset=Answer.objects.select_related("question")),
            Prefetch("payments", queryset=Payment.objects.order_by("paid_on", "pk")),
        )
    )


def _application(app: Application) -> dict:
    cycle = app.cycle
    released = cycle.decisions_released and app.state in DECISION_STATES
    data = {"id": app.pk, "cycle": {"title": cycle.title, "slug": cycle.slug}}
    data["state"] = app.visible_state_for_applicant()
    data.update({field: getattr(app, field) for field in APPLICATION_TEXT_FIELDS})
    data["not_yet_valid_input"] = app.unsaved_input
    data["decision"] = (
        {"awarded_amount": app.awarded_amount, "note": app.decision_note} if released else None
    )
    data["budget"] = [
        {"description": line.description, "amount": line.amount} for line in app.budget_lines.all()
    ]
    data["answers"] = [
        {"question": answer.question.label, "answer": answer.value} for answer in app.answers.all()
    ]
    data["attachments"] = [
        {
            "name": attachment.original_name,
            "content_type": attachment.content_type,
            "size_bytes": attachment.size,
            "uploaded_at": attachment.uploaded_at,
        }
        for attachment in app.attachments.all()
    ]
    data["payee_details"] = _payee_details(app)
    # What was paid as the grantee sees it: not the treasurer's own note or name.
    data["payments"] = [
        {
            "amount": payment.amount,
            "paid_on": payment.paid_on,
            "method": payment.get_method_display(),
            "reference": payment.reference,
        }
        for payment in app.payments.all()
    ]
    data["history"] = [
        {"when": entry.when, "what": entry.words, "note": entry.note}
        for entry in applicant_timeline(app)
    ]
    return data


def _payee_details(app: Application) -> dict | None:
    try:
        details = app.payee_details
    except PayeeDetails.DoesNotExist:
        return None
    return {
        "legal_name": details.legal_name,
        "postal_address": details.postal_address,
        "tax_form_sent": details.tax_form_received,
        "updated_at": details.updated_at,
    }


def _reports_of(user):
    return (
        Report.objects.filter(application__applicant=user)
        .select_related("request")
        .prefetch_related(
            Prefetch("answers", queryset=ReportAnswer.objects.select_related("question"))
        )
        .order_by("application_id", "due_on", "pk")
    )


def _report(report) -> dict:
    return {
        "id": report.pk,
        "application_id": report.application_id,
        "report": report.request.title,
        "kind": report.request.kind,
        "state": report.state,
        "due_on": report.due_on,
        "submitted_at": report.submitted_at,
        "accepted_at": report.accepted_at,
        "changes_asked_for": report.changes_note,
        "answers": [
            {"question": a.question.label, "answer": a.display} for a in report.answers.all()
        ],
        "not_yet_valid_input": report.unsaved_input,
    }


def _assignments_of(user):
    return (
        Assignment.objects.filter(reviewer=user)
        .select_related("application__cycle", "review")
        .prefetch_related("review__scores__criterion")
        .order_by("assigned_at", "id")
    )


def _assignment(assignment) -> dict:
    review = getattr(assignment, "review", None)
    recused = assignment.status == AssignmentStatus.CONFLICT
    return {
        "cycle": assignment.application.cycle.title,
        # A recused reviewer gave the application up: nothing of it stays with them.
        "application_title": None if recused else assignment.application.title,
        "status": assignment.status,
        "assigned_at": assignment.assigned_at,
        "conflict_reason": assignment.conflict_reason,
        "review": None
        if review is None
        else {
            "overall_comment": review.overall_comment,
            "recommendation": review.recommendation,
            "submitted_at": review.submitted_at,
            "scores": [
                {
                    "criterion": score.criterion.name,
                    "score": None if score.is_na else score.value,
                    "not_applicable": score.is_na,
                    "comment": score.comment,
                }
                for score in review.scores.all()
            ],
        },
    }


def _notice(notice) -> dict:
    return {
        "title": notice.title,
        "body": notice.body,
        "link": notice.url,
        "created_at": notice.created_at,
        "read_at": notice.read_at,
    }


def _emails_to(user):
    addressed = Q(recipient=user) | Q(to_address__iexact=user.email)
    return Email.objects.filter(addressed).order_by("created_at", "id")


def _email(email) -> dict:
    withheld = email.event in REVIEWER_EMAIL_EVENTS
    return {
        "to": email.to_address,
        "subject": email.get_event_display() if withheld else email.subject,
        "body": WITHHELD if withheld else email.body_text,
        "status": email.status,
        "created_at": email.created_at,
        "sent_at": email.sent_at,
    }


def _logins_of(user):
    return AccessLog.objects.filter(username=user.email).order_by("attempt_time")


def _login(entry) -> dict:
    return {
        "at": entry.attempt_time,
        "logged_out_at": entry.logout_time,
        "address": entry.ip_address,
        "browser": entry.user_agent,
    }
