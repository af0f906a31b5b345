"""A cycle's record as a spreadsheet (.xlsx) and its Decisions sheet as CSV.

`write_cycle_workbook(cycle, fileobj)` is the one function the desk's download button and
`manage.py export_cycle` both call. The workbook is written by openpyxl in write-only mode
(rows stream to the file; lxml makes it fast) with real types: numbers as numbers, money
with a currency number format, times as spreadsheet dates in the cycle's time zone.

Every text value passes the guard (`clean_text`, `is_risky`): characters a spreadsheet
cannot hold are removed, and text that a spreadsheet program could run as a formula (it
begins with = + - @ tab CR LF, or is an error code such as #N/A) is stored as text with a
quote prefix, so opening, editing or re-saving the file never turns a title into a formula.
docs/exports.md lists every column.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from itertools import batched

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from grants.models import Application, Cycle
from grants.workflow import Purpose, State
from reviews.decisions import budget_summary
from reviews.models import Assignment, AssignmentStatus, Criterion, Review, Score
from reviews.ranking import RankedApplication, criterion_means, rank_cycle

# Text a spreadsheet may read as a formula when it starts with one of these (OWASP CSV
# injection; ASVS 5.0 1.2.10).
RISKY_FIRST_CHARACTERS = ("=", "+", "-", "@", "\t", "\r", "\n")
CHUNK_SIZE = 2000
# Reviews whose scores are read in one query (6 criteria: about 3,000 score rows).
REVIEW_BATCH = 500
SHEET_NAMES = ("Decisions", "Reviews", "Criteria", "Reviewers", "Budget")

# Column kinds: how a value is stored and shown.
TEXT, INTEGER, MONEY, SCORE, DATETIME, BOOLEAN = (
    "text",
    "integer",
    "money",
    "score",
    "datetime",
    "boolean",
)
SCORE_FORMAT = "0.00"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "CAD": "CA$", "AUD": "A$"}


def money_format(currency: str) -> str:
    """A number format showing the cycle's currency: "$"#,##0.00 or #,##0.00" CHF"."""
    symbol = CURRENCY_SYMBOLS.get(currency)
    if symbol:
        return f'"{symbol}"#,##0.00'
    return f'#,##0.00" {currency}"'


# The injection guard ------------------------------------------------------------------


def clean_text(value: str) -> str:
    """Remove the control characters a workbook cannot hold (they would crash openpyxl)."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def is_risky(text: str) -> bool:
    """Would a spreadsheet program treat this text as a formula or an error value?"""
    return text.startswith(RISKY_FIRST_CHARACTERS) or text in ERROR_CODES


def safe_csv_text(value: str) -> str:
    """CSV has no types: a leading single quote keeps risky text from being run."""
    text = clean_text(value)
    return "'" + text if is_risky(text) else text


# Writing sheets ------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = TEXT
    width: float = 14


class SheetWriter:
    """One write-only sheet: bold frozen header, widths, autofilter and typed cells.

    Openpyxl's write-only sheets need the view (frozen panes) and the column widths set
    before the first row; the autofilter is written when the sheet closes.
    """

    def __init__(self, workbook: Workbook, title: str, columns: list[Column], *, cycle: Cycle):
        self.ws = workbook.create_sheet(title)
        self.columns = columns
        self.tz = cycle.tz
        self.rows_written = 0
        self.ws.freeze_panes = "A2"
        for index, column in enumerate(columns, start=1):
            self.ws.column_dimensions[get_column_letter(index)].width = column.width
        self._styles = self._style_templates(cycle)
        self._kinds = [column.kind for column in columns]
        self._prepare_cells()
        self._write_header()

    def _style_templates(self, cycle: Cycle) -> dict[str, object]:
        """A style per kind, built once and shared by every cell of that kind (fast)."""
        formats = {
            MONEY: money_format(cycle.currency),
            SCORE: SCORE_FORMAT,
            DATETIME: DATETIME_FORMAT,
        }
        styles = {}
        for kind, number_format in formats.items():
            template = WriteOnlyCell(self.ws)
            template.number_format = number_format
            styles[kind] = template._style
        text = WriteOnlyCell(self.ws)
        text.quotePrefix = True
        styles["guarded"] = text._style
        header = WriteOnlyCell(self.ws)
        header.font = Font(bold=True)
        styles["header"] = header._style
        guarded_header = WriteOnlyCell(self.ws)
        guarded_header.font = Font(bold=True)
        guarded_header.quotePrefix = True
        styles["guarded_header"] = guarded_header._style
        return styles

    def _write_header(self) -> None:
        cells = []
        for column in self.columns:
            text = clean_text(column.header)
            cell = WriteOnlyCell(self.ws, text)
            cell.data_type = "s"
            cell._style = self._styles["guarded_header" if is_risky(text) else "header"]
            cells.append(cell)
        self.ws.append(cells)

    def _prepare_cells(self) -> None:
        """One typed cell and one guarded-text cell per column, refilled for every row.

        A write-only sheet writes a row the moment it is appended, so a cell object can
        carry the next row's value: this saves creating (and type-guessing) a styled cell
        for every money, score and date value, most of the export's overhead over openpyxl.
        """
        self._typed = []
        self._guarded = []
        for kind in self._kinds:
            typed = None
            if kind in (MONEY, SCORE, DATETIME):
                typed = WriteOnlyCell(self.ws)
                typed._style = self._styles[kind]
                typed.data_type = "d" if kind == DATETIME else "n"
            guarded = WriteOnlyCell(self.ws)
            guarded._style = self._styles["guarded"]
            guarded.data_type = "s"
            self._typed.append(typed)
            self._guarded.append(guarded)
        self._last_moment = self._last_local = None

    def _text(self, value: str, index: int):
        text = clean_text(value)
        if not is_risky(text):
            return text
        # openpyxl would make "=..." a formula and "#N/A" an error: store it as text.
        cell = self._guarded[index]
        cell._value = text[:32767]
        return cell

    def _local(self, moment: datetime) -> datetime:
        # Rows often repeat a time (a review's criteria): convert each distinct one once.
        if moment is not self._last_moment:
            self._last_moment, self._last_local = moment, excel_time(moment, self.tz)
        return self._last_local

    def _cell(self, value, index: int):
        if value is None:
            return None
        if isinstance(value, str):
            return self._text(value, index)
        typed = self._typed[index]
        if typed is None:
            return value
        typed._value = self._local(value) if typed.data_type == "d" else value
        return typed

    def append(self, values: Iterable) -> None:
        self.ws.append([self._cell(value, index) for index, value in enumerate(values)])
        self.rows_written += 1

    def close(self, *, filter_rows: int | None = None) -> None:
        """Put the autofilter over the header and `filter_rows` rows (default: all)."""
        rows = self.rows_written if filter_rows is None else filter_rows
        last_column = get_column_letter(len(self.columns))
        self.ws.auto_filter.ref = f"A1:{last_column}{rows + 1}"


def excel_time(moment: datetime, tz) -> datetime:
    """Spreadsheets have no time zones: the local wall time in the cycle's zone, naive."""
    if timezone.is_naive(moment):
        return moment
    return moment.astimezone(tz).replace(tzinfo=None)


# The rows ------------------------------------------------------------------------------


def decision_columns(cycle: Cycle) -> list[Column]:
    money = f" ({cycle.currency})"
    return [
        Column("Application id", INTEGER, 12),
        Column("Applicant name", TEXT, 24),
        Column("Applicant email", TEXT, 30),
        Column("Purpose", TEXT, 24),
        Column("Title", TEXT, 40),
        Column("Amount requested" + money, MONEY, 16),
        Column("Amount awarded" + money, MONEY, 16),
        Column("State", TEXT, 14),
        Column("Decision note", TEXT, 40),
        Column("Decided by", TEXT, 22),
        Column(f"Decided at ({cycle.time_zone})", DATETIME, 20),
        Column("Score (0-100)", SCORE, 12),
        Column("Normalised score (0-100)", SCORE, 14),
        Column("Rank", INTEGER, 8),
        Column("Reviews", INTEGER, 9),
        Column("Flagged", BOOLEAN, 10),
    ]


PURPOSE_LABELS = dict(Purpose.choices)
STATE_LABELS = dict(State.choices)


def _withdrawn(cycle: Cycle):
    """Withdrawn applications are not ranked but belong in the board's record."""
    return (
        Application.objects.in_cycle(cycle)
        .filter(state=State.WITHDRAWN)
        .exclude(submitted_at__isnull=True)
        .select_related("applicant")
        .order_by("pk")
    )


def _unranked(application: Application) -> RankedApplication:
    return RankedApplication(
        application=application,
        review_count=0,
        score=None,
        median=None,
        stdev=None,
        spread=None,
        flagged=False,
        normalised_score=None,
        rank=None,
    )


def decision_entries(cycle: Cycle, ranking: list[RankedApplication]) -> Iterator[RankedApplication]:
    yield from ranking
    for application in _withdrawn(cycle).iterator(chunk_size=CHUNK_SIZE):
        yield _unranked(application)


def _decider_names(ranking: list[RankedApplication]) -> dict[int, str]:
    """Board members who decided, by id: a handful of people, read in one query."""
    ids = {r.application.decided_by_id for r in ranking if r.application.decided_by_id}
    if not ids:
        return {}
    users = get_user_model().objects.filter(pk__in=ids).values_list("pk", "full_name")
    return dict(users)


def decision_row(entry: RankedApplication, deciders: dict[int, str]) -> tuple:
    app = entry.application
    return (
        app.pk,
        app.applicant.full_name,
        app.applicant.email,
        PURPOSE_LABELS.get(app.purpose, app.purpose),
        app.title,
        app.amount_requested,
        app.awarded_amount,
        STATE_LABELS.get(app.state, app.state),
        app.decision_note,
        deciders.get(app.decided_by_id),
        app.decided_at,
        entry.score,
        entry.normalised_score,
        entry.rank,
        entry.review_count,
        entry.flagged,
    )


def decision_rows(cycle: Cycle, ranking: list[RankedApplication] | None = None) -> Iterator[tuple]:
    """Decisions, best ranked first, then unreviewed, then withdrawn."""
    ranking = rank_cycle(cycle) if ranking is None else ranking
    deciders = _decider_names(ranking)
    for entry in decision_entries(cycle, ranking):
        yield decision_row(entry, deciders)


def review_columns(cycle: Cycle) -> list[Column]:
    return [
        Column("Application id", INTEGER, 12),
        Column("Reviewer", TEXT, 24),
        Column("Criterion", TEXT, 30),
        Column("Score", INTEGER, 8),
        Column("N/A", BOOLEAN, 7),
        Column("Comment", TEXT, 50),
        Column(f"Submitted at ({cycle.time_zone})", DATETIME, 20),
    ]


def _submitted_reviews(cycle: Cycle):
    return Review.objects.filter(
        submitted_at__isnull=False,
        assignment__status=AssignmentStatus.SUBMITTED,
        assignment__application__cycle=cycle,
    )


def review_rows(cycle: Cycle, criteria: list[Criterion] | None = None) -> Iterator[tuple]:
    """One row per submitted review and criterion, by application, then review.

    Reviews stream from the database in chunks; the scores of each batch of reviews come
    in one more query, so neither all reviews nor all scores are ever held at once.
    """
    criteria = cycle_criteria(cycle) if criteria is None else criteria
    names = {criterion.pk: criterion.name for criterion in criteria}
    order = {criterion.pk: position for position, criterion in enumerate(criteria)}
    reviews = (
        _submitted_reviews(cycle)
        .order_by("assignment__application_id", "pk")
        .values_list(
            "pk", "assignment__application_id", "assignment__reviewer__full_name", "submitted_at"
        )
        .iterator(chunk_size=CHUNK_SIZE)
    )
    for batch in batched(reviews, REVIEW_BATCH):
        scores: dict[int, list[tuple]] = {}
        for review_id, criterion_id, value, is_na, comment in Score.objects.filter(
            review_id__in=[review[0] for review in batch]
        ).values_list("review_id", "criterion_id", "value", "is_na", "comment"):
            scores.setdefault(review_id, []).append((criterion_id, value, is_na, comment))
        for review_id, application_id, reviewer, submitted_at in batch:
            for criterion_id, value, is_na, comment in sorted(
                scores.get(review_id, ()), key=lambda score: order.get(score[0], len(order))
            ):
                yield (
                    application_id,
                    reviewer,
                    names.get(criterion_id, ""),
                    value,
                    is_na,
                    comment,
                    submitted_at,
                )


def cycle_criteria(cycle: Cycle) -> list[Criterion]:
    return list(Criterion.objects.filter(rubric__cycle=cycle).order_by("position", "pk"))


def criteria_columns(criteria: list[Criterion]) -> list[Column]:
    return [
        Column("Application id", INTEGER, 12),
        Column("Title", TEXT, 40),
        *(
            Column(f"{criterion.name} ({criterion.scale_min}-{criterion.scale_max})", SCORE, 16)
            for criterion in criteria
        ),
    ]


def criteria_rows(
    cycle: Cycle, ranking: list[RankedApplication], criteria: list[Criterion]
) -> Iterator[tuple]:
    """Each ranked application's mean per criterion, on the criterion's own scale."""
    means = criterion_means(cycle)
    for entry in ranking:
        own = means.get(entry.application.pk, {})
        yield (
            entry.application.pk,
            entry.application.title,
            *(own.get(criterion.pk) for criterion in criteria),
        )


REVIEWER_COLUMNS = [
    Column("Reviewer", TEXT, 24),
    Column("Email", TEXT, 30),
    Column("Assigned", INTEGER, 10),
    Column("Submitted", INTEGER, 10),
    Column("Conflicts", INTEGER, 10),
    Column("Overdue", INTEGER, 10),
]


def reviewer_rows(cycle: Cycle) -> Iterator[tuple]:
    """Per reviewer: assignments in the cycle, reviews submitted, conflicts, overdue."""
    now = timezone.now()
    rows = (
        Assignment.objects.filter(application__cycle=cycle)
        .values("reviewer_id", "reviewer__full_name", "reviewer__email")
        .annotate(
            assigned=Count("pk"),
            submitted=Count("pk", filter=Q(status=AssignmentStatus.SUBMITTED)),
            conflicts=Count("pk", filter=Q(status=AssignmentStatus.CONFLICT)),
            overdue=Count("pk", filter=Q(status=AssignmentStatus.ASSIGNED, due_at__lt=now)),
        )
        .order_by("reviewer__full_name", "reviewer_id")
    )
    for row in rows:
        yield (
            row["reviewer__full_name"],
            row["reviewer__email"],
            row["assigned"],
            row["submitted"],
            row["conflicts"],
            row["overdue"],
        )


def budget_columns(cycle: Cycle) -> list[Column]:
    money = f" ({cycle.currency})"
    return [
        Column("State", TEXT, 22),
        Column("Applications", INTEGER, 14),
        Column("Amount requested" + money, MONEY, 20),
        Column("Amount awarded" + money, MONEY, 20),
    ]


def write_budget(sheet: SheetWriter, cycle: Cycle) -> None:
    """Totals per state, a total row, then the budget, what is awarded and what is left."""
    summary = budget_summary(cycle)
    for row in summary.by_state:
        sheet.append((row.label, row.count, row.requested, row.awarded))
    sheet.append(("All applications", summary.count, summary.requested_total, summary.awarded))
    states_and_total = sheet.rows_written
    sheet.append((None, None, None, None))
    sheet.append(("Cycle budget", None, None, summary.total))
    sheet.append(("Awarded", None, None, summary.awarded))
    sheet.append(("Remaining budget", None, None, summary.remaining))
    sheet.append(("Waitlisted (requested)", None, summary.waitlisted, None))
    sheet.close(filter_rows=states_and_total)


# The two entry points -------------------------------------------------------------------


def write_cycle_workbook(cycle: Cycle, fileobj) -> None:
    """Write the cycle's workbook (.xlsx) to a binary file object or a path."""
    workbook = Workbook(write_only=True)
    workbook.properties.title = f"{cycle.title}: the board's record"
    workbook.properties.creator = "S4OM Grants"
    ranking = rank_cycle(cycle)

    sheet = SheetWriter(workbook, "Decisions", decision_columns(cycle), cycle=cycle)
    for row in decision_rows(cycle, ranking):
        sheet.append(row)
    sheet.close()

    criteria = cycle_criteria(cycle)
    sheet = SheetWriter(workbook, "Reviews", review_columns(cycle), cycle=cycle)
    for row in review_rows(cycle, criteria):
        sheet.append(row)
    sheet.close()

    sheet = SheetWriter(workbook, "Criteria", criteria_columns(criteria), cycle=cycle)
    for row in criteria_rows(cycle, ranking, criteria):
        sheet.append(row)
    sheet.close()

    sheet = SheetWriter(workbook, "Reviewers", REVIEWER_COLUMNS, cycle=cycle)
    for row in reviewer_rows(cycle):
        sheet.append(row)
    sheet.close()

    write_budget(SheetWriter(workbook, "Budget", budget_columns(cycle), cycle=cycle), cycle)
    workbook.save(fileobj)


def csv_value(value, kind: str, tz) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return safe_csv_text(value)
    if kind == DATETIME:
        return excel_time(value, tz).strftime("%Y-%m-%d %H:%M")
    if kind == BOOLEAN:
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def write_decisions_csv(cycle: Cycle, fileobj) -> None:
    """The Decisions sheet as CSV: UTF-8 with a BOM (so Excel reads the accents), one
    header row, the same injection guard (a leading single quote). `fileobj` is binary."""
    columns = decision_columns(cycle)
    kinds = [column.kind for column in columns]
    text = io.TextIOWrapper(fileobj, encoding="utf-8-sig", newline="", write_through=True)
    try:
        writer = csv.writer(text)
        writer.writerow([safe_csv_text(column.header) for column in columns])
        for row in decision_rows(cycle):
            writer.writerow([csv_value(v, k, cycle.tz) for v, k in zip(row, kinds, strict=True)])
        text.flush()
    finally:
        text.detach()


def export_filename(cycle: Cycle, extension: str) -> str:
    stamp = timezone.localtime(timezone.now(), cycle.tz).strftime("%Y-%m-%d")
    return f"{cycle.slug}-decisions-{stamp}.{extension}"
