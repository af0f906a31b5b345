from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from accounts import directory, email_verification, signals
from accounts.models import (
    PractitionerVerification,
    SecurityEventKind,
    User,
    VerificationAction,
    VerificationSource,
)
from accounts.roles import Role
from accounts.security_log import record

VERIFY_PERMISSION = "accounts.verify_practitioner"


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
    listing_given(user=user)
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


# Preferred Practitioner verification ------------------------------------------------------


class VerificationRefused(Exception):
    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


class DirectoryImportRefused(Exception):
    """The file had malformed rows; nothing was imported. `problems` name each line."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("; ".join(str(problem) for problem in self.problems))


@dataclass
class DirectoryImport:
    verified: list[User] = field(default_factory=list)
    already_verified: list[User] = field(default_factory=list)
    # Well-formed rows that verified nobody: no account, or several accounts share the id.
    skipped: list[directory.Problem] = field(default_factory=list)


def listing_given(*, user: User, previous_listing: str = "") -> None:
    """Tell staff that a new listing waits for them, when it is new and not verified yet."""
    listing = user.listing.strip()
    if listing and listing != previous_listing.strip() and not user.is_verified_practitioner:
        signals.awaiting_verification.send(sender=User, user=user)


def _check(by) -> None:
    # `by` is None only on the command line (import_directory), which is trusted.
    if by is not None and not by.has_perm(VERIFY_PERMISSION):
        raise VerificationRefused("You are not allowed to verify Preferred Practitioners.")


def _set(person: User, *, verified: bool, by, source: str, note: str, at) -> None:
    person.listing_verified_at = at if verified else None
    person.listing_verified_by = by if verified else None
    person.save(update_fields=["listing_verified_at", "listing_verified_by"])
    PractitionerVerification.objects.create(
        practitioner=person,
        action=VerificationAction.VERIFIED if verified else VerificationAction.UNVERIFIED,
        actor=by,
        source=source,
        listing=person.listing,
        note=note[:500],
        created_at=at,
    )
    signals.verification_changed.send(sender=User, user=person, verified=verified, by=by)


def _locked(practitioner_id: int) -> User:
    """The person's row, locked; an unknown or switched-off account is User.DoesNotExist."""
    return User.objects.select_for_update().get(pk=practitioner_id, is_active=True)


@transaction.atomic
def verify_practitioner(
    *, practitioner_id: int, by, note: str = "", source: str = VerificationSource.OFFICE, at=None
) -> User:
    """Mark a person a verified Preferred Practitioner; already verified changes nothing."""
    _check(by)
    person = _locked(practitioner_id)
    if not person.is_verified_practitioner:
        _set(person, verified=True, by=by, source=source, note=note, at=at or timezone.now())
    return person


@transaction.atomic
def unverify_practitioner(
    *, practitioner_id: int, by, note: str = "", source: str = VerificationSource.OFFICE, at=None
) -> User:
    """Take a verification back (a mistake, a listing that lapsed); audited like verifying."""
    _check(by)
    person = _locked(practitioner_id)
    if person.is_verified_practitioner:
        _set(person, verified=False, by=by, source=source, note=note, at=at or timezone.now())
    return person


def _match(rows: list[directory.Row]) -> dict[int, list[int]]:
    """Line number -> ids of the active accounts the row names (by email, else listing)."""
    emails = {row.email for row in rows if row.email}
    by_email = dict(
        User.objects.filter(is_active=True)
        .annotate(email_lower=Lower("email"))
        .filter(email_lower__in=emails)
        .values_list("email_lower", "pk")
    )
    by_listing: dict[str, list[int]] = {}
    if any(row.listing for row in rows):
        listed = User.objects.filter(is_active=True).exclude(listing="")
        for pk, listing in listed.values_list("pk", "listing").order_by("pk"):
            by_listing.setdefault(directory.listing_key(listing), []).append(pk)
    matched = {}
    for row in rows:
        if row.email in by_email:
            matched[row.line] = [by_email[row.email]]
        else:
            matched[row.line] = by_listing.get(row.listing, []) if row.listing else []
    return matched


@transaction.atomic
def import_directory(
    *, data: bytes, by, source: str = VerificationSource.IMPORT, at=None
) -> DirectoryImport:
    """Verify everyone the directory file names, or nobody if any row is malformed."""
    _check(by)
    text, problems = directory.decode(data)
    if problems:
        raise DirectoryImportRefused(problems)
    parsed = directory.parse(text)
    if parsed.problems:
        raise DirectoryImportRefused(parsed.problems)
    at = at or timezone.now()
    result = DirectoryImport()
    matched = _match(parsed.rows)
    people = User.objects.select_for_update().in_bulk(
        sorted({pk for pks in matched.values() for pk in pks})
    )
    seen = set()
    for row in parsed.rows:
        pks = matched[row.line]
        if len(pks) != 1:
            what = row.email or row.listing
            reason = (
                f"no account has “{what}”."
                if not pks
                else f"{len(pks)} accounts give the listing “{what}”; verify the right one "
                "on the office page."
            )
            result.skipped.append(directory.Problem(row.line, reason))
            continue
        person = people[pks[0]]
        if person.pk in seen:
            continue
        seen.add(person.pk)
        if person.is_verified_practitioner:
            result.already_verified.append(person)
            continue
        note = f"In the directory file, line {row.line}."
        _set(person, verified=True, by=by, source=source, note=note, at=at)
        result.verified.append(person)
    return result
