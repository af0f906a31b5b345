"""The award agreement a grantee signs: its placeholders, the default text, and filling it.

Staff write each cycle's agreement in Markdown; the grantee reads it filled with their
own values and signs by typing their full name. The filled text is kept with the
signature (grants.agreement.AwardAgreement), so a later edit of the cycle's text never
changes what someone signed.
"""

from grants.markdown import fill_placeholders
from grants.money import format_money

AGREEMENT_PLACEHOLDERS = (
    "name",
    "title",
    "amount",
    "requested",
    "purpose",
    "cycle",
    "accept_by",
    "report_due_dates",
)

DEFAULT_AGREEMENT = """\
## Grant agreement

{name} accepts a grant of **{amount}** from the Society for Oncology Massage for
"{title}" ({purpose}), in the {cycle} cycle.

By signing I agree to:

- use the grant for the purpose and plan described in my application;
- tell the grants office promptly if my plans change, or if I cannot use the grant;
- send the reports the society asks for ({report_due_dates}), saying what I learned,
  whom I served and what the grant made possible;
- return any part of the grant I do not use for this purpose.
"""


def agreement_values(application, *, report_due_dates: str = "") -> dict[str, str]:
    cycle = application.cycle
    return {
        "name": application.applicant.get_full_name(),
        "title": str(application),
        "amount": format_money(application.awarded_amount, cycle.currency),
        "requested": format_money(application.amount_requested, cycle.currency),
        "purpose": application.get_purpose_display() or "not given",
        "cycle": str(cycle),
        "accept_by": cycle.format_local(cycle.acceptance_deadline) or "no fixed date",
        "report_due_dates": report_due_dates or "as the grants office asks",
    }


def filled_agreement(application, **values) -> str:
    """The cycle's agreement in Markdown, filled with this application's values."""
    return fill_placeholders(
        application.cycle.agreement_text, agreement_values(application, **values)
    )
