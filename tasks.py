#!/usr/bin/env python3
"""Bootstrap for a fresh clone: needs only Python 3.11+.

    python3 tasks.py start [ARGS...]   install the app into .venv and start it (ARGS: main.py's)
    python3 tasks.py test  [ARGS...]   install it with the test tools and run lint, types, tests
    python3 tasks.py kiosk [ARGS...]   install into .venv and run the `kiosk` command

The virtual environment is made next to this file and reinstalled only when pyproject.toml
changes, so the second start is quick.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed"


def venv_python() -> Path:
    scripts = "Scripts" if os.name == "nt" else "bin"
    return VENV / scripts / ("python.exe" if os.name == "nt" else "python")


def run(*cmd: str | Path, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    result = subprocess.run([str(c) for c in cmd], cwd=ROOT, env=env)
    if result.returncode != 0:
        sys.exit(result.returncode)


def ensure_installed(*, with_tests: bool) -> Path:
    """The virtual environment with the app (and, for the tests, the test tools), installed
    again only when pyproject.toml changed or the tools are wanted for the first time."""
    python = venv_python()
    if not python.exists():
        print(f"Creating a virtual environment in {VENV} …", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    stamp = STAMP.read_text().split() if STAMP.exists() else []
    current = stamp[:1] == [wanted]
    has_tests = current and "test" in stamp[1:]
    if not current or (with_tests and not has_tests):
        quiet = ["--quiet"] if os.environ.get("CI") else []
        target = ".[test]" if with_tests or has_tests else "."
        run(python, "-m", "pip", "install", *quiet, "--upgrade", "pip")
        run(python, "-m", "pip", "install", *quiet, "--editable", target)
        STAMP.write_text(" ".join([wanted, *(["test"] if target == ".[test]" else [])]))
    return python


def test(python: Path, args: list[str]) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONDONTWRITEBYTECODE": "1"}
    run(python, "-m", "ruff", "check", ".", env=env)
    run(python, "-m", "ruff", "format", "--check", ".", env=env)
    run(python, "-m", "mypy", env=env)
    run(
        python.parent / ("lint-imports.exe" if os.name == "nt" else "lint-imports"), env=env
    )  # the core never imports Qt
    run(python, "-m", "pytest", *args, env=env)


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in {"start", "test", "kiosk"}:
        print(__doc__)
        sys.exit(2)
    command, args = sys.argv[1], sys.argv[2:]
    python = ensure_installed(with_tests=command == "test")
    if command == "start":
        os.chdir(ROOT)
        sys.exit(subprocess.call([str(python), "main.py", *args]))
    if command == "kiosk":
        sys.exit(subprocess.call([str(python), "-m", "kiosk", *args]))
    test(python, args)


if __name__ == "__main__":
    main()
