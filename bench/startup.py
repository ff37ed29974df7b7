"""Start-up and memory of the desk app: `python main.py` as a process of its own, offscreen,
until the window is shown and the event loop idle (`--quit-after-ms 0`: the window closes as
soon as it gets there, after the figures at the bottom have loaded), and its peak memory."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def desk_environment(home: Path) -> dict[str, str]:
    """Offscreen Qt, and a home of its own: no settings of whoever runs the benchmark."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KIOSK_", "XDG_"))}
    env.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
    )
    # As installed: compiled modules are cached after the first start (the test runner
    # turns that off for itself).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_child(command: list[str], env: dict[str, str], timeout: float = 300) -> tuple[float, float]:
    """Wall seconds and peak resident megabytes of one command, measured by bench.measure."""
    with tempfile.TemporaryFile() as errors:
        done = subprocess.run(
            [sys.executable, "-m", "bench.measure", *command],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=errors,
            timeout=timeout,
            check=False,
        )
        figures = json.loads(done.stdout.decode().strip().splitlines()[-1]) if done.stdout else {}
        if done.returncode != 0 or figures.get("exit") != 0:
            errors.seek(0)
            text = errors.read().decode(errors="replace")[-2000:]
            raise RuntimeError(f"{' '.join(command)} failed: {text}")
    return float(figures["seconds"]), float(figures["rss_mb"])


def measure(database: Path, *, repeat: int) -> dict[str, float]:
    """Median start-up time and the largest peak memory over `repeat` starts."""
    with tempfile.TemporaryDirectory(prefix="bench-home-") as home:
        env = desk_environment(Path(home))
        command = [sys.executable, "main.py", "--db", str(database), "--quit-after-ms", "0"]
        run_child(command, env)  # the first start compiles and caches the modules
        runs = [run_child(command, env) for _ in range(repeat)]
    return {
        "seconds": statistics.median(s for s, _ in runs),
        "best_seconds": min(s for s, _ in runs),
        "rss_mb": max(mb for _, mb in runs),
    }
