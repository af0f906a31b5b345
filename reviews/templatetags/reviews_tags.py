"""Small presentation helpers for the review pages."""

from decimal import Decimal

from django import template

from grants.templatetags.grants_tags import cycle_time
from reviews.navigation import extra_cycle_tabs

register = template.Library()


@register.simple_tag(takes_context=True)
def in_cycle_zone(context, cycle, moment):
    """grants' <time> in the cycle's zone, with a dash where there is no moment."""
    return cycle_time(context, cycle, moment) if moment is not None else "—"


@register.filter
def figure(value):
    """A score with two decimals, or a dash when there is none."""
    if value is None:
        return "—"
    return f"{Decimal(value):.2f}"


@register.filter
def amount(value, currency=""):
    if value is None:
        return "—"
    text = f"{Decimal(value):,.2f}"
    return f"{text} {currency}".strip()


@register.filter
def percent_of(done, total):
    """Whole percent of done / total, for a progress bar's text."""
    if not total:
        return 0
    return round(done * 100 / total)


@register.simple_tag
def cycle_tabs(cycle):
    """Tabs other parts of the site add to a cycle's board navigation (reviews.navigation)."""
    return extra_cycle_tabs(cycle)
