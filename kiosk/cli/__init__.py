"""The `kiosk` command line: `kiosk [--db URL] [--event PATH] COMMAND [...] [--json]`."""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence

# The start-up imports make some hundred thousand objects that live as long as the process;
# the cyclic collector, run over and over while they are being made, took a seventh of a
# command's start. So it waits until they are made, and then leaves them out of its scans.
gc.disable()
try:
    from kiosk.cli import badges, core, hub, organiser, privacy, transfer
    from kiosk.cli.app import Exit, run
finally:
    gc.freeze()
    gc.enable()

COMMAND_GROUPS = (
    core.add_parsers,
    badges.add_parsers,
    transfer.add_parsers,
    privacy.add_parsers,
    organiser.add_parsers,
    hub.add_parsers,
)

__all__ = ["Exit", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    return run(argv, COMMAND_GROUPS)


if __name__ == "__main__":
    sys.exit(main())
