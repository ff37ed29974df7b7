"""Runs a command and prints its wall time and peak memory as JSON, as a small process of its own.

    python -m bench.measure COMMAND [ARGS…]

Linux keeps a process's peak resident size across fork and exec, so a child started straight
from the benchmark (which holds 100 000 attendees) would report the benchmark's size; started
from this small process, the peak is the command's own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time


def main() -> None:
    start = time.perf_counter()
    child = subprocess.Popen(sys.argv[1:])
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    # ru_maxrss is in kilobytes on Linux, in bytes on macOS.
    megabytes = usage.ru_maxrss / (2**20 if sys.platform == "darwin" else 1024)
    code = os.waitstatus_to_exitcode(status)
    print(json.dumps({"seconds": seconds, "rss_mb": megabytes, "exit": code}))


if __name__ == "__main__":
    main()
