"""Template helpers of the grants pages: safe Markdown, times in the cycle's zone, money,
and the home page's list of cycles."""

from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from grants.markdown import render_markdown
from grants.models import Cycle
from grants.money import format_money

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    return mark_safe(render_markdown(text))  # noqa: S308 - sanitised by nh3 just above


@register.simple_tag
def cycle_time(cycle, moment):
    """<time> with the moment in words in the cycle's zone, the zone named."""
    if moment is None:
        return ""
    return format_html(
        '<time datetime="{}">{}</time>', moment.isoformat(), cycle.format_local(moment)
    )


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
