"""The desk's query string, read and written: part of the view layer (the read side in
decisions.queries takes a DeskFilters of plain values and knows nothing of HTTP)."""

from dataclasses import dataclass
from urllib.parse import urlencode

from decisions.queries import SORTS, DeskFilters
from grants.choices import Purpose
from grants.workflow import RANKED_STATES

TRUE = ("1", "on", "true")


def filters_from(query) -> DeskFilters:
    """Read the desk's GET parameters, ignoring anything not offered on the page."""
    state = query.get("state", "")
    purpose = query.get("purpose", "")
    sort = query.get("sort", "rank")
    sort = sort if sort in SORTS else "rank"
    direction = query.get("dir", SORTS[sort][2])
    return DeskFilters(
        state=state if state in RANKED_STATES else "",
        purpose=purpose if purpose in Purpose.values else "",
        flagged=query.get("flagged") in TRUE,
        complete=query.get("complete") in TRUE,
        sort=sort,
        direction=direction if direction in ("asc", "desc") else SORTS[sort][2],
        page=query.get("page", "1"),
    )


def query_for(filters: DeskFilters, **changes) -> str:
    """The query string of this view with some parameters changed (page and sort links)."""
    params = {
        "state": filters.state,
        "purpose": filters.purpose,
        "flagged": "1" if filters.flagged else "",
        "complete": "1" if filters.complete else "",
        "sort": filters.sort,
        "dir": filters.direction,
    }
    params.update(changes)
    return urlencode({k: v for k, v in params.items() if v})


@dataclass(frozen=True)
class SortLink:
    key: str
    label: str
    query: str
    aria_sort: str  # "ascending" / "descending" on the current column, else ""


def sort_links(filters: DeskFilters) -> dict[str, SortLink]:
    links = {}
    for key, (label, _, default) in SORTS.items():
        current = key == filters.sort
        flipped = "asc" if filters.direction == "desc" else "desc"
        direction = flipped if current else default
        links[key] = SortLink(
            key=key,
            label=label,
            query=query_for(filters, sort=key, dir=direction, page=""),
            aria_sort=(
                ("ascending" if filters.direction == "asc" else "descending") if current else ""
            ),
        )
    return links
