"""One date and time format, through one helper (grants.dates and its template tags),
with the time zone named once per page; no template prints a date any other way."""

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template

from grants.dates import clock_words, moment_words, zone_words
from tests.factories import CycleFactory

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Ways of printing a date or time other than the `cycle_time`/`when` tags and `day`:
# Django's date filters and tags, humanize, a datetime attribute written by hand, and a
# model's date attribute printed as it is.
OTHER_WAYS = re.compile(
    r"\|\s*(date|time|naturaltime|naturalday|timesince|timeuntil)\b"
    r"|\{%\s*now\b"
    r'|datetime="\{\{'
    r"|\{\{\s*\w+(\.\w+)+_(at|on|until)\s*(\}\}|\|(?!\s*day\b))"
)
# Every template is scanned; nothing is left out.
ELSEWHERE = ()


def test_no_template_prints_a_date_except_through_the_helper():
    offenders = []
    for path in sorted(TEMPLATES.rglob("*")):
        relative = path.relative_to(TEMPLATES).as_posix()
        if not path.is_file() or relative.startswith(ELSEWHERE):
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if OTHER_WAYS.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()[:120]}")
    assert offenders == []


def test_the_scan_catches_each_other_way():
    for line in (
        '{{ notice.created_at|date:"F j" }}',
        "{% now 'Y' %}",
        '<time datetime="{{ moment }}">',
        "{{ review.submitted_at }}",
        "{{ x|timesince }}",
    ):
        assert OTHER_WAYS.search(line), line
    assert not OTHER_WAYS.search("{% cycle_time cycle application.submitted_at %}")
    assert not OTHER_WAYS.search("{{ report.due_on|day }}")


def test_the_one_format():
    moment = datetime(2026, 11, 10, 2, 22, tzinfo=UTC)

    assert moment_words(moment, "America/New_York") == (
        "Monday 9 November 2026, 9:22pm (New York time)"
    )
    assert moment_words(moment, "UTC", name_zone=False) == "Tuesday 10 November 2026, 2:22am"
    assert clock_words(datetime(2026, 1, 1, 12, 0, tzinfo=UTC), UTC) == "12:00pm"
    assert clock_words(datetime(2026, 1, 1, 0, 5, tzinfo=UTC), UTC) == "12:05am"
    assert zone_words("America/Los_Angeles") == "Los Angeles time"


@pytest.mark.django_db
def test_the_zone_is_named_once_per_page():
    cycle = CycleFactory(time_zone="America/New_York")
    template = Template(
        "{% load grants_tags %}{% cycle_time cycle cycle.opens_at %} | "
        "{% cycle_time cycle cycle.closes_at %}"
    )

    html = template.render(Context({"cycle": cycle}))

    assert html.count("(New York time)") == 1
    assert html.index("(New York time)") < html.index(" | ")
