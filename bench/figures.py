"""Small helpers the benchmarks share: percentiles as every figure of BENCHMARKS.md takes them."""

from __future__ import annotations

import statistics
from collections.abc import Sequence


def percentile(samples: Sequence[float], fraction: float) -> float:
    """The sample at this fraction of the sorted samples (nearest rank, no interpolation)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summary(prefix: str, samples: Sequence[float]) -> dict[str, float]:
    """`{prefix}_p50_ms`, `_p95_ms`, `_p99_ms` and `_max_ms` of samples in milliseconds."""
    return {
        f"{prefix}_p50_ms": statistics.median(samples),
        f"{prefix}_p95_ms": percentile(samples, 0.95),
        f"{prefix}_p99_ms": percentile(samples, 0.99),
        f"{prefix}_max_ms": max(samples),
    }
