"""The four roles of the grant workflow, as Django groups with their model permissions.

Anyone who signs up is an Applicant. Reviewer, Board and Staff are given by staff in the
admin. Object-level rights (a reviewer on one application) come from django-guardian,
not from these groups.
"""

from django.db import models


class Role(models.TextChoices):
    APPLICANT = "Applicant", "Applicant"
    REVIEWER = "Reviewer", "Reviewer"
    BOARD = "Board", "Board member"
    STAFF = "Staff", "Staff"


# Model permissions each role's group holds. Listed as "app_label.codename"; a permission
# whose app is not migrated yet is skipped and picked up on a later migrate.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.APPLICANT: [],
    Role.REVIEWER: [],
    Role.BOARD: [
        "grants.view_cycle",
        "grants.view_application",
        "grants.decide_application",
        "grants.manage_review",
        "reviews.view_rubric",
        "reviews.add_assignment",
        "reviews.change_assignment",
        "reviews.delete_assignment",
        "reviews.view_assignment",
        "reviews.view_review",
        "reviews.add_knownconflict",
        "reviews.view_knownconflict",
        "reviews.delete_knownconflict",
    ],
    Role.STAFF: [
        "accounts.view_user",
        "accounts.change_user",
        "accounts.verify_practitioner",
        "accounts.view_practitionerverification",
        "grants.add_cycle",
        "grants.change_cycle",
        "grants.view_cycle",
        "grants.add_cyclequestion",
        "grants.change_cyclequestion",
        "grants.delete_cyclequestion",
        "grants.view_cyclequestion",
        "grants.view_application",
        "grants.manage_review",
        "reviews.add_rubric",
        "reviews.change_rubric",
        "reviews.view_rubric",
        "reviews.add_criterion",
        "reviews.change_criterion",
        "reviews.delete_criterion",
        "reviews.view_criterion",
        "notifications.view_email",
        "notifications.change_email",
    ],
}


def ensure_role_groups(sender=None, using="default", **kwargs):
    """Create the role groups and give them their permissions; safe to run any number of times."""
    from django.contrib.auth.models import Group, Permission

    for role, perm_names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=role)
        wanted = []
        for name in perm_names:
            app_label, codename = name.split(".")
            perm = (
                Permission.objects.using(using)
                .filter(content_type__app_label=app_label, codename=codename)
                .first()
            )
            if perm is not None:
                wanted.append(perm)
        group.permissions.add(*wanted)


def role_names(user) -> frozenset[str]:
    """The names of the role groups a user is in, read once per user object."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._role_names = cached
    return cached


def has_role(user, role: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser and role != Role.APPLICANT:
        return True
    return role in role_names(user)


def is_reviewer(user) -> bool:
    return has_role(user, Role.REVIEWER)


def is_board(user) -> bool:
    return has_role(user, Role.BOARD)


def is_staff_member(user) -> bool:
    """Grant-office staff (the Staff role), or a Django superuser."""
    return has_role(user, Role.STAFF)


def is_board_or_staff(user) -> bool:
    return is_board(user) or is_staff_member(user)
