"""Who may submit to a cycle: a cycle can be only for verified S4OM Preferred
Practitioners (accounts keeps the verification; see docs/eligibility.md)."""

NOT_VERIFIED = (
    "Your listing as an S4OM Preferred Practitioner has not been verified yet, and this "
    "cycle is only for verified Preferred Practitioners. Your draft is kept."
)
WAIT_FOR_OFFICE = (
    "The grants office checks listings against the society's directory; you can submit as "
    "soon as yours is verified."
)
ADD_LISTING = (
    "Add your listing ID or the web address of your listing to your profile, so the grants "
    "office can check it against the society's directory."
)


def eligibility_refusal(cycle, applicant) -> str:
    """Why `applicant` may not submit to `cycle` yet, in their words, or "" if they may."""
    if not cycle.requires_verified_practitioner or applicant.is_verified_practitioner:
        return ""
    how = WAIT_FOR_OFFICE if applicant.listing.strip() else ADD_LISTING
    return f"{NOT_VERIFIED} {how}"
