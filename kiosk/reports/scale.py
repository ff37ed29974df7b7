"""Round steps for the charts' scales, shared by the PDF and the summary window."""

from __future__ import annotations

import math


def nice_step(top: float, ticks: int = 5) -> int:
    """A round step (1, 2, 5, 10, 20, 50, …) giving about `ticks` ticks up to `top`."""
    raw = max(top / ticks, 1)
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return int(factor * power)
    return int(10 * power)  # pragma: no cover - the loop always returns
