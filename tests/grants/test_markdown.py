"""Cycle descriptions are Markdown in which no raw HTML survives."""

import pytest
from django.urls import reverse

from grants.markdown import render_markdown
from tests.factories import CycleFactory


def test_markdown_renders_emphasis_lists_and_links():
    html = render_markdown("**Bold** and *soft*\n\n- one\n- two\n\n[S4OM](https://s4om.org)")

    assert html == (
        "<p><strong>Bold</strong> and <em>soft</em></p>\n"
        "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"
        '<p><a href="https://s4om.org" rel="noopener noreferrer nofollow">S4OM</a></p>'
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ("<b onmouseover=alert(1)>hi</b>", "<p>&lt;b onmouseover=alert(1)&gt;hi&lt;/b&gt;</p>"),
        (
            '<div>\n<iframe src="https://evil.example"></iframe>\n</div>',
            '<p>&lt;div&gt;\n&lt;iframe src="https://evil.example"&gt;&lt;/iframe&gt;\n'
            "&lt;/div&gt;</p>",
        ),
        ("[click](javascript:alert(1))", '<p><a rel="noopener noreferrer nofollow">click</a></p>'),
        ("![x](https://tracker.example/p.png)", "<p></p>"),
        ("# Big heading", "<h2>Big heading</h2>"),
    ],
)
def test_raw_html_and_unsafe_links_do_not_survive(source, expected):
    assert render_markdown(source) == expected


@pytest.mark.django_db
def test_the_cycle_page_shows_description_and_eligibility_sanitised(client):
    cycle = CycleFactory(
        description="Hello <img src=x onerror=alert(1)> **friends**",
        eligibility="<script>steal()</script> Members only",
    )

    body = client.get(reverse("grants:cycle_detail", args=[cycle.slug])).content.decode()

    assert "<strong>friends</strong>" in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body
    assert "<script>steal()" not in body
    assert "&lt;script&gt;steal()&lt;/script&gt; Members only" in body
