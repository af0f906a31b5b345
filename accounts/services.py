from django.contrib.auth.models import Group
from django.db import transaction

from accounts.models import User
from accounts.roles import Role


@transaction.atomic
def register_applicant(*, form) -> User:
    """Create the account from a valid sign-up form and make the person an Applicant."""
    user = form.save()
    group, _ = Group.objects.get_or_create(name=Role.APPLICANT)
    user.groups.add(group)
    return user


def give_role(user: User, role: str) -> None:
    group, _ = Group.objects.get_or_create(name=role)
    user.groups.add(group)
    user.__dict__.pop("_role_names", None)
