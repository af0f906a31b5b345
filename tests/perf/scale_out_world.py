"""The scale-out test's helper, run as its own process against the test's PostgreSQL
database (python -m tests.perf.scale_out_world COMMAND ...; prints JSON):

  setup            people, an open cycle with its rubric; their emails and the password
  paths SLUG PK    the addresses the test drives, resolved from the URL names of this code
  review PK        the board assigns two reviewers, who score it (the services, not HTTP)
  report PK        the audit rows, the outbox and the task queue, for the assertions
"""

import json
import os
import sys

import django


def setup() -> dict:
    from accounts.roles import Role
    from tests import factories

    cycle = factories.CycleFactory(title="Spring 2027 practitioner grants", slug="spring-2027")
    rubric = factories.RubricFactory(cycle=cycle)
    factories.CriterionFactory.create_batch(2, rubric=rubric)
    people = {
        "applicant": factories.UserFactory(email="applicant@example.org", roles=[Role.APPLICANT]),
        "board": factories.UserFactory(email="board@example.org", roles=[Role.BOARD]),
        "reviewer1": factories.UserFactory(email="rita@example.org", roles=[Role.REVIEWER]),
        "reviewer2": factories.UserFactory(email="ravi@example.org", roles=[Role.REVIEWER]),
    }
    return {
        "slug": cycle.slug,
        "password": factories.TEST_PASSWORD,
        "emails": {role: user.email for role, user in people.items()},
    }


def _first(names: list[str], *args, old: str) -> str:
    """The first URL name that exists; else the desk's old address under /reviews/desk/,
    which permanently redirects to wherever the desk now lives."""
    from django.urls import NoReverseMatch, reverse

    for name in names:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return old


def paths(slug: str, pk: int | None) -> dict:
    from django.urls import reverse

    found = {
        "login": reverse("accounts:login"),
        "apply": reverse("grants:apply", args=[slug]),
        "dashboard": reverse("grants:dashboard"),
        # The desk moves from reviews to its own decisions app; either name is fine.
        "desk": _first(["decisions:desk", "reviews:desk"], slug, old=f"/reviews/desk/{slug}/"),
        "release": _first(
            ["decisions:desk_release", "reviews:desk_release"],
            slug,
            old=f"/reviews/desk/{slug}/release/",
        ),
    }
    if pk is not None:
        found |= {
            "edit": reverse("grants:application_edit", args=[pk]),
            "submit": reverse("grants:submit", args=[pk]),
            "detail": reverse("grants:application_detail", args=[pk]),
            "panel": _first(
                ["decisions:desk_application", "reviews:desk_application"],
                slug,
                pk,
                old=f"/reviews/desk/{slug}/applications/{pk}/",
            ),
            "decide": _first(
                ["decisions:desk_decide", "reviews:desk_decide"],
                slug,
                pk,
                old=f"/reviews/desk/{slug}/applications/{pk}/decide/",
            ),
        }
    return found


def review(pk: int) -> dict:
    from accounts.models import User
    from grants.models import Application
    from reviews import services
    from reviews.models import Criterion

    application = Application.objects.get(pk=pk)
    board = User.objects.get(email="board@example.org")
    reviewers = list(
        User.objects.filter(email__in=["rita@example.org", "ravi@example.org"]).order_by("email")
    )
    criteria = Criterion.objects.filter(rubric__cycle=application.cycle)
    for assignment in services.assign(by=board, applications=[application], reviewers=reviewers):
        services.declare_no_conflict(assignment=assignment, by=assignment.reviewer)
        services.submit_review(
            assignment=assignment,
            by=assignment.reviewer,
            scores={c.pk: services.ScoreInput(value=4) for c in criteria},
            overall_comment="Clear plan, realistic budget.",
            recommendation="fund",
        )
    application.refresh_from_db()
    return {"state": application.state}


def report(pk: int) -> dict:
    from django_tasks_db.models import DBTaskResult

    from grants.models import Application, ApplicationEvent
    from notifications.models import Email

    application = Application.objects.get(pk=pk)
    return {
        "state": application.state,
        "released": application.cycle.decisions_released_at is not None,
        "events": [
            [event.name, event.source, event.target, event.actor.email if event.actor else None]
            for event in ApplicationEvent.objects.filter(application=application)
        ],
        "outbox": [
            [email.to_address, email.subject, email.status, email.attempts]
            for email in Email.objects.order_by("pk")
        ],
        "tasks": sorted(DBTaskResult.objects.values_list("status", flat=True)),
        "task_workers": sorted(
            {
                worker
                for ids in DBTaskResult.objects.values_list("worker_ids", flat=True)
                for worker in ids
            }
        ),
        "attachments": sorted(application.attachments.values_list("file", flat=True)),
    }


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    command, *args = argv
    if command == "setup":
        result = setup()
    elif command == "paths":
        result = paths(args[0], int(args[1]) if len(args) > 1 else None)
    elif command == "review":
        result = review(int(args[0]))
    elif command == "report":
        result = report(int(args[0]))
    else:
        raise SystemExit(f"unknown command {command!r}")
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
