"""`python -m bench [--quick] [--json FILE]`: every speed figure and its baseline (bench.suite)."""

from __future__ import annotations

import sys

from bench.suite import command_line

sys.exit(command_line())
