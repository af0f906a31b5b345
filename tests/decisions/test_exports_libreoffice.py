"""The workbook opens in LibreOffice Calc and shows the values a person expects.

LibreOffice converts the .xlsx headless to CSV "as shown" (its filter option 9), so the
money and date formats are checked too, and a title such as =HYPERLINK(...) must come
out as its text, not as the formula's result. Option 12 (-1) writes every sheet, so the
sheets other apps register (Awards, Payments, Reports) and the cut marker are read too.
"""

import csv
import shutil
import subprocess

import pytest

from decisions.exports import write_cycle_workbook
from grants.models import Application
from reviews.models import Recommendation, Review
from tests.decisions.desk_data import HYPERLINK, build_known_cycle
from tests.payments.workbook_data import build_post_award_cycle

SOFFICE = shutil.which("soffice")
# Comma, double quote, UTF-8 (76), from line 1, ..., save cell contents as shown.
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true"
# The same, for every sheet (the 12th token, -1): one <name>-<sheet>.csv per sheet.
ALL_SHEETS_FILTER = CSV_FILTER + ",false,false,-1"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        SOFFICE is None,
        reason="LibreOffice is not installed (apt-get install -y libreoffice-calc-nogui)",
    ),
]


def convert(xlsx, outdir, profile, csv_filter):
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            csv_filter,
            "--outdir",
            str(outdir),
            str(xlsx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )


def read_csv(path):
    with path.open(encoding="utf-8", newline="") as converted:
        return list(csv.reader(converted))


def convert_to_csv(xlsx, outdir, profile):
    convert(xlsx, outdir, profile, CSV_FILTER)
    return read_csv(outdir / (xlsx.stem + ".csv"))


def convert_every_sheet(xlsx, outdir, profile) -> dict[str, list[list[str]]]:
    """Each sheet as LibreOffice shows it, by sheet name."""
    convert(xlsx, outdir, profile, ALL_SHEETS_FILTER)
    prefix = xlsx.stem + "-"
    return {path.stem.removeprefix(prefix): read_csv(path) for path in outdir.glob("*.csv")}


def test_libreoffice_reads_the_decisions_sheet_as_written(tmp_path):
    known = build_known_cycle()
    xlsx = tmp_path / "cycle.xlsx"
    with xlsx.open("wb") as out:
        write_cycle_workbook(known.cycle, out)

    rows = convert_to_csv(xlsx, tmp_path / "out", tmp_path / "profile")

    assert rows[0][:6] == [
        "Application id",
        "Applicant name",
        "Applicant email",
        "Purpose",
        "Title",
        "Amount requested (USD)",
    ]
    assert [row[16:] for row in rows[1:]] == [["0", "0", "0"]] * 4  # no recommendations
    assert [row[:16] for row in rows[1:]] == [
        [
            str(known.a.pk),
            "Ana Lima",
            "ana@example.org",
            "Professional development",
            HYPERLINK,
            "$1,200.00",
            "$1,000.00",
            "Awarded",
            "=cmd|' /C calc'!A0",
            "Robin Chair",
            "2026-03-05 10:30",
            "81.25",
            "82.26",
            "1",
            "2",
            "FALSE",
        ],
        [
            str(known.b.pk),
            "Ben Ode",
            "ben@example.org",
            "Professional development",
            "+1+1",
            "$800.00",
            "",
            "Reviewed",
            "",
            "",
            "",
            "43.75",
            "42.74",
            "2",
            "2",
            "FALSE",
        ],
        [
            str(known.c.pk),
            "Cleo Park",
            "cleo@example.org",
            "Community service",
            "@SUM(A1)",
            "$500.00",
            "",
            "Under review",
            "",
            "",
            "",
            "",
            "",
            "",
            "0",
            "FALSE",
        ],
        [
            str(known.d.pk),
            "Dee Ray",
            "dee@example.org",
            "Professional development",
            "-2",
            "$300.00",
            "",
            "Withdrawn",
            "",
            "",
            "",
            "",
            "",
            "",
            "0",
            "FALSE",
        ],
    ]


def test_libreoffice_reads_the_post_award_sheets_review_columns_and_the_cut_marker(tmp_path):
    post = build_post_award_cycle()
    kim_on_a = Review.objects.get(
        assignment__application=post.a, assignment__reviewer=post.known.kim
    )
    Review.objects.filter(pk=kim_on_a.pk).update(
        recommendation=Recommendation.FUND, overall_comment="=Fund it"
    )
    long_note = "Note " + "x" * 40000
    Application.objects.filter(pk=post.a.pk).update(decision_note=long_note)
    xlsx = tmp_path / "cycle.xlsx"
    with xlsx.open("wb") as out:
        write_cycle_workbook(post.cycle, out)

    sheets = convert_every_sheet(xlsx, tmp_path / "out", tmp_path / "profile")

    assert set(sheets) == {
        "Decisions",
        "Reviews",
        "Criteria",
        "Reviewers",
        "Budget",
        "Awards",
        "Payments",
        "Reports",
    }
    decisions = {row[0]: row for row in sheets["Decisions"][1:]}
    a_row = decisions[str(post.a.pk)]
    assert a_row[7] == "Accepted"
    assert a_row[16:] == ["1", "0", "0"]  # Kim recommends funding A
    # The long decision note: cut, shown as text, ending with the visible marker.
    assert a_row[8].startswith("Note xxx")
    assert a_row[8].endswith("[cut: full text in the CSV and the app]")
    assert len(a_row[8]) == 32767

    reviews = sheets["Reviews"]
    assert reviews[0][7:] == ["Recommendation", "Overall comment"]
    assert reviews[1][1] == "Kim Reviewer" and reviews[1][7:] == ["Fund", "=Fund it"]

    assert sheets["Awards"][0][:4] == [
        "Application id",
        "Grantee",
        "Title",
        "Amount requested (USD)",
    ]
    assert sheets["Awards"][1:] == [
        [
            str(post.a.pk),
            "Ana Lima",
            HYPERLINK,
            "$1,200.00",
            "$1,000.00",
            "Accepted",
            "2026-03-10 10:00",
            "Accepted",
            "2026-03-12 09:00",
            "",
            "TRUE",
            "Ana Lima",
            "$400.00",
            "$600.00",
            "Partly paid",
            "1",
        ],
        [
            str(post.e.pk),
            "Eve Next",
            "Open offer",
            "$500.00",
            "$450.00",
            "Awarded",
            "2026-03-20 12:00",
            "",
            "",
            "",
            "FALSE",
            "",
            "$0.00",
            "",
            "",
            "0",
        ],
        [
            str(post.f.pk),
            "Fay Gone",
            "=Declined",
            "$300.00",
            "$300.00",
            "Award declined",
            "2026-03-10 10:00",
            "Declined",
            "2026-03-15 10:00",
            "=Moved away",
            "FALSE",
            "",
            "$0.00",
            "",
            "",
            "0",
        ],
        [
            str(post.g.pk),
            "Gus Late",
            "Rescinded",
            "$250.00",
            "$250.00",
            "Rescinded",
            "2026-03-10 10:00",
            "",
            "",
            "",
            "FALSE",
            "",
            "$0.00",
            "",
            "",
            "0",
        ],
    ]
    assert sheets["Payments"][1:] == [
        [
            "Spring 2026",
            str(post.a.pk),
            HYPERLINK,
            "Ana Lima",
            "$1,000.00",
            "USD",
            "2026-04-01",
            "$400.00",
            "Check",
            "+1042",
            "@first instalment",
            "Tess Treasurer",
            "2026-04-01 14:30",
        ],
    ]
    assert sheets["Reports"][0][9:] == [
        "People served",
        "Sessions given",
        "Hours of oncology massage",
        "Course or certification completed",
    ]
    assert sheets["Reports"][1:] == [
        [
            str(post.a.pk),
            "Ana Lima",
            HYPERLINK,
            "Final report",
            "Final report",
            "Accepted",
            "2026-09-30",
            "2026-09-01 08:00",
            "2026-09-03 08:00",
            "30",
            "40",
            "45.5",
            "TRUE",
        ],
    ]
