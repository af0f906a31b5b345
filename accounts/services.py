from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction

from accounts import email_verification
from accounts.models import SecurityEventKind, User
from accounts.roles import Role
from accounts.security_log import record


@transaction.atomic
def register_applicant(
    *,
    email: str,
    full_name: str,
    password: str,
    credentials: str = "",
    city: str = "",
    region: str = "",
    country: str = "",
    listing: str = "",
    phone: str = "",
    email_verified: bool = False,
) -> User:
    """Create the account and make the person an Applicant. The address stays unconfirmed
    (drafts only, no submitting) until the emailed link, unless `email_verified`."""
    user = User(
        email=User.objects.normalize_email(email).lower(),
        full_name=full_name,
        credentials=credentials,
        city=city,
        region=region,
        country=country,
        listing=listing,
        phone=phone,
    )
    if not email_verified:
        user.email_verified_at = None
    user.set_password(password)
    user.save()
    group, _ = Group.objects.get_or_create(name=Role.APPLICANT)
    user.groups.add(group)
    return user


def sign_up(*, email: str, password: str, request=None, **profile) -> User | None:
    """Sign-up that answers the same whether or not the address is taken.

    A new address: the account is made and a confirmation link emailed to it. A taken
    address: nothing is made, and the existing owner is emailed instead (someone tried to
    sign up with their address: log in or reset the password). Returns the new account,
    or None when the address was taken; the caller must not tell the two apart.
    """
    normalised = User.objects.normalize_email(email).lower()
    existing = User.objects.filter(email__iexact=normalised).first()
    if existing is None:
        try:
            user = register_applicant(email=normalised, password=password, **profile)
        except IntegrityError:  # the same address signed up at the same moment
            existing = User.objects.filter(email__iexact=normalised).first()
        else:
            email_verification.send_link(user)
            return user
    if existing is not None and existing.is_active:
        with transaction.atomic():
            record(existing, SecurityEventKind.SIGNUP_ATTEMPT, request=request)
    return None


def give_role(user: User, role: str) -> None:
    group, _ = Group.objects.get_or_create(name=role)
    user.groups.add(group)
    user.__dict__.pop("_role_names", None)
