"""The core is importable and usable where Qt does not exist."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import importlib, pkgutil, sys

class NoQt:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6"):
            raise ImportError("Qt is not allowed in the core: " + name)
        return None

sys.meta_path.insert(0, NoQt())
import kiosk
for module in pkgutil.walk_packages(kiosk.__path__, "kiosk."):
    if module.name != "kiosk.__main__":
        importlib.import_module(module.name)
print("ok", len([m for m in sys.modules if m.startswith("kiosk")]))
"""


def test_every_core_module_imports_with_qt_forbidden() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok")
