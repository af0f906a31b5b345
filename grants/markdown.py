"""Markdown that staff write (cycle texts, agreements, letters) as safe HTML, and the
placeholders those texts may use."""

import re

import markdown
import nh3

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
    return clean_html(html)


def clean_html(html: str) -> str:
    """Keep only the tags, attributes and link schemes above (nh3)."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def fill_placeholders(text: str, values: dict[str, str]) -> str:
    """Replace {name} for every name in `values`; anything else stays as typed.

    Deliberately not str.format: a staff-written "{name.__class__}" or "{0}" is text,
    never an attribute lookup or an error.
    """
    return PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), text or "")


def unknown_placeholders(text: str, known) -> list[str]:
    """The {names} in `text` that are not among `known`, for a form's error message."""
    return sorted({name for name in PLACEHOLDER.findall(text or "") if name not in known})


# Anything between braces, to find placeholders that are unknown or mistyped.
BRACED = re.compile(r"\{([^{}\n]*)\}")


def placeholder_problems(text: str, known) -> list[str]:
    """What is wrong with the placeholders in `text`, in plain words (empty when nothing):
    names not among `known`, and braces that do not make a placeholder."""
    problems = []
    unknown = sorted({inside for inside in BRACED.findall(text or "") if inside not in known})
    if unknown:
        problems.append(
            "These placeholders are not known here: "
            + ", ".join("{" + name + "}" for name in unknown)
            + "."
        )
    rest = BRACED.sub("", text or "")
    if "{" in rest or "}" in rest:
        problems.append("A “{” or “}” has no partner: write a placeholder as {name}.")
    return problems
