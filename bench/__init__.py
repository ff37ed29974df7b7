"""Benchmarks: run by hand (`python -m bench`, `python -m bench.badges`), never as timed tests."""

from __future__ import annotations

from typing import Any


def run(quick: bool = False, **options: Any) -> dict[str, Any]:
    """All figures (bench.suite.run), imported only when asked for: `python -m bench.badges`
    need not load the rest."""
    from bench.suite import run as run_all

    return run_all(quick, **options)
