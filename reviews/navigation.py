"""Tabs that higher layers add to a cycle's board navigation, so reviews never names them.

decisions adds "Decisions desk" in its AppConfig.ready(). Each tab is a label and a URL
name that takes the cycle's slug.
"""

from django.urls import NoReverseMatch, reverse

CYCLE_TABS: list[tuple[str, str]] = []


def add_cycle_tab(label: str, url_name: str) -> None:
    if (label, url_name) not in CYCLE_TABS:
        CYCLE_TABS.append((label, url_name))


def extra_cycle_tabs(cycle) -> list[tuple[str, str]]:
    """[(label, url), ...] of the added tabs that are installed."""
    tabs = []
    for label, url_name in CYCLE_TABS:
        try:
            tabs.append((label, reverse(url_name, args=[cycle.slug])))
        except NoReverseMatch:
            continue
    return tabs
