"""The society's picture of its program: the impact measures of accepted reports added
up by cycle, purpose and region, drawn as server-side SVG bar charts (no JavaScript)
with the same numbers in tables, each number linked to the reports behind it.

Also the impact CSV (with the spreadsheet formula guard of decisions.exports) and
`report_rows(cycle)`, the plain rows of the board workbook's "Reports" sheet.
"""

import csv
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import format_html, format_html_join

from decisions.exports.cells import safe_csv_text
from grants.choices import Purpose
from reports.models import COUNTED_MEASURES, ImpactMeasure, Report
from reports.queries import IMPACT_MEASURES, impact_answers

ZERO = Decimal("0")
NO_REGION = "Region not given"
DIMENSIONS = {"cycle": "Cycle", "purpose": "Purpose", "region": "Region"}


def measure_value(row: dict) -> Decimal:
    """A grouped row's value: the sum of numbers, or the count of "yes" for a yes/no."""
    if row["measure"] in COUNTED_MEASURES:
        return Decimal(row["yes"])
    return row["total"] or ZERO


@dataclass
class Group:
    """One row of a table: a cycle, a purpose or a region, with a total per measure."""

    key: str
    label: str
    filters: dict
    totals: dict = field(default_factory=lambda: dict.fromkeys(IMPACT_MEASURES, ZERO))


def _group_key(dimension: str, row: dict) -> tuple[str, str, dict]:
    if dimension == "cycle":
        return row["cycle_slug"], row["cycle_title"], {"cycle": row["cycle_slug"]}
    if dimension == "purpose":
        purpose = row["purpose"] or ""
        label = Purpose(purpose).label if purpose in Purpose.values else "Purpose not given"
        return purpose, label, {"purpose": purpose}
    region = row["region"] or ""
    return region, region or NO_REGION, {"region": region}


@dataclass
class Impact:
    overall: dict
    tables: dict  # dimension -> [Group]


def add_up(rows: list[dict]) -> Impact:
    """The grand totals and one table per dimension, from impact_answers' rows."""
    overall = dict.fromkeys(IMPACT_MEASURES, ZERO)
    tables: dict[str, dict[str, Group]] = {name: {} for name in DIMENSIONS}
    for row in rows:
        value = measure_value(row)
        overall[row["measure"]] += value
        for dimension, groups in tables.items():
            key, label, filters = _group_key(dimension, row)
            group = groups.setdefault(key, Group(key, label, filters))
            group.totals[row["measure"]] += value
    ordered = {
        name: sorted(groups.values(), key=lambda g: g.label) for name, groups in tables.items()
    }
    return Impact(overall=overall, tables=ordered)


def impact_for(cycle=None) -> Impact:
    return add_up(impact_answers(cycle))


def number(value: Decimal) -> str:
    value = Decimal(value)
    return f"{value.normalize():f}" if value != value.to_integral() else f"{int(value):,}"


def bar_chart_svg(groups: list[Group], measure: str, *, chart_id: str, title: str):
    """Horizontal bars, one per group, with the value written at the end of each bar."""
    width, row_h, label_w, right = 600, 34, 200, 70
    height = max(len(groups), 1) * row_h + 10
    largest = max((g.totals[measure] for g in groups), default=ZERO) or Decimal(1)
    plot_w = width - label_w - right
    bars = []
    for index, group in enumerate(groups):
        value = group.totals[measure]
        y = 5 + index * row_h
        bar_w = round(float(value / largest) * plot_w, 1)
        bars.append(
            (
                label_w - 8,
                y + 21,
                group.label[:28],
                label_w,
                y + 4,
                bar_w,
                label_w + bar_w + 6,
                y + 21,
                number(value),
            )
        )
    body = format_html_join(
        "",
        '<text class="chart-label" x="{}" y="{}" text-anchor="end">{}</text>'
        '<rect class="chart-bar" x="{}" y="{}" width="{}" height="24"></rect>'
        '<text class="chart-count" x="{}" y="{}">{}</text>',
        bars,
    )
    desc = "; ".join(f"{g.label}: {number(g.totals[measure])}" for g in groups) or "No reports yet"
    return format_html(
        '<svg class="chart" role="img" viewBox="0 0 {} {}" aria-labelledby="{}-title {}-desc"'
        ' focusable="false" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        width,
        height,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        desc,
        body,
    )


# The impact CSV --------------------------------------------------------------------------

CSV_HEADER = ["Cycle", "Purpose", "Region", "Measure", "Total"]


def write_impact_csv(fileobj, cycle=None) -> None:
    """One line per cycle, purpose, region and measure, as added up on the impact page."""
    writer = csv.writer(fileobj)
    writer.writerow(CSV_HEADER)
    for row in impact_answers(cycle):
        purpose = row["purpose"] or ""
        writer.writerow(
            [
                safe_csv_text(row["cycle_title"]),
                Purpose(purpose).label if purpose in Purpose.values else "",
                safe_csv_text(row["region"] or ""),
                ImpactMeasure(row["measure"]).label,
                number(measure_value(row)),
            ]
        )


# The "Reports" sheet of the board's workbook ------------------------------------------------

REPORT_COLUMNS = [
    "Application id",
    "Grantee",
    "Application",
    "Report",
    "Kind",
    "State",
    "Due on",
    "Submitted at",
    "Accepted at",
    *[ImpactMeasure(m).label for m in IMPACT_MEASURES],
]


def report_rows(cycle) -> list[list]:
    """The cycle's reports as plain rows (values as Python types; REPORT_COLUMNS names them):
    text, dates, aware datetimes or None, and the measures (Decimal, or True/False)."""
    reports = (
        Report.objects.filter(application__cycle=cycle)
        .select_related("request", "application__applicant")
        .prefetch_related("answers__question")
        .order_by("application__applicant__full_name", "due_on", "pk")
    )
    rows = []
    for report in reports:
        by_measure = {a.question.measure: a for a in report.answers.all() if a.question.measure}
        measures = []
        for measure in IMPACT_MEASURES:
            answer = by_measure.get(measure)
            if answer is None:
                measures.append(None)
            else:
                measures.append(answer.yes_no if measure in COUNTED_MEASURES else answer.number)
        rows.append(
            [
                report.application_id,
                report.application.applicant.get_full_name(),
                str(report.application),
                report.request.title,
                report.request.get_kind_display(),
                report.get_state_display(),
                report.due_on,
                report.submitted_at,
                report.accepted_at,
                *measures,
            ]
        )
    return rows
