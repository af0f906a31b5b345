"""Read side of the decisions desk: the ranked, filtered, sorted page and one application.

Every function here costs a fixed number of queries whatever the cycle's size: the
ranking is filtered, sorted and paged in the database (reviews.ranking.RankedRows: one
statement with the totals and histogram, one for the page's applications), and one
application's panel reads its own figures and neighbours (ranking.application_ranking)
and loads its reviews with their scores in two more queries.
"""

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.core.paginator import Paginator
from django.db.models import Prefetch

from decisions import svg
from decisions.budget import BudgetSummary, budget_summary
from grants.models import Application, Cycle
from grants.workflow import (
    DECIDABLE_STATES,
    DECISION_STATES,
    EDITABLE_STATES,
    Transition,
    sources_of,
)
from reviews.board_conflicts import conflicted_ids, without_conflicts
from reviews.models import Assignment, AssignmentStatus, Review, Score
from reviews.ranking import (
    RankedApplication,
    RankedRows,
    RankingQuery,
    application_ranking,
    rank_cycle,
)

PAGE_SIZE = 25


# key -> (label, the value sorted on (None sorts last either way), default direction)
SORTS = {
    "rank": ("Rank", lambda r: r.rank, "asc"),
    "normalised": ("Normalised score", lambda r: r.normalised_score, "desc"),
    "spread": ("Spread", lambda r: r.spread, "desc"),
    "reviews": ("Reviews", lambda r: r.review_count, "desc"),
    "requested": ("Amount requested", lambda r: r.application.amount_requested, "desc"),
    "title": ("Title", lambda r: r.application.title.casefold(), "asc"),
    "state": ("State", lambda r: r.application.get_state_display(), "asc"),
}


@dataclass(frozen=True)
class DeskFilters:
    state: str = ""
    purpose: str = ""
    flagged: bool = False
    complete: bool = False  # leave out applications with too few reviews
    sort: str = "rank"
    direction: str = "asc"
    page: str = "1"

    @property
    def is_filtered(self) -> bool:
        return bool(self.state or self.purpose or self.flagged or self.complete)

    def ranking_query(self) -> RankingQuery:
        """The same filters and sort for the ranking in SQL (reviews.ranking)."""
        return RankingQuery(
            state=self.state,
            purpose=self.purpose,
            flagged=self.flagged,
            complete_only=self.complete,
            sort=self.sort,
            direction=self.direction,
        )


@dataclass
class DeskPage:
    cycle: Cycle
    filters: DeskFilters
    page: object  # django.core.paginator.Page of RankedApplication
    shown: int
    total: int
    budget: BudgetSummary
    chart_bins: list
    chart: str
    unscored: int
    decidable: int = 0
    budget_bar: str = ""
    conflicted_ids: frozenset[int] = frozenset()  # the viewer's conflicts (figures hidden)

    @cached_property
    def selectable_ids(self) -> set[int]:
        """Rows on this page a bulk action could change (the others get no checkbox)."""
        return {
            row.application.pk
            for row in self.page
            if row.application.state in DECIDABLE_STATES
            and row.application.pk not in self.conflicted_ids
        }


def desk_page(cycle: Cycle, filters: DeskFilters, *, viewer=None) -> DeskPage:
    """The desk as `viewer` sees it: their conflicts' figures hidden (reviews.board_conflicts).

    Ranked in SQL; a viewer with a conflict in this cycle (rare: their own application, or
    a recorded conflict) gets the reference ranking renumbered without those applications,
    so no gap in the ranks gives a hidden application's place away.
    """
    hidden = conflicted_ids(viewer, cycle)
    if hidden:
        return _desk_page_without(cycle, filters, hidden)
    ranking = RankedRows(
        cycle,
        filters.ranking_query(),
        per_page=PAGE_SIZE,
        page=filters.page,
        count_states=DECIDABLE_STATES,
    )
    page = Paginator(ranking, PAGE_SIZE).get_page(filters.page)
    summary = ranking.summary
    bins = [
        svg.Bin(low * 10, min(low * 10 + 10, 100), count) for low, count in enumerate(summary.bands)
    ]
    unscored = summary.total - summary.scored
    chart = svg.histogram_svg(
        bins,
        chart_id="score-chart",
        title="How the applications scored",
        desc=_chart_description(bins, summary.scored, unscored),
    )
    budget = budget_summary(cycle)
    return DeskPage(
        cycle=cycle,
        filters=filters,
        page=page,
        shown=summary.shown,
        total=summary.total,
        budget=budget,
        budget_bar=budget_bar(budget),
        chart_bins=bins,
        chart=chart,
        unscored=unscored,
        decidable=summary.counted,
    )


def budget_bar(budget: BudgetSummary) -> str:
    return svg.stacked_bar_svg(
        [
            svg.Segment("budget-awarded", "Awarded", budget.awarded),
            svg.Segment("budget-waitlisted", "Waitlisted (requested)", budget.waitlisted),
        ],
        total=budget.total,
    )


def _chart_description(bins, scored: int, unscored: int) -> str:
    parts = [f"{b.label}: {b.count}" for b in bins if b.count]
    text = f"Scores of {scored} reviewed application{'s' if scored != 1 else ''} in bands of 10"
    text += (": " + "; ".join(parts) + ".") if parts else "."
    if unscored:
        verb = "is" if unscored == 1 else "are"
        text += f" {unscored} without reviews yet {verb} not shown."
    return text


# One application -------------------------------------------------------------------------


def _board_applications(cycle: Cycle):
    """Applications the board may open: in this cycle and submitted at some point."""
    return (
        Application.objects.in_cycle(cycle)
        .exclude(state__in=EDITABLE_STATES)
        .select_related("cycle", "applicant", "decided_by")
    )


def board_application(cycle: Cycle, pk: int) -> Application | None:
    return _board_applications(cycle).filter(pk=pk).first()


@dataclass
class ApplicationPanel:
    application: Application
    ranked: RankedApplication | None
    reviews: list[Review]
    open_assignments: list[Assignment]
    previous_id: int | None
    next_id: int | None
    position: int | None
    total: int
    conflicted: bool = False  # the viewer has a conflict: no reviews, no decision

    @property
    def can_decide(self) -> bool:
        return self.application.state in DECIDABLE_STATES and not self.conflicted

    @property
    def is_decided(self) -> bool:
        return self.application.state in DECISION_STATES

    @property
    def can_change_award(self) -> bool:
        """An offered or accepted award the board may still correct or rescind."""
        return self.application.state in sources_of(Transition.RESCIND) and not self.conflicted

    @property
    def can_waitlist(self) -> bool:
        return self.application.state in sources_of(Transition.WAITLIST)


def _open_assignments(application: Application) -> list[Assignment]:
    return list(
        Assignment.objects.filter(application=application)
        .exclude(status=AssignmentStatus.SUBMITTED)
        .select_related("reviewer")
        .order_by("reviewer__full_name")
    )


def _reviews_of(application: Application) -> list[Review]:
    scores = Score.objects.select_related("criterion").order_by("criterion__position", "pk")
    return list(
        Review.objects.submitted()
        .filter(assignment__application=application)
        .select_related("assignment__reviewer")
        .prefetch_related(Prefetch("scores", queryset=scores))
        .order_by("assignment__reviewer__full_name", "pk")
    )


def application_panel(cycle: Cycle, application: Application, *, viewer=None) -> ApplicationPanel:
    """Everything the board reads before deciding one application, and its neighbours.

    When `viewer` has a conflict with it, the panel carries no figures, reviews or
    reviewer names (reviews.board_conflicts); a viewer with any conflict in the cycle
    reads positions from the ranking renumbered without those applications.
    """
    hidden = conflicted_ids(viewer, cycle)
    if hidden:
        return _panel_without(cycle, application, hidden)
    placed = application_ranking(cycle, application)
    return ApplicationPanel(
        application=application,
        ranked=placed.ranked if placed else None,
        reviews=_reviews_of(application),
        open_assignments=_open_assignments(application),
        previous_id=placed.previous_id if placed else None,
        next_id=placed.next_id if placed else None,
        position=placed.position if placed else None,
        total=placed.total if placed else 0,
    )


def printable_application(cycle: Cycle, pk: int) -> Application | None:
    """The application with its budget, answers and attachments, for the print page."""
    return (
        _board_applications(cycle)
        .prefetch_related("budget_lines", "answers__question", "attachments")
        .filter(pk=pk)
        .first()
    )


def remaining_for(application: Application, budget: BudgetSummary) -> Decimal:
    """The most the board can award this application now: its request or what is left."""
    requested = application.amount_requested or Decimal("0.00")
    return max(min(requested, budget.remaining), Decimal("0.00"))


# A viewer with conflicts: the reference ranking, renumbered without them ----------------


def _kept(filters: DeskFilters, row: RankedApplication, cycle: Cycle) -> bool:
    app = row.application
    complete = (row.review_count or 0) >= cycle.reviewers_per_application
    return (
        (not filters.state or app.state == filters.state)
        and (not filters.purpose or app.purpose == filters.purpose)
        and (not filters.flagged or row.flagged)
        and (not filters.complete or complete)
    )


def _sorted(filters: DeskFilters, rows: list[RankedApplication]) -> list[RankedApplication]:
    """Sorted on the chosen column; rows without a value (no reviews yet) go last."""
    value = SORTS[filters.sort][1]
    present = [row for row in rows if value(row) is not None]
    missing = [row for row in rows if value(row) is None]
    return sorted(present, key=value, reverse=filters.direction == "desc") + missing


def _desk_page_without(cycle: Cycle, filters: DeskFilters, hidden: frozenset[int]) -> DeskPage:
    ranking = without_conflicts(rank_cycle(cycle), hidden)
    shown = _sorted(filters, [row for row in ranking if _kept(filters, row, cycle)])
    page = Paginator(shown, PAGE_SIZE).get_page(filters.page)
    scores = [row.score for row in ranking if row.score is not None]
    bins = svg.histogram(scores)
    unscored = len(ranking) - len(scores)
    budget = budget_summary(cycle)
    return DeskPage(
        cycle=cycle,
        filters=filters,
        page=page,
        shown=len(shown),
        total=len(ranking),
        budget=budget,
        budget_bar=budget_bar(budget),
        chart_bins=bins,
        chart=svg.histogram_svg(
            bins,
            chart_id="score-chart",
            title="How the applications scored",
            desc=_chart_description(bins, len(scores), unscored),
        ),
        unscored=unscored,
        decidable=sum(
            1
            for row in ranking
            if row.application.state in DECIDABLE_STATES and row.application.pk not in hidden
        ),
        conflicted_ids=hidden,
    )


def _panel_without(cycle: Cycle, application: Application, hidden) -> ApplicationPanel:
    conflicted = application.pk in hidden
    ranking = without_conflicts(rank_cycle(cycle), hidden)
    ids = [row.application.pk for row in ranking]
    ranked = next((row for row in ranking if row.application.pk == application.pk), None)
    position = ids.index(application.pk) if ranked else None
    return ApplicationPanel(
        application=application,
        ranked=None if conflicted else ranked,
        reviews=[] if conflicted else _reviews_of(application),
        open_assignments=[] if conflicted else _open_assignments(application),
        previous_id=ids[position - 1] if position else None,
        next_id=ids[position + 1] if position is not None and position + 1 < len(ids) else None,
        position=position + 1 if position is not None else None,
        total=len(ids),
        conflicted=conflicted,
    )
