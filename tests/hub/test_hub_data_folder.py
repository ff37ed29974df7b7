"""Where the hub keeps its data, as the README says: the user data folder, and under root
/var/lib/kiosk-hub (the desk app's hub too: it runs `kiosk hub start` without --data)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from kiosk.hub import service

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.mark.skipif(sys.platform == "win32", reason="no root on Windows")
def test_under_root_the_hub_keeps_its_data_where_the_readme_says(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    folder = service.default_data_folder()
    assert folder == Path("/var/lib/kiosk-hub")
    text = " ".join(README.read_text(encoding="utf-8").split())
    assert f"data in `{folder}`" in text
    assert "the desk app started as root" in text
