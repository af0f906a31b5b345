"""Links from emails and notices to the pages they are about.

The pages belong to grants, reviews and decisions; their URL names are tried in order
and the first one installed wins, so a notice still leads somewhere useful (the person's
list page) while a part of the site is not built yet.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import NoReverseMatch, reverse


def first_url(*candidates: tuple[str, tuple], fallback: str = "home") -> str:
    """The path of the first (url name, args) that reverses, else of `fallback`."""
    for name, args in candidates:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    try:
        return reverse(fallback)
    except NoReverseMatch:
        return "/"


def absolute(path: str) -> str:
    """A full address for an email; the site's own address comes from SITE_URL."""
    if path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL}{path}"


def applicant_application(application) -> str:
    return first_url(
        ("grants:application_detail", (application.pk,)),
        fallback="grants:dashboard",
    )


def office_application(application) -> str:
    return first_url(
        ("grants:office_application", (application.pk,)),
        fallback="grants:office_cycles",
    )


def review_page(assignment) -> str:
    return first_url(("reviews:review", (assignment.pk,)), fallback="reviews:my_reviews")


def desk_application(application) -> str:
    """The board's decision panel for one application."""
    slug = application.cycle.slug
    return first_url(
        ("decisions:application", (slug, application.pk)),
        ("decisions:desk", (slug,)),
        fallback="decisions:index",
    )


def assignments_page(application) -> str:
    """Where the board assigns reviewers for the application's cycle."""
    return first_url(
        ("reviews:assignments", (application.cycle.slug,)),
        ("reviews:board_application", (application.pk,)),
        fallback="reviews:board",
    )


def profile() -> str:
    return first_url(("accounts:profile", ()))


def practitioner_awaiting(user) -> str:
    """The staff list of applicants awaiting verification, narrowed to this person."""
    path = first_url(("grants:office_practitioners", ()), fallback="grants:office_cycles")
    return f"{path}?{urlencode({'q': user.email})}"


def agreement(application) -> str:
    return first_url(
        ("grants:agreement", (application.pk,)),
        fallback="grants:office_cycles",
    )


def offer(application) -> str:
    return first_url(
        ("grants:offer", (application.pk,)),
        ("grants:application_detail", (application.pk,)),
        fallback="grants:dashboard",
    )
