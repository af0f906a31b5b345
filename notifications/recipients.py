"""Who hears of an event addressed to a role: the active members of its group."""

from django.contrib.auth import get_user_model

from accounts.roles import Role


def members_of(role: str, *, except_user=None) -> list:
    """Active people in a role's group, without the person who caused the event (they know)."""
    people = (
        get_user_model().objects.filter(groups__name=role, is_active=True).distinct().order_by("pk")
    )
    if except_user is not None and except_user.pk is not None:
        people = people.exclude(pk=except_user.pk)
    return list(people)


def staff(*, except_user=None) -> list:
    return members_of(Role.STAFF, except_user=except_user)


def board(*, except_user=None) -> list:
    return members_of(Role.BOARD, except_user=except_user)


def treasurers(*, except_user=None) -> list:
    return members_of(Role.TREASURER, except_user=except_user)
