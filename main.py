"""The desk app: `python main.py [--db URL] [--event PATH] [--desk NAME] [--printer NAME]`.

Wiring only: the arguments, the event file and database, the services and the Qt window.
"""

from __future__ import annotations

import sys

from ui.app import run

if __name__ == "__main__":
    sys.exit(run())
