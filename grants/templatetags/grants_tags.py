"""Template helpers of the grants pages: safe Markdown, dates and times (the one format,
grants.dates), money, and the home page's list of cycles."""

from datetime import timedelta
from decimal import Decimal, InvalidOperation

import markdown
import nh3
from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from grants.dates import day_words, moment_words
from grants.models import Cycle

register = template.Library()

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "code",
    "pre", "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "ol": {"start"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> str:
    """Markdown to HTML where no raw HTML survives.

    Raw HTML in the source is escaped to text before rendering (the HTML block and inline
    rules are switched off), and nh3 then keeps only the tags and link schemes above.
    Headings start at h2: the page's own title is its only h1.
    """
    md = markdown.Markdown(extensions=["sane_lists", "tables"])
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    html = md.convert(text or "")
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


@register.filter(name="markdown")
def markdown_filter(text):
    return mark_safe(render_markdown(text))  # noqa: S308 - sanitised by nh3 just above


def time_html(context, moment, tz):
    """<time> with the moment in words (grants.dates), its zone named the first time the
    page shows a time in that zone and not again."""
    if moment is None:
        return ""
    named = getattr(context, "_zones_named", None)
    if named is None:
        named = context._zones_named = set()
    zone = str(getattr(tz, "key", tz))
    words = moment_words(moment, tz, name_zone=zone not in named)
    named.add(zone)
    return format_html('<time datetime="{}">{}</time>', moment.isoformat(), words)


@register.simple_tag(takes_context=True)
def cycle_time(context, cycle, moment):
    """A moment in the cycle's own zone: "Monday 9 November 2026, 9:22pm"."""
    return time_html(context, moment, cycle.tz)


@register.simple_tag(takes_context=True)
def when(context, moment):
    """A moment in the site's zone (for things that belong to no cycle)."""
    return time_html(context, moment, timezone.get_current_timezone())


@register.filter
def day(moment):
    """A date alone: "Monday 9 November 2026"."""
    return day_words(moment, timezone.get_current_timezone()) if moment else ""


@register.simple_tag
def countdown(moment):
    """A live "closes in ..." (static/js/site.js updates it); the text works without JS."""
    return format_html(
        '<time data-countdown datetime="{}">{}</time>',
        moment.isoformat(),
        closes_in_words(moment - timezone.now()),
    )


def closes_in_words(left: timedelta) -> str:
    """The same wording as static/js/site.js, for the first paint."""
    minutes = int(left.total_seconds() // 60)
    if minutes <= 0:
        return "closed"
    days, hours, mins = minutes // 1440, (minutes % 1440) // 60, minutes % 60
    if days >= 2:
        return f"closes in {days} days"
    if days == 1:
        return f"closes in 1 day {hours} h"
    if hours >= 1:
        return f"closes in {hours} h {mins} min"
    return f"closes in {mins} min"


@register.filter
def money(amount, currency=""):
    """1234.5 -> "1,234.50 USD"."""
    if amount is None or amount == "":
        return ""
    try:
        text = f"{Decimal(amount):,.2f}"
    except (InvalidOperation, TypeError, ValueError):
        return str(amount)
    return f"{text} {currency}".strip()


@register.inclusion_tag("grants/includes/home_cycles.html", takes_context=True)
def home_cycles(context):
    now = timezone.now()
    cycles = list(Cycle.objects.upcoming_or_open(now))
    return {"cycles": cycles, "request": context.get("request"), "user": context.get("user")}
