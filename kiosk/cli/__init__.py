"""The `kiosk` command line: `kiosk [--db URL] [--event PATH] COMMAND [...] [--json]`."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from kiosk.cli import badges, core, organiser, privacy, transfer
from kiosk.cli.app import Exit, run

COMMAND_GROUPS = (
    core.add_parsers,
    badges.add_parsers,
    transfer.add_parsers,
    privacy.add_parsers,
    organiser.add_parsers,
)

__all__ = ["Exit", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    return run(argv, COMMAND_GROUPS)


if __name__ == "__main__":
    sys.exit(main())
