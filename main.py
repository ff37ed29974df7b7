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
# Every core module the window's modules import, and SQLite's dialect, which the engine loads
# (48 ms of imports after Qt were 20 ms before it; tests/ui/test_startup.py keeps the list whole).
import sqlalchemy.dialects.sqlite  # noqa: E402, F401

import kiosk.hub.desks  # noqa: E402
import kiosk.hub.live  # noqa: E402
import kiosk.logs  # noqa: E402
import kiosk.offline.clock  # noqa: E402
import kiosk.profile  # noqa: E402
import kiosk.services.batch  # noqa: E402
import kiosk.services.checkin  # noqa: E402
import kiosk.services.demo  # noqa: E402
import kiosk.services.duplicates  # noqa: E402
import kiosk.services.merging  # noqa: E402
import kiosk.services.printing  # noqa: E402
import kiosk.services.privacy  # noqa: E402
import kiosk.services.registration  # noqa: E402
import kiosk.services.reporting  # noqa: E402
import kiosk.services.selfservice  # noqa: E402
import kiosk.services.stats  # noqa: E402
import kiosk.services.summary  # noqa: E402, F401
from ui.app import run  # noqa: E402

gc.freeze()
gc.enable()

if __name__ == "__main__":
    sys.exit(run())
