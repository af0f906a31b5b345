"""`python -m bench.desk` runs on a seeded scale cycle (a smoke test: it measures nothing
here; the numbers are made by `make bench`, docs/performance.md). It caught the bench
still asking for the desk's old URL names after the desk moved to decisions/."""

import json

import pytest

from demo.seeding.scale import ScaleSpec, build_scale_cycle
from reviews import application_totals

pytestmark = pytest.mark.django_db


def test_the_desk_bench_runs_and_its_floor_equals_the_ranking(capsys):
    from bench import desk

    build_scale_cycle(ScaleSpec(applications=80, reviewers=6, criteria=3, cycle_slug="tiny"))
    assert application_totals.drift() == []  # seeding sums the totals too
    desk.main(["--cycle", "tiny", "--rounds", "1", "--warmup", "0", "--check"])
    result = json.loads(capsys.readouterr().out)
    assert result["applications"] == 80
    assert set(result["median_ms"]) == {"desk_page_1", "floor_sql", "desk_application_panel"}
    assert result["floor_equals_rank_cycle_top_50"] is True
