"""Template helpers of the grants pages: safe Markdown, dates and times (the one format,
grants.dates), money, and the home page's list of cycles."""

from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from grants.dates import day_words, moment_words
from grants.markdown import render_markdown
from grants.models import Cycle
from grants.money import format_money

register = template.Library()


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
    return format_money(amount, currency)


@register.inclusion_tag("grants/includes/home_cycles.html", takes_context=True)
def home_cycles(context):
    now = timezone.now()
    cycles = list(Cycle.objects.upcoming_or_open(now))
    return {"cycles": cycles, "request": context.get("request"), "user": context.get("user")}


@register.simple_tag
def today_words():
    """Today's date in the one format, for printed pages: "Monday 9 November 2026"."""
    return day_words(timezone.now(), timezone.get_current_timezone())
