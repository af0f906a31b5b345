"""Links that higher layers add to the profile page, so accounts never names their pages.

privacy adds "Download your data or delete your account" in its AppConfig.ready().
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class ProfileLink:
    heading: str
    label: str
    url_name: str


PROFILE_LINKS: list[ProfileLink] = []


def add_profile_link(heading: str, label: str, url_name: str) -> None:
    link = ProfileLink(heading, label, url_name)
    if link not in PROFILE_LINKS:
        PROFILE_LINKS.append(link)


def profile_sections() -> list[tuple[str, list[tuple[str, str]]]]:
    """[(heading, [(label, url), ...]), ...] in the order the links were added."""
    sections: dict[str, list[tuple[str, str]]] = {}
    for link in PROFILE_LINKS:
        try:
            url = reverse(link.url_name)
        except NoReverseMatch:  # that part of the site is not installed
            continue
        sections.setdefault(link.heading, []).append((link.label, url))
    return list(sections.items())
