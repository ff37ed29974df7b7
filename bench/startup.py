"""Start-up and memory of the desk app: `python main.py` as a process of its own, offscreen,
until the window is shown and the event loop idle (`--quit-after-ms 0`: the window closes as
soon as it gets there, after the figures at the bottom have loaded), and its peak memory.

Floors, started in turns with ours (bench.bare): a bare PySide6 window of the same size shown
and idle in a process that has also imported SQLAlchemy (start-up); the same window holding
the database's attendees as tuples (memory). And the `kiosk` command (`kiosk show CODE`,
`kiosk checkin CODE`) beside its floor, `python -c "import sqlalchemy.orm, sqlite3"`.
"""

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


def in_turns(
    commands: dict[str, list[str]], env: dict[str, str], repeat: int
) -> dict[str, list[tuple[float, float]]]:
    """Each command once to warm up (compiled modules cached), then `repeat` rounds of all of
    them in turns: a busy moment of a shared machine falls on each alike."""
    for command in commands.values():
        run_child(command, env)
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _round in range(repeat):
        for name, command in commands.items():
            runs[name].append(run_child(command, env))
    return runs


def measure(database: Path, *, repeat: int, floor: bool = False) -> dict[str, float]:
    """Median start-up time and the largest peak memory over `repeat` starts; with `floor`,
    also the bare window's (`floor_…`) started in turns."""
    commands = {"ours": [sys.executable, "main.py", "--db", str(database), "--quit-after-ms", "0"]}
    if floor:
        commands["floor"] = [sys.executable, "-m", "bench.bare", "--sqlalchemy"]
    with tempfile.TemporaryDirectory(prefix="bench-home-") as home:
        runs = in_turns(commands, desk_environment(Path(home)), repeat)
    result: dict[str, float] = {}
    for name, samples in runs.items():
        prefix = "" if name == "ours" else f"{name}_"
        result[f"{prefix}seconds"] = statistics.median(s for s, _ in samples)
        result[f"{prefix}best_seconds"] = min(s for s, _ in samples)
        result[f"{prefix}rss_mb"] = max(mb for _, mb in samples)
    return result


def memory_floor(database: Path, *, repeat: int = 2) -> float:
    """Peak megabytes of the bare window holding the database's attendees as tuples."""
    command = [sys.executable, "-m", "bench.bare", "--rows", str(database)]
    with tempfile.TemporaryDirectory(prefix="bench-home-") as home:
        env = desk_environment(Path(home))
        return max(run_child(command, env)[1] for _ in range(repeat))


def cli(database: Path, code: str, checkin_codes: list[str], at: str) -> dict[str, float]:
    """Median wall seconds of `kiosk show CODE`, `kiosk checkin CODE` (each a new person,
    checked in at `at`) and the floor, started in turns, `len(checkin_codes) - 1` rounds."""
    kiosk = [sys.executable, "-m", "kiosk", "--db", str(database)]
    floor = [sys.executable, "-c", "import sqlalchemy.orm, sqlite3"]
    times: dict[str, list[float]] = {"show": [], "checkin": [], "floor": []}
    with tempfile.TemporaryDirectory(prefix="bench-home-") as home:
        env = desk_environment(Path(home))
        for number, person in enumerate(checkin_codes):
            runs = {
                "show": [*kiosk, "show", code],
                "checkin": [*kiosk, "checkin", person, "--at", at],
                "floor": floor,
            }
            for name, command in runs.items():
                seconds, _mb = run_child(command, env)
                if number:  # the first round compiles and caches the modules
                    times[name].append(seconds)
    result = {f"cli_{name}_s": statistics.median(samples) for name, samples in times.items()}
    result["cli_floor_ratio"] = (
        max(result["cli_show_s"], result["cli_checkin_s"]) / result["cli_floor_s"]
    )
    return result
