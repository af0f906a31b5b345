"""The one way the site writes a date and a time, in words.

"Monday 9 November 2026, 9:22pm" — the day, the date, a 12-hour clock with am/pm — and
the time zone named once per page ("New York time"), where it matters. Templates go
through the `when` tag and `day` filter of grants_tags; Python (messages, emails)
through `moment_words`. A test scans the templates for any other way of printing one.
"""

import zoneinfo
from datetime import date, datetime

from django.utils import timezone


def zone_words(tz) -> str:
    """ "America/New_York" -> "New York time"; "UTC" -> "UTC"."""
    name = str(getattr(tz, "key", tz))
    if "/" not in name:
        return name
    return name.rsplit("/", 1)[1].replace("_", " ") + " time"


def clock_words(moment: datetime, tz=None) -> str:
    """9:22pm, 12:00pm (midday), 12:05am."""
    local = timezone.localtime(moment, tz) if tz is not None else moment
    return f"{local.hour % 12 or 12}:{local.minute:02d}{'am' if local.hour < 12 else 'pm'}"


def day_words(day: date | datetime, tz=None) -> str:
    """Monday 9 November 2026."""
    if isinstance(day, datetime):
        day = timezone.localtime(day, tz) if tz is not None else day
    return f"{day:%A} {day.day} {day:%B %Y}"


def moment_words(moment: datetime | None, tz, *, name_zone: bool = True) -> str:
    """Monday 9 November 2026, 9:22pm (New York time) — or without the zone."""
    if moment is None:
        return ""
    if isinstance(tz, str):
        tz = zoneinfo.ZoneInfo(tz)
    local = timezone.localtime(moment, tz)
    words = f"{day_words(local)}, {clock_words(local)}"
    return f"{words} ({zone_words(tz)})" if name_zone else words
