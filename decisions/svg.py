"""Small charts for the decisions desk, drawn on the server as SVG (no JavaScript).

Each chart is an <svg role="img"> with a <title> and a <desc> that say what it shows;
the page also gives the same numbers as text or a table, so nothing depends on seeing it.
Colours come from classes styled in static/css/desk.css (the strict CSP forbids inline
style attributes; SVG geometry attributes are fine).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Bin:
    low: int
    high: int
    count: int

    @property
    def label(self) -> str:
        return f"{self.low}–{self.high}"


def histogram(scores, *, width: int = 10) -> list[Bin]:
    """Scores from 0 to 100 counted in bins of `width`: 0-10, 10-20, ... 90-100.

    Each bin holds low <= score < high, except the last, which also holds 100.
    """
    edges = list(range(0, 100, width))
    counts = [0] * len(edges)
    for score in scores:
        if score is None:
            continue
        index = min(int(Decimal(score) // width), len(edges) - 1)
        counts[max(index, 0)] += 1
    pairs = zip(edges, counts, strict=True)
    return [Bin(low, min(low + width, 100), count) for low, count in pairs]


def histogram_svg(bins: list[Bin], *, chart_id: str, title: str, desc: str) -> SafeString:
    """A bar chart of the bins: counts above the bars, the 0-100 scale under them.

    Drawn on a 480-unit canvas with large text, so the numbers stay readable when the
    chart shrinks to a phone's width.
    """
    width, height = 480, 250
    left, right, top, bottom = 18, 24, 30, 58
    plot_w, plot_h = width - left - right, height - top - bottom
    tallest = max((b.count for b in bins), default=0) or 1
    slot = plot_w / max(len(bins), 1)
    base = top + plot_h
    parts = []
    for index, item in enumerate(bins):
        bar_h = round(plot_h * item.count / tallest, 1)
        x = round(left + index * slot + 2, 1)
        centre = round(left + index * slot + slot / 2, 1)
        parts.append(
            format_html(
                '<rect class="chart-bar" x="{}" y="{}" width="{}" height="{}"></rect>'
                '<text class="chart-count" x="{}" y="{}" text-anchor="middle">{}</text>',
                x,
                round(base - bar_h, 1),
                round(slot - 4, 1),
                bar_h,
                centre,
                round(base - bar_h - 6, 1),
                item.count,
            )
        )
    edges = [b.low for b in bins] + ([bins[-1].high] if bins else [])
    for index, edge in enumerate(edges):
        x = round(left + index * slot, 1)
        parts.append(
            format_html(
                '<line class="chart-axis" x1="{}" y1="{}" x2="{}" y2="{}"></line>'
                '<text class="chart-label" x="{}" y="{}" text-anchor="middle">{}</text>',
                x,
                base,
                x,
                base + 6,
                x,
                base + 24,
                edge,
            )
        )
    return format_html(
        '<svg class="chart" role="img" viewBox="0 0 {w} {h}" aria-labelledby="{id}-title {id}-desc"'
        ' focusable="false" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        '<line class="chart-axis" x1="{left}" y1="{base}" x2="{end}" y2="{base}"></line>'
        "{parts}"
        '<text class="chart-label" x="{mid}" y="{caption_y}" text-anchor="middle">'
        "Score (0-100), in bands of 10</text></svg>",
        w=width,
        h=height,
        id=chart_id,
        title=title,
        desc=desc,
        left=left,
        end=width - right,
        base=base,
        parts=mark_safe("".join(parts)),  # noqa: S308 - each part was built by format_html
        mid=left + plot_w // 2,
        caption_y=height - 6,
    )


@dataclass(frozen=True)
class Segment:
    css_class: str
    label: str
    value: Decimal


def stacked_bar_svg(segments: list[Segment], *, total: Decimal) -> SafeString:
    """A horizontal bar split into segments of `total`. Decorative: the page states the
    same amounts as text next to it, so the SVG is hidden from assistive technology."""
    width, height = 600, 28
    x = 0.0
    parts = []
    for segment in segments:
        if not total or segment.value <= 0:
            continue
        share = min(float(segment.value / total), max(0.0, 1 - x / width))
        seg_w = round(width * share, 1)
        parts.append((segment.css_class, round(x, 1), seg_w, segment.label))
        x += seg_w
    rects = format_html_join(
        "",
        '<rect class="{}" x="{}" y="0" width="{}" height="{}"><title>{}</title></rect>',
        ((css, left, seg_w, height, label) for css, left, seg_w, label in parts),
    )
    return format_html(
        '<svg class="budget-bar" viewBox="0 0 {} {}" preserveAspectRatio="none"'
        ' aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">'
        '<rect class="budget-rest" x="0" y="0" width="{}" height="{}"></rect>{}</svg>',
        width,
        height,
        width,
        height,
        rects,
    )
