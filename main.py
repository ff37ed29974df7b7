"""The desk app: `python main.py [--db URL] [--event PATH] [--desk NAME] [--printer NAME]`.

Wiring only: the arguments, the event file and database, the services and the Qt window.
"""

from __future__ import annotations

import gc
import sys

# The desk's modules make some hundred thousand objects that live as long as it runs; the
# cyclic collector, run over and over while they load, took a tenth of the start. It waits
# until they are loaded and leaves them out of its scans from then on (and then runs on the
# GUI thread only, ui.common.collector).
gc.disable()
# The Qt-free core before Qt: once PySide6 is loaded it reads the source of every module
# imported after it (looking for its `__feature__` switches), and SQLAlchemy has hundreds.
# Every core module the window's modules import, SQLite's dialect, which the engine loads, and
# `statistics`, which the scanner uses (48 ms of imports after Qt were 20 ms before it;
# tests/ui/test_startup.py keeps the list whole). What the desk does less often than a scan is
# not here: it is imported where it is first done.
import statistics  # noqa: E402, F401

import sqlalchemy.dialects.sqlite  # noqa: E402
import sqlalchemy.orm  # noqa: E402

import kiosk.hub.desks  # noqa: E402
import kiosk.hub.live  # noqa: E402
import kiosk.logs  # noqa: E402
import kiosk.offline.clock  # noqa: E402
import kiosk.profile  # noqa: E402
import kiosk.services.checkin  # noqa: E402
import kiosk.services.printing  # noqa: E402
import kiosk.services.privacy  # noqa: E402
import kiosk.services.selfservice  # noqa: E402
import kiosk.services.staging  # noqa: E402
import kiosk.services.stats  # noqa: E402, F401
from ui.app import run  # noqa: E402

# The ORM's mappers are put together now, while nothing else runs, not by the first read of
# the figures in a worker thread, where it held Python's lock against the window's first
# paint (which then took twice as long).
sqlalchemy.orm.configure_mappers()

gc.freeze()
gc.enable()

if __name__ == "__main__":
    sys.exit(run())
