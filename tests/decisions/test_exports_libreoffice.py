"""The workbook opens in LibreOffice Calc and shows the values a person expects.

LibreOffice converts the .xlsx headless to CSV "as shown" (its filter option 9), so the
money and date formats are checked too, and a title such as =HYPERLINK(...) must come
out as its text, not as the formula's result.
"""

import csv
import shutil
import subprocess

import pytest

from decisions.exports import write_cycle_workbook
from tests.decisions.desk_data import HYPERLINK, build_known_cycle

SOFFICE = shutil.which("soffice")
# Comma, double quote, UTF-8 (76), from line 1, ..., save cell contents as shown.
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        SOFFICE is None,
        reason="LibreOffice is not installed (apt-get install -y libreoffice-calc-nogui)",
    ),
]


def convert_to_csv(xlsx, outdir, profile):
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            CSV_FILTER,
            "--outdir",
            str(outdir),
            str(xlsx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    with (outdir / (xlsx.stem + ".csv")).open(encoding="utf-8", newline="") as converted:
        return list(csv.reader(converted))


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
    assert rows[1:] == [
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
