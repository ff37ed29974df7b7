"""The benchmarks run (a smoke test: no test asserts a time)."""

from __future__ import annotations

from bench import badges, importing


def test_badge_benchmark_runs_and_reports_its_figures() -> None:
    result = badges.run(quick=True)
    assert set(result) >= {"badge_ms", "badges_per_s", "batch_mb", "badge_speedup"}
    assert result["batch_size"] == 50


def test_import_benchmark_runs_and_imports_every_row() -> None:
    result = importing.run(rows=200, repeat=1)
    assert result["import_added"] >= 198  # a random phone may be one no operator issued
