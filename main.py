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
import kiosk.services.checkin  # noqa: E402
import kiosk.services.printing  # noqa: E402
import kiosk.services.registration  # noqa: E402
import kiosk.services.stats  # noqa: E402, F401
from ui.app import run  # noqa: E402

gc.freeze()
gc.enable()

if __name__ == "__main__":
    sys.exit(run())
