"""The server-side SVG charts of the desk."""

from decimal import Decimal

from decisions import svg


def test_histogram_puts_each_score_in_its_band_and_100_in_the_last():
    bins = svg.histogram([Decimal("0"), Decimal("9.99"), Decimal("10"), Decimal("100"), None])

    assert [(b.low, b.high, b.count) for b in bins] == [
        (0, 10, 2),
        (10, 20, 1),
        (20, 30, 0),
        (30, 40, 0),
        (40, 50, 0),
        (50, 60, 0),
        (60, 70, 0),
        (70, 80, 0),
        (80, 90, 0),
        (90, 100, 1),
    ]


def test_histogram_svg_is_an_image_with_title_and_description_and_escapes_text():
    chart = svg.histogram_svg(
        svg.histogram([Decimal("50")]), chart_id="c", title="Scores <b>", desc="One & only"
    )

    assert chart.startswith('<svg class="chart" role="img"')
    assert 'aria-labelledby="c-title c-desc"' in chart
    assert '<title id="c-title">Scores &lt;b&gt;</title>' in chart
    assert '<desc id="c-desc">One &amp; only</desc>' in chart
    assert "style=" not in chart


def test_budget_bar_is_decorative_and_never_overflows():
    bar = svg.stacked_bar_svg(
        [
            svg.Segment("budget-awarded", "Awarded", Decimal("800")),
            svg.Segment("budget-waitlisted", "Waitlisted", Decimal("900")),
        ],
        total=Decimal("1000"),
    )

    assert 'aria-hidden="true"' in bar
    assert '<rect class="budget-awarded" x="0.0" y="0" width="480.0"' in bar
    assert '<rect class="budget-waitlisted" x="480.0" y="0" width="120.0"' in bar
