"""The roles of the grant workflow, as Django groups that hold model permissions.

Anyone who signs up is an Applicant. Reviewer, Board, Staff and Treasurer are given by
staff in the admin. Each app declares the permissions its roles hold (the
`role_permissions` attribute of its AppConfig), so accounts names no permission of an
app above it. Object-level rights (a reviewer on one application) come from
django-guardian, not from these groups. Access itself is always asked as a permission
(accounts.access); the group is only how the permissions are handed out.
"""

from django.db import models


class Role(models.TextChoices):
    APPLICANT = "Applicant", "Applicant"
    REVIEWER = "Reviewer", "Reviewer"
    BOARD = "Board", "Board member"
    STAFF = "Staff", "Staff"
    TREASURER = "Treasurer", "Treasurer"


def declared_role_permissions(app_configs=None) -> dict[str, list[str]]:
    """Every app's role permissions, merged: {role: ["app_label.codename", ...]}."""
    from django.apps import apps

    merged: dict[str, list[str]] = {role: [] for role in Role}
    for config in app_configs or apps.get_app_configs():
        for role, names in getattr(config, "role_permissions", {}).items():
            merged.setdefault(role, []).extend(f"{config.label}.{name}" for name in names)
    return merged


def ensure_role_groups(sender=None, using="default", **kwargs):
    """Create the role groups and give them their permissions; safe to run any number of times.

    Only adds: a permission an administrator removed from a group in the admin comes back
    on the next migrate only if it is still declared here.
    """
    from django.contrib.auth.models import Group, Permission

    for role, perm_names in declared_role_permissions().items():
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
    """The names of the role groups a user is in, read once per user object (for display)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._role_names = cached
    return cached


def has_role(user, role: str) -> bool:
    """Membership of a role group, for display and for two-step's policy; never for access."""
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
    return has_role(user, Role.STAFF)


def is_board_or_staff(user) -> bool:
    return is_board(user) or is_staff_member(user)
