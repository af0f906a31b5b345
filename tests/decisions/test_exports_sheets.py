"""The workbook's review columns, recommendation counts, cut marker and sheet registry,
read back with openpyxl."""

import csv
import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from openpyxl import load_workbook

from decisions.exports import registry, write_cycle_workbook, write_decisions_csv
from decisions.exports.cells import CELL_LIMIT, CUT_MARKER, INTEGER, TEXT, Column, fit_cell
from grants.models import Application
from reviews.models import AssignmentStatus, Recommendation, Review
from tests.decisions.desk_data import build_known_cycle, review
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def workbook_of(cycle, **kwargs):
    buffer = io.BytesIO()
    write_cycle_workbook(cycle, buffer, **kwargs)
    buffer.seek(0)
    return load_workbook(buffer)


def rows_of(ws):
    return [list(row) for row in ws.iter_rows(values_only=True)]


def _review_of(application, reviewer):
    return Review.objects.get(assignment__application=application, assignment__reviewer=reviewer)


@pytest.fixture
def recommended():
    """The known cycle with overall recommendations, and a review recused after it was
    sent in (its assignment became a conflict): that one counts nowhere."""
    known = build_known_cycle()
    for application, reviewer, recommendation, comment in [
        (known.a, known.kim, Recommendation.FUND, "=SUM(1)"),
        (known.a, known.lee, Recommendation.FUND_WITH_CHANGES, "Fund, trim travel"),
        (known.b, known.kim, Recommendation.DO_NOT_FUND, "Too vague"),
        (known.b, known.lee, "", ""),
    ]:
        Review.objects.filter(pk=_review_of(application, reviewer).pk).update(
            recommendation=recommendation, overall_comment=comment
        )
    rae = UserFactory(full_name="Rae Recused")
    recused = review(known.a, rae, [(known.plan, 1), (known.benefit, 1)])
    Review.objects.filter(pk=recused.pk).update(recommendation=Recommendation.DO_NOT_FUND)
    recused.assignment.status = AssignmentStatus.CONFLICT
    recused.assignment.save()
    return known


# The recommendation counts and the review columns -------------------------------------------


def test_decisions_sheet_counts_each_recommendation_of_submitted_reviews(recommended):
    ws = workbook_of(recommended.cycle)["Decisions"]

    rows = rows_of(ws)
    assert rows[0][16:] == [
        "Recommended: Fund",
        "Recommended: Fund with changes",
        "Recommended: Do not fund",
    ]
    counts = {row[0]: row[16:] for row in rows[1:]}
    # A: fund and fund with changes (Rae's recused "do not fund" does not count).
    assert counts == {
        recommended.a.pk: [1, 1, 0],
        recommended.b.pk: [0, 0, 1],  # Lee gave no recommendation
        recommended.c.pk: [0, 0, 0],
        recommended.d.pk: [0, 0, 0],
    }
    assert ws["Q2"].data_type == "n"


def test_recommendation_counts_of_a_conflict_are_blank(recommended):
    ws = workbook_of(recommended.cycle, hidden=frozenset({recommended.b.pk}))["Decisions"]

    counts = {row[0]: row[16:] for row in rows_of(ws)[1:]}
    assert counts[recommended.b.pk] == [None, None, None]
    assert counts[recommended.a.pk] == [1, 1, 0]


def test_reviews_sheet_has_each_reviews_recommendation_and_overall_comment(recommended):
    ws = workbook_of(recommended.cycle)["Reviews"]

    rows = rows_of(ws)
    assert rows[0][7:] == ["Recommendation", "Overall comment"]
    by_reviewer = {(row[0], row[1]): row[7:] for row in rows[1:]}
    assert by_reviewer == {
        (recommended.a.pk, "Kim Reviewer"): ["Fund", "=SUM(1)"],
        (recommended.a.pk, "Lee Reviewer"): ["Fund with changes", "Fund, trim travel"],
        (recommended.b.pk, "Kim Reviewer"): ["Do not fund", "Too vague"],
        (recommended.b.pk, "Lee Reviewer"): [None, None],
    }
    assert "Rae Recused" not in {row[1] for row in rows}
    assert (ws["I2"].value, ws["I2"].data_type, ws["I2"].quotePrefix) == ("=SUM(1)", "s", True)


def test_the_csv_keeps_its_columns(recommended):
    buffer = io.BytesIO()
    write_decisions_csv(recommended.cycle, buffer)

    header = next(csv.reader(io.StringIO(buffer.getvalue().decode("utf-8-sig"))))
    assert len(header) == 16 and header[-1] == "Flagged"


# The cut marker -------------------------------------------------------------------------


def test_fit_cell_leaves_text_that_fits():
    assert fit_cell("x" * CELL_LIMIT) == "x" * CELL_LIMIT


def test_fit_cell_cuts_long_text_to_end_with_the_marker():
    cut = fit_cell("x" * (CELL_LIMIT + 1))

    assert len(cut) == CELL_LIMIT
    assert cut.endswith(" … " + CUT_MARKER)
    assert cut.startswith("x" * 32000)


def test_fit_cell_counts_utf16_units_and_never_splits_a_character():
    # 20,000 emoji are 40,000 UTF-16 units: more than a cell holds, though 20,000 "chars".
    cut = fit_cell("😀" * 20000)

    assert cut.endswith(CUT_MARKER)
    assert len(cut.encode("utf-16-le")) // 2 <= CELL_LIMIT
    assert set(cut[: -len(" … " + CUT_MARKER)]) == {"😀"}


def test_long_text_in_the_workbook_ends_with_the_cut_marker(recommended):
    long_note = "Note " + "x" * 40000
    Application.objects.filter(pk=recommended.a.pk).update(decision_note=long_note)
    Review.objects.filter(pk=_review_of(recommended.a, recommended.kim).pk).update(
        overall_comment="=" + "y" * 33000
    )

    workbook = workbook_of(recommended.cycle)

    note = workbook["Decisions"]["I2"].value
    assert note.endswith(CUT_MARKER) and len(note) == CELL_LIMIT
    assert note.startswith("Note xxx")
    comment = workbook["Reviews"]["I2"]
    assert comment.value.endswith(CUT_MARKER) and len(comment.value) == CELL_LIMIT
    assert (comment.value[:3], comment.data_type, comment.quotePrefix) == ("=yy", "s", True)
    # The CSV keeps the full text.
    buffer = io.BytesIO()
    write_decisions_csv(recommended.cycle, buffer)
    rows = list(csv.reader(io.StringIO(buffer.getvalue().decode("utf-8-sig"))))
    assert rows[1][8] == long_note


# The registry ---------------------------------------------------------------------------


def test_registered_sheets_come_after_the_own_ones_by_order_then_name():
    names = [sheet.name for sheet in registry.registered_sheets()]
    assert names == ["Awards", "Payments", "Reports"]


@pytest.fixture
def extra_sheet():
    def columns(cycle):
        return [Column("Application id", INTEGER, 12), Column("Seen hidden", TEXT, 20)]

    def rows(cycle, hidden):
        yield (1, ",".join(str(pk) for pk in sorted(hidden)))

    sheet = registry.register_sheet("Extra", order=15, columns=columns, rows=rows)
    yield sheet
    registry.unregister_sheet("Extra")


def test_a_registered_sheet_is_written_in_its_place_and_gets_the_hidden_ids(extra_sheet):
    known = build_known_cycle()

    workbook = workbook_of(known.cycle, hidden=frozenset({known.b.pk, known.a.pk}))

    assert workbook.sheetnames[5:] == ["Awards", "Extra", "Payments", "Reports"]
    ws = workbook["Extra"]
    assert rows_of(ws) == [
        ["Application id", "Seen hidden"],
        [1, ",".join(str(pk) for pk in sorted({known.a.pk, known.b.pk}))],
    ]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:B2"


def test_registering_the_same_sheet_again_is_harmless(extra_sheet):
    again = registry.register_sheet(
        "Extra", order=15, columns=extra_sheet.columns, rows=extra_sheet.rows
    )
    assert again == extra_sheet
    assert [s.name for s in registry.registered_sheets()].count("Extra") == 1


@pytest.mark.parametrize(
    "name, message",
    [
        ("Awards", "A sheet named 'Awards' is registered already."),
        ("awards", "A sheet named 'awards' is registered already."),
        ("Reviews", "The workbook already has its own 'Reviews' sheet."),
        ("Money/Out", "'Money/Out' cannot name a sheet"),
        ("x" * 32, "cannot name a sheet: at most 31 characters"),
    ],
)
def test_a_clashing_or_invalid_sheet_name_is_refused(name, message):
    with pytest.raises(ImproperlyConfigured) as error:
        registry.register_sheet(name, order=1, columns=lambda c: [], rows=lambda c, h: [])

    assert message in str(error.value)
